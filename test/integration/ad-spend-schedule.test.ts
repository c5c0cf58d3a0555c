import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { jest } from '@jest/globals';
import pg from 'pg';
import { ChannelAccount, ChannelType, ConnectionState, ProviderCredential, SyncJob, User } from '../../src/domain/index.js';
import { forUser } from '../../src/db/tenant-filter.js';
import { createEventBus } from '../../src/events/event-bus.js';
import { AD_SPEND_SCHEDULE, scheduleAdSpendSync } from '../../src/jobs/ad-spend-schedule.job.js';
import { createAgenda, type Scheduler } from '../../src/jobs/agenda.js';
import { createLogger } from '../../src/logger.js';
import { addDays, dayIn } from '../../src/services/calendar-days.js';
import { CredentialService } from '../../src/services/credential-service.js';
import { newKeyEntry, parseKeyring } from '../../src/services/credential-vault.js';
import { SYNC_HANDLERS } from '../../src/services/sync/handlers/index.js';
import { SyncLifecycle } from '../../src/services/sync/lifecycle.js';
import { createOwnDatabase } from '../support/database.js';
import { testConfig } from '../support/env.js';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '../../src/db/orm-options.js';
import { migrate } from '../../src/db/migrate.js';

/**
 * The nightly ad spend sync: one Agenda job, cron 30 0 * * * in Asia/Kolkata, however many
 * workers register it; each night it runs once, queueing one sync per connected ad account
 * for the day before and the platform's restatement window, and none for other accounts.
 */
describe('the nightly ad spend schedule', () => {
  const log = createLogger({ level: 'silent', pretty: false });
  let url: string;
  let drop: () => Promise<void>;
  let orm: MikroORM;
  const workers: Scheduler[] = [];
  let lifecycle: SyncLifecycle;

  beforeAll(async () => {
    const db = await createOwnDatabase('adschedule');
    url = db.url;
    drop = db.drop;
    orm = await MikroORM.init(ormOptions({ url, poolMax: 3 }));
    await migrate(orm, log);
    lifecycle = new SyncLifecycle({
      orm,
      queue: { add: async () => undefined },
      credentials: new CredentialService(parseKeyring(newKeyEntry('k1'))),
      events: createEventBus().pubsub,
      config: testConfig({ DATABASE_URL: url }),
      log,
      handlers: SYNC_HANDLERS,
    });
  });
  afterAll(async () => {
    for (const w of workers) await w.close({ processing: true, drainMs: 2_000 });
    await orm.close();
    await drop();
  });

  async function seller(): Promise<string> {
    const em = orm.em.fork();
    const user = em.create(User, { subject: `ads-${randomUUID()}` });
    const sealed = { keyId: 'k1', nonce: Buffer.alloc(12), ciphertext: Buffer.from('x'), authTag: Buffer.alloc(16) };
    const accounts: Array<[string, string, ChannelType | undefined]> = [
      ['meta_ads', 'act_1234567890', undefined],
      ['meta_ads', 'act_2234567890', undefined],
      ['google_ads', '1234567890', undefined],
      ['flipkart', 'fk-seller', ChannelType.FLIPKART],
    ];
    for (const [providerId, externalId, channelType] of accounts) {
      const account = em.create(ChannelAccount, { user, providerId, channelType, externalId, displayName: externalId });
      em.create(ProviderCredential, { user, providerId, channelAccount: account, secret: sealed, state: ConnectionState.CONNECTED });
    }
    await em.flush();
    return user.id;
  }

  it('is one job at 00:30 India time that runs once with two workers, syncing each ad account for yesterday and its restatement window', async () => {
    const userId = await seller();
    const enqueued = jest.spyOn(lifecycle, 'enqueueScheduled');
    for (const name of ['worker-a', 'worker-b']) {
      const worker = await createAgenda({ databaseUrl: url, embedded: false, name, lockLifetimeMs: 10_000, log });
      await worker.agenda.ready;
      await scheduleAdSpendSync(worker.agenda, orm, lifecycle, {}, log);
      workers.push(worker);
    }
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const { rows } = await admin.query<{ repeat_interval: string; repeat_timezone: string; next_run_at: Date }>(
        `select repeat_interval, repeat_timezone, next_run_at from agenda_jobs where name = $1`,
        [AD_SPEND_SCHEDULE],
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ repeat_interval: '30 0 * * *', repeat_timezone: 'Asia/Kolkata' });
      // 00:30 in India is 19:00 UTC the day before.
      expect(new Date(rows[0]!.next_run_at).toISOString().slice(11, 19)).toBe('19:00:00');

      // It is 00:30 in India: the job is due, and both workers look for due jobs.
      await admin.query(`update agenda_jobs set next_run_at = now() - interval '1 second' where name = $1`, [AD_SPEND_SCHEDULE]);
      for (const w of workers) await w.agenda.start();
      const jobs = () => forUser(orm.em.fork(), userId).find(SyncJob, {}, { orderBy: { providerId: 'asc' } });
      for (let t = 0; t < 150 && (await jobs()).length < 3; t++) await sleep(100);
      // Both workers poll again (every 5 s) before the answer is read: a second run would show by then.
      await sleep(6_000);
      expect(enqueued).toHaveBeenCalledTimes(1);

      const yesterday = addDays(dayIn('Asia/Kolkata'), -1);
      const queued = (await jobs()).map((j) => ({ providerId: j.providerId, scope: j.scope, trigger: j.trigger, from: j.dayFrom, to: j.dayTo }));
      expect(queued).toEqual([
        { providerId: 'google_ads', scope: 'AD_SPEND', trigger: 'SCHEDULED', from: addDays(yesterday, -30), to: yesterday },
        { providerId: 'meta_ads', scope: 'AD_SPEND', trigger: 'SCHEDULED', from: addDays(yesterday, -28), to: yesterday },
        { providerId: 'meta_ads', scope: 'AD_SPEND', trigger: 'SCHEDULED', from: addDays(yesterday, -28), to: yesterday },
      ]);
      const after = await admin.query<{ next_run_at: Date }>(`select next_run_at from agenda_jobs where name = $1`, [AD_SPEND_SCHEDULE]);
      expect(new Date(after.rows[0]!.next_run_at).getTime()).toBeGreaterThan(Date.now());
    } finally {
      await admin.end();
    }
  }, 60_000);
});
