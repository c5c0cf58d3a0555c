import { randomUUID } from 'node:crypto';
import { jest } from '@jest/globals';
import { setImmediate as tick } from 'node:timers/promises';
import { sql } from 'kysely';
import type { MikroORM } from '@mikro-orm/postgresql';
import { forUser } from '../../src/db/tenant-filter.js';
import { ChannelAccount, ChannelType, ConnectionState, ProviderCredential, SyncJob, SyncScope, SyncStatus, SyncTrigger, User } from '../../src/domain/index.js';
import { NotImplementedError, ProviderError } from '../../src/domain/errors.js';
import { createEventBus, Topics, type SyncProgressPayload } from '../../src/events/event-bus.js';
import { createLogger } from '../../src/logger.js';
import { getProviderModule } from '../../src/providers/registry.js';
import type { SyncSession } from '../../src/providers/types.js';
import { CredentialService } from '../../src/services/credential-service.js';
import { newKeyEntry, parseKeyring } from '../../src/services/credential-vault.js';
import { PushIntake } from '../../src/services/push-intake.js';
import { RetryableSyncError } from '../../src/services/sync/errors.js';
import type { SyncHandler, SyncPage } from '../../src/services/sync/handler.js';
import { SYNC_HANDLERS } from '../../src/services/sync/handlers/index.js';
import { SyncLifecycle, type SyncLifecycleDeps } from '../../src/services/sync/lifecycle.js';
import { isolatedTestOrm } from '../support/database.js';
import { testConfig } from '../support/env.js';

/** A page of the kind this test adds: some days of an ad account's spend. */
interface SpendDays extends SyncPage {
  days: Array<{ date: string; spend: string }>;
}

const PAGES = 5;
const DAYS_PER_PAGE = 2;
const DAYS = PAGES * DAYS_PER_PAGE;
/** Day n's spend, in rupees: 1,000.01 more each day, so a lost or doubled day shows in the sum. */
const spendOf = (n: number) => (1000 + n * 1000.01).toFixed(2);
const dayOf = (n: number) => new Date(Date.UTC(2026, 10, 1 + n)).toISOString().slice(0, 10);

/** What the test makes the kind's provider and writer do next. */
const script: { failBeforePage?: number; error?: Error; failWritingPage?: number } = {};
/** What the kind saw: the sessions it paged with, and the pages whose effects ran after their commit. */
const sessions: SyncSession[] = [];
const toldAfterCommit: string[] = [];

/**
 * A third kind of work, written here and nowhere else: an ad account's daily spend (Meta Ads),
 * paged from the saved cursor and written into ad_spend_daily. The lifecycle is given it at
 * construction; nothing of the lifecycle knows it.
 */
const spendKind: SyncHandler<SpendDays> = {
  kind: 'test_spend',
  scopes: [SyncScope.AD_SPEND],
  noun: 'days',
  offeredBy: (module) => module.definition.id === 'meta_ads',
  async *pages(_run, session) {
    sessions.push(session);
    for (let page = session.cursor ? Number(session.cursor) + 1 : 0; page < PAGES; page++) {
      if (script.failBeforePage === page) {
        script.failBeforePage = undefined;
        throw script.error!;
      }
      const first = page * DAYS_PER_PAGE;
      const days = Array.from({ length: DAYS_PER_PAGE }, (_, i) => ({ date: dayOf(first + i), spend: spendOf(first + i) }));
      yield { days, cursor: String(page), done: page === PAGES - 1, total: DAYS };
    }
  },
  async write(tx, { target }, page) {
    const { rows } = await sql<{ inserted: boolean }>`
      insert into ad_spend_daily (id, user_id, provider_id, account_id, date, spend, currency, fetched_at)
      select gen_random_uuid(), ${target.userId}::uuid, ${target.providerId}, 'act_1', d.date, d.spend, 'INR', now()
      from unnest(${page.days.map((d) => d.date)}::date[], ${page.days.map((d) => d.spend)}::numeric[]) as d(date, spend)
      on conflict (user_id, provider_id, account_id, date) do update set spend = excluded.spend, fetched_at = now()
      returning (xmax = 0) as inserted`.execute(tx.getKysely());
    if (script.failWritingPage === Number(page.cursor)) {
      script.failWritingPage = undefined;
      // After the page's rows went in: the connection dropped mid-transaction.
      throw Object.assign(new Error('Connection terminated unexpectedly'), { code: 'ECONNRESET' });
    }
    const created = rows.filter((r) => r.inserted).length;
    return { processed: rows.length, created, updated: rows.length - created, afterCommit: () => void toldAfterCommit.push(page.cursor!) };
  },
};

