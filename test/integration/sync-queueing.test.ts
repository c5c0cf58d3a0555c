import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ChannelAccount, ChannelType, ConnectionState, ProviderCredential, SyncJob, SyncScope, SyncStatus, SyncTrigger, User } from '../../src/domain/index.js';
import { agendaQueue } from '../../src/jobs/agenda-queue.js';
import { createAgenda } from '../../src/jobs/agenda.js';
import { forUser } from '../../src/db/tenant-filter.js';
import { createEventBus } from '../../src/events/event-bus.js';
import { createLogger } from '../../src/logger.js';
import { CredentialService } from '../../src/services/credential-service.js';
import { newKeyEntry, parseKeyring } from '../../src/services/credential-vault.js';
import { SYNC_HANDLERS } from '../../src/services/sync/handlers/index.js';
import { SyncLifecycle } from '../../src/services/sync/lifecycle.js';
import { isolatedTestOrm } from '../support/database.js';
import { testConfig } from '../support/env.js';

/**
 * Queueing a sync, on real PostgreSQL with a job queue the test controls: a sync that could
 * not be queued does not hold the account's one active slot, and the schedule leaves alone
 * the accounts whose credentials the provider refused.
 */
describe('queueing syncs', () => {
  let orm: MikroORM;
  let drop: () => Promise<void>;
  const queued: string[] = [];
  let queueDown = false;
  let engine: SyncLifecycle;

  const sealed = () => ({ keyId: 'k1', nonce: Buffer.alloc(12), ciphertext: Buffer.from('x'), authTag: Buffer.alloc(16) });
  async function sellerWithFlipkart(state: ConnectionState): Promise<{ userId: string; accountId: string }> {
    const em = orm.em.fork();
    const user = em.create(User, { subject: `queueing-${randomUUID()}` });
    const account = em.create(ChannelAccount, {
      user,
      providerId: 'flipkart',
      channelType: ChannelType.FLIPKART,
      externalId: `fk-${randomUUID()}`,
      displayName: 'Flipkart',
    });
    em.create(ProviderCredential, { user, providerId: 'flipkart', channelAccount: account, secret: sealed(), state });
    await em.flush();
    return { userId: user.id, accountId: account.id };
  }
  const jobsOf = (userId: string) => forUser(orm.em, userId).find(SyncJob, {}, { orderBy: { queuedAt: 'asc' } });

  beforeAll(async () => {
    ({ orm, drop } = await isolatedTestOrm('queueing'));
    engine = new SyncLifecycle({
      orm,
      queue: {
        add: async ({ jobId }) => {
          if (queueDown) throw new Error('the job queue is unreachable');
          queued.push(jobId);
        },
      },
      credentials: new CredentialService(parseKeyring(newKeyEntry('k1'))),
      events: createEventBus().pubsub,
      config: testConfig(),
      log: createLogger({ level: 'silent', pretty: false }),
      handlers: SYNC_HANDLERS,
    });
  });
  afterAll(() => drop());
  beforeEach(() => {
    queued.length = 0;
    queueDown = false;
  });

  it('fails a sync it could not queue, so that the next one is queued', async () => {
    const { userId } = await sellerWithFlipkart(ConnectionState.CONNECTED);
    queueDown = true;
    await expect(engine.enqueue(forUser(orm.em, userId), userId, 'flipkart', { trigger: SyncTrigger.MANUAL })).rejects.toThrow('the job queue is unreachable');
    expect((await jobsOf(userId)).map((j) => [j.status, j.error])).toEqual([[SyncStatus.FAILED, 'Sutra could not queue this sync; start it again']]);

    queueDown = false;
    const next = await engine.enqueue(forUser(orm.em, userId), userId, 'flipkart', { trigger: SyncTrigger.MANUAL });
    expect(next.status).toBe(SyncStatus.QUEUED);
    expect(queued).toEqual([next.id]);
  });

  it('schedules no sync for an account whose credentials wait for the seller to reconnect', async () => {
    const ok = await sellerWithFlipkart(ConnectionState.CONNECTED);
    const refused = await sellerWithFlipkart(ConnectionState.NEEDS_REAUTH);
    await engine.enqueueScheduled(await engine.accountsToSync(orm.em.fork(), 'orders'));
    expect((await jobsOf(refused.userId)).length).toBe(0);
    const [job] = await jobsOf(ok.userId);
    expect(job).toMatchObject({ status: SyncStatus.QUEUED, trigger: SyncTrigger.SCHEDULED });
    expect(queued).toContain(job!.id);
  });

  it('queues again a sync left QUEUED for long (its queueing lost with a crash), and a fresh one not', async () => {
    const { userId, accountId } = await sellerWithFlipkart(ConnectionState.CONNECTED);
    const em = forUser(orm.em, userId);
    const lost = em.create(SyncJob, {
      user: userId,
      providerId: 'flipkart',
      channelAccount: accountId,
      scope: SyncScope.ORDERS,
      trigger: SyncTrigger.MANUAL,
      queuedAt: new Date(Date.now() - 20 * 60_000),
    });
    await em.flush();
    expect((await engine.enqueue(forUser(orm.em, userId), userId, 'flipkart', { trigger: SyncTrigger.SCHEDULED })).id).toBe(lost.id);
    expect(queued).toEqual([lost.id]);

    queued.length = 0;
    await forUser(orm.em, userId).nativeUpdate(SyncJob, { id: lost.id }, { queuedAt: new Date() });
    expect((await engine.enqueue(forUser(orm.em, userId), userId, 'flipkart', { trigger: SyncTrigger.SCHEDULED })).id).toBe(lost.id);
    expect(queued).toEqual([]);
  });
});

describe('the job queue on Agenda', () => {
  it('holds one job per sync however often it is added, so adding again is safe', async () => {
    const { orm: own, drop: dropOwn } = await isolatedTestOrm('agenda_queue');
    const url = own.config.get('clientUrl')!;
    const scheduler = await createAgenda({ databaseUrl: url, embedded: false, name: 'queue-test', log: createLogger({ level: 'silent', pretty: false }) });
    try {
      await scheduler.agenda.ready;
      const queue = agendaQueue<{ jobId: string }, 'jobId'>(scheduler.agenda, 'unique-test', 'jobId');
      const [a, b] = [randomUUID(), randomUUID()];
      await Promise.all([queue.add({ jobId: a }), queue.add({ jobId: b })]);
      await queue.add({ jobId: a });
      await queue.add({ jobId: a });
      const rows = await own.em
        .getConnection()
        .execute<Array<{ id: string }>>(`select data->>'jobId' as id from agenda_jobs where name = 'unique-test' order by 1`);
      expect(rows.map((r) => r.id)).toEqual([a, b].sort());
    } finally {
      await scheduler.close({ processing: false, drainMs: 0 });
      await dropOwn();
    }
  });
});