describe('the sync lifecycle, with a kind of work it was handed', () => {
  let orm: MikroORM;
  let drop: () => Promise<void>;
  const queued: string[] = [];
  const bus = createEventBus().pubsub;
  const credentials = new CredentialService(parseKeyring(newKeyEntry('k1')));
  let deps: SyncLifecycleDeps;
  let lifecycle: SyncLifecycle;
  let heartbeats = 0;
  const heartbeat = async () => void heartbeats++;

  async function sellerWithMetaAds(): Promise<{ userId: string; accountId: string }> {
    const em = orm.em.fork();
    const user = em.create(User, { subject: `lifecycle-${randomUUID()}` });
    const account = em.create(ChannelAccount, { user, providerId: 'meta_ads', externalId: 'act_1', displayName: 'Meta Ads' });
    await em.flush();
    await credentials.save(em, {
      userId: user.id,
      providerId: 'meta_ads',
      channelAccountId: account.id,
      fields: { access_token: 'EAAtest', ad_account_id: 'act_1' },
    });
    return { userId: user.id, accountId: account.id };
  }

  /** The seller's progress events, as a subscriber receives them. */
  function progressOf(userId: string): SyncProgressPayload[] {
    const events: SyncProgressPayload[] = [];
    void (async () => {
      for await (const event of bus.subscribe(Topics.SyncProgress, userId)) events.push(event);
    })();
    return events;
  }

  const queue = (userId: string) => lifecycle.enqueue(forUser(orm.em, userId), userId, 'meta_ads', { trigger: SyncTrigger.MANUAL });
  const jobRow = (userId: string, jobId: string) => forUser(orm.em, userId).findOneOrFail(SyncJob, { id: jobId }, { refresh: true });
  const logOf = async (jobId: string) =>
    (
      await orm.em
        .getConnection()
        .execute<Array<{ level: string; message: string }>>('select level, message from sync_logs where job_id = ? order by at, id', [jobId])
    ).map((l) => `${l.level}: ${l.message}`);
  const cursorOf = async (accountId: string) => (await orm.em.fork().findOneOrFail(ChannelAccount, { id: accountId }, { filters: false })).syncCursor;
  const spendRows = async (userId: string) =>
    orm.em
      .getConnection()
      .execute<Array<{ days: number; paise: string }>>(
        `select count(*)::int as days, coalesce(sum(spend * 100), 0)::bigint::text as paise from ad_spend_daily where user_id = ?`,
        [userId],
      )
      .then((r) => ({ days: r[0]!.days, paise: Number(r[0]!.paise) }));
  const allDays = { days: DAYS, paise: Array.from({ length: DAYS }, (_, n) => Math.round(Number(spendOf(n)) * 100)).reduce((a, b) => a + b, 0) };

  beforeAll(async () => {
    ({ orm, drop } = await isolatedTestOrm('lifecycle'));
    deps = {
      orm,
      queue: { add: async ({ jobId }) => void queued.push(jobId) },
      credentials,
      events: bus,
      config: testConfig(),
      log: createLogger({ level: 'silent', pretty: false }),
      // The app's kinds but its ad spend: this test's own kind stands in for it.
      handlers: SYNC_HANDLERS.filter((h) => h.scopes.every((s) => s !== SyncScope.AD_SPEND)),
    };
    lifecycle = new SyncLifecycle({ ...deps, handlers: [...deps.handlers, spendKind] });
  });
  afterAll(() => drop());
  beforeEach(() => {
    for (const key of Object.keys(script)) delete script[key as keyof typeof script];
    sessions.length = 0;
    toldAfterCommit.length = 0;
    queued.length = 0;
    heartbeats = 0;
  });

  it('queues, runs and finishes a job of the new kind: its rows, cursor, counters, log lines and progress', async () => {
    const { userId, accountId } = await sellerWithMetaAds();
    // A lifecycle without the kind: the same call is NOT_IMPLEMENTED there.
    const appLifecycle = new SyncLifecycle(deps);
    await expect(appLifecycle.enqueue(forUser(orm.em, userId), userId, 'meta_ads', { trigger: SyncTrigger.MANUAL })).rejects.toThrow(
      new NotImplementedError('Meta Ads ad spend sync'),
    );

    const progress = progressOf(userId);
    const job = await queue(userId);
    expect(job).toMatchObject({ status: SyncStatus.QUEUED, scope: SyncScope.AD_SPEND, trigger: SyncTrigger.MANUAL });
    expect(queued).toEqual([job.id]);
    // Queueing again while it waits gives the same job back and queues nothing more.
    expect((await queue(userId)).id).toBe(job.id);
    expect(queued).toEqual([job.id]);

    await lifecycle.run(job.id, userId, heartbeat);
    await tick();

    expect(await jobRow(userId, job.id)).toMatchObject({ status: SyncStatus.SUCCEEDED, processed: DAYS, created: DAYS, updated: 0, total: DAYS });
    expect(await spendRows(userId)).toEqual(allDays);
    expect(await cursorOf(accountId)).toBe(String(PAGES - 1));
    expect(sessions.map((s) => [s.cursor ?? 'none', s.credentials.access_token])).toEqual([['none', 'EAAtest']]);
    expect(await logOf(job.id)).toEqual(['info: started syncing Meta Ads days', `info: done: ${DAYS} days seen, ${DAYS} new, 0 updated`]);
    expect(progress.map((e) => [e.status, e.processed, e.message])).toEqual([
      [SyncStatus.QUEUED, 0, 'queued'],
      [SyncStatus.RUNNING, 0, 'started'],
      [SyncStatus.RUNNING, 2, '2 days so far'],
      [SyncStatus.RUNNING, 4, '4 days so far'],
      [SyncStatus.RUNNING, 6, '6 days so far'],
      [SyncStatus.RUNNING, 8, '8 days so far'],
      [SyncStatus.RUNNING, 10, null],
      [SyncStatus.SUCCEEDED, 10, `done: ${DAYS} days`],
    ]);
    expect(toldAfterCommit).toEqual(['0', '1', '2', '3', '4']);
    expect(heartbeats).toBe(PAGES);

    // The next run starts from the resting cursor: nothing left to read, nothing written again.
    const next = await queue(userId);
    await lifecycle.run(next.id, userId, heartbeat);
    expect(sessions.map((s) => s.cursor ?? 'none')).toEqual(['none', String(PAGES - 1)]);
    expect(await jobRow(userId, next.id)).toMatchObject({ status: SyncStatus.SUCCEEDED, processed: 0 });
  });

  it("touches the job three times per lock lifetime of a provider's long wait", async () => {
    const { userId } = await sellerWithMetaAds();
    const job = await queue(userId);
    await lifecycle.run(job.id, userId, heartbeat);
    heartbeats = 0;
    jest.useFakeTimers();
    try {
      let waited = false;
      const wait = sessions[0]!.wait!(150_000).then(() => void (waited = true));
      await jest.advanceTimersByTimeAsync(149_999);
      expect(waited).toBe(false);
      // Every third of the lock's lifetime (4 s in tests, so every 1,333 ms), from the start: the lock never lapses.
      const every = Math.floor(testConfig().jobLockLifetimeMs / 3);
      expect(every).toBe(1_333);
      expect(heartbeats).toBe(Math.ceil(150_000 / every));
      await jest.advanceTimersByTimeAsync(1);
      await wait;
      expect(waited).toBe(true);
    } finally {
      jest.useRealTimers();
    }
  });

  it('retries a provider that stopped answering from the saved cursor, reading and writing nothing twice', async () => {
    const { userId, accountId } = await sellerWithMetaAds();
    const job = await queue(userId);
    Object.assign(script, { failBeforePage: 3, error: new ProviderError('meta_ads', 'unavailable', 'Meta Ads did not answer (HTTP 503)') });

    await expect(lifecycle.run(job.id, userId, heartbeat)).rejects.toBeInstanceOf(RetryableSyncError);
    expect(await jobRow(userId, job.id)).toMatchObject({ status: SyncStatus.RUNNING, processed: 6, created: 6 });
    expect(await cursorOf(accountId)).toBe('2');

    await lifecycle.run(job.id, userId, heartbeat);
    expect(sessions.map((s) => s.cursor ?? 'none')).toEqual(['none', '2']);
    expect(await jobRow(userId, job.id)).toMatchObject({ status: SyncStatus.SUCCEEDED, processed: DAYS, created: DAYS, updated: 0 });
    expect(await spendRows(userId)).toEqual(allDays);
    expect(await logOf(job.id)).toEqual([
      'info: started syncing Meta Ads days',
      'warn: Meta Ads did not answer (HTTP 503); retrying from the saved position',
      'info: resumed after an interruption, from the saved position',
      `info: done: ${DAYS} days seen, ${DAYS} new, 0 updated`,
    ]);
  });

  it('commits each page whole or not at all: rows, cursor and counters', async () => {
    const { userId, accountId } = await sellerWithMetaAds();
    const job = await queue(userId);
    script.failWritingPage = 2;

    await expect(lifecycle.run(job.id, userId, heartbeat)).rejects.toBeInstanceOf(RetryableSyncError);
    // Page 2's rows went in before its transaction broke: none of them stayed, and neither did its cursor or counts.
    expect(await spendRows(userId)).toMatchObject({ days: 4 });
    expect(await cursorOf(accountId)).toBe('1');
    expect(await jobRow(userId, job.id)).toMatchObject({ status: SyncStatus.RUNNING, processed: 4 });
    expect(toldAfterCommit).toEqual(['0', '1']);

    await lifecycle.run(job.id, userId, heartbeat);
    expect(await jobRow(userId, job.id)).toMatchObject({ status: SyncStatus.SUCCEEDED, processed: DAYS, created: DAYS, updated: 0 });
    expect(await spendRows(userId)).toEqual(allDays);
  });

  it('fails in the provider’s words, at once, and asks the seller to reconnect credentials it refused', async () => {
    const { userId, accountId } = await sellerWithMetaAds();
    const progress = progressOf(userId);
    const job = await queue(userId);
    const words = 'Meta Ads refused the access token (HTTP 401): Error validating access token: Session has expired. Reconnect Meta Ads';
    Object.assign(script, { failBeforePage: 1, error: new ProviderError('meta_ads', 'auth', words) });

    await lifecycle.run(job.id, userId, heartbeat);
    await tick();
    expect(await jobRow(userId, job.id)).toMatchObject({ status: SyncStatus.FAILED, error: words, processed: 2 });
    expect((await logOf(job.id)).at(-1)).toBe(`error: ${words}`);
    expect(progress.at(-1)).toMatchObject({ status: SyncStatus.FAILED, message: words });
    const credential = await forUser(orm.em, userId).findOneOrFail(ProviderCredential, { channelAccount: accountId });
    expect([credential.state, credential.lastError]).toEqual([ConnectionState.NEEDS_REAUTH, words]);
    // A failed job frees its account: the next sync is a new job.
    expect((await queue(userId)).id).not.toBe(job.id);
  });

  it('answers NOT_IMPLEMENTED, naming what is missing, for a scope no handler serves', async () => {
    // Google Ads: an ad platform this lifecycle's test kind does not serve (it serves Meta Ads only).
    const em = orm.em.fork();
    const user = em.create(User, { subject: `lifecycle-${randomUUID()}` });
    em.create(ChannelAccount, { user, providerId: 'google_ads', externalId: '1234567890', displayName: 'Google Ads' });
    await em.flush();
    await expect(lifecycle.enqueue(forUser(orm.em, user.id), user.id, 'google_ads', { trigger: SyncTrigger.MANUAL })).rejects.toThrow(
      new NotImplementedError('Google Ads ad spend sync'),
    );
  });
});

describe('a push, as a job of its kind', () => {
  let orm: MikroORM;
  let drop: () => Promise<void>;
  let lifecycle: SyncLifecycle;
  let intake: PushIntake;
  const queuedPushes: string[] = [];
  const myntra = getProviderModule('myntra')!;

  /** A Myntra order as the push format Sutra assumes (providers/myntra/push-payload.ts). */
  const pushedOrder = (orderId: string) => ({
    orderId,
    status: 'WP',
    createdOn: '2026-11-20T10:00:00+05:30',
    lastModifiedOn: '2026-11-20T10:05:00+05:30',
    paymentMethod: 'COD',
    currency: 'INR',
    shippingAddress: { city: 'Pune', state: 'Maharashtra', pincode: '411001' },
    orderLines: [
      {
        orderLineId: `${orderId}-1`,
        sellerSku: 'KURTA-M',
        productName: 'Kurta',
        quantity: 1,
        status: 'WP',
        unitPrice: 1180,
        discount: 0,
        taxAmount: 180,
        shippingCharge: 0,
      },
    ],
  });

  async function sellerWithMyntra() {
    const em = orm.em.fork();
    const user = em.create(User, { subject: `push-${randomUUID()}` });
    const account = em.create(ChannelAccount, {
      user,
      providerId: 'myntra',
      channelType: ChannelType.MYNTRA,
      externalId: `myn-${randomUUID()}`,
      displayName: 'Myntra',
    });
    await em.flush();
    return { userId: user.id, channelAccountId: account.id, providerId: 'myntra', externalId: account.externalId };
  }
  const receive = async (account: Awaited<ReturnType<typeof sellerWithMyntra>>, body: unknown) =>
    (await intake.receive(account, myntra.intake!, Buffer.from(JSON.stringify(body)), body)).eventId;
  const eventOf = async (eventId: string) =>
    (
      await orm.em.getConnection().execute<Array<{ status: string; error: string | null }>>('select status, error from webhook_events where id = ?', [eventId])
    )[0];
  const jobsOf = (userId: string) => forUser(orm.em, userId).find(SyncJob, {}, { orderBy: { queuedAt: 'asc' } });
  const logOf = async (jobId: string) =>
    (await orm.em.getConnection().execute<Array<{ message: string }>>('select message from sync_logs where job_id = ? order by at, id', [jobId])).map(
      (l) => l.message,
    );

  beforeAll(async () => {
    ({ orm, drop } = await isolatedTestOrm('push_jobs'));
    const log = createLogger({ level: 'silent', pretty: false });
    lifecycle = new SyncLifecycle({
      orm,
      queue: { add: async () => undefined },
      credentials: new CredentialService(parseKeyring(newKeyEntry('k1'))),
      events: createEventBus().pubsub,
      config: testConfig(),
      log,
      handlers: SYNC_HANDLERS,
    });
    intake = new PushIntake({ orm, queue: { add: async ({ eventId }) => void queuedPushes.push(eventId) }, log });
  });
  afterAll(() => drop());

  it('writes each push as a WEBHOOK job, once, beside the account’s other jobs, and marks it PROCESSED', async () => {
    const account = await sellerWithMyntra();
    const first = await receive(account, pushedOrder('MYN1'));
    const second = await receive(account, pushedOrder('MYN2'));
    expect(queuedPushes).toEqual(expect.arrayContaining([first, second]));

    // The second push is written while the first one's job still runs (between its page and its end).
    let nested = false;
    await lifecycle.runDelivery(first, account.userId, async () => {
      if (nested) return;
      nested = true;
      await lifecycle.runDelivery(second, account.userId, async () => undefined);
    });
    // Run again (a duplicate job, a retry): the push is written already, and gets no second job.
    await lifecycle.runDelivery(first, account.userId, async () => undefined);

    expect([await eventOf(first), await eventOf(second)]).toEqual([
      { status: 'PROCESSED', error: null },
      { status: 'PROCESSED', error: null },
    ]);
    const jobs = await jobsOf(account.userId);
    expect(jobs.map((j) => [j.trigger, j.scope, j.status, j.processed, j.created, j.webhookEvent?.id])).toEqual(
      expect.arrayContaining([
        [SyncTrigger.WEBHOOK, SyncScope.ORDERS, SyncStatus.SUCCEEDED, 1, 1, first],
        [SyncTrigger.WEBHOOK, SyncScope.ORDERS, SyncStatus.SUCCEEDED, 1, 1, second],
      ]),
    );
    expect(jobs).toHaveLength(2);
    expect(await logOf(jobs[0]!.id)).toEqual(['started writing the Myntra orders pushed to Sutra', 'done: 1 orders seen, 1 new, 0 updated']);
    const [orders] = await orm.em
      .getConnection()
      .execute<Array<{ n: number }>>('select count(*)::int as n from orders where channel_account_id = ?', [account.channelAccountId]);
    expect(orders!.n).toBe(2);
  });

  it('fails a push its provider’s rules cannot read, job and stored push alike, in those rules’ words', async () => {
    const account = await sellerWithMyntra();
    const eventId = await receive(account, { orderId: 'MYN3', orderLines: [] });
    await lifecycle.runDelivery(eventId, account.userId, async () => undefined);

    const words = "Myntra's push is not an order Sutra understands: orders[0].status: Invalid input: expected string, received undefined";
    expect(await eventOf(eventId)).toEqual({ status: 'FAILED', error: words });
    const [job] = await jobsOf(account.userId);
    expect([job!.trigger, job!.status, job!.error]).toEqual([SyncTrigger.WEBHOOK, SyncStatus.FAILED, words]);
  });
});
