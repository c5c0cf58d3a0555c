import { setTimeout as sleep } from 'node:timers/promises';
import { flipkartView } from '../../src/sandbox/commerce/flipkart-orders.js';
import { sandboxEnv } from '../../src/sandbox/credentials.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { startSutraProcess, type SutraProcess } from '../support/process.js';
import { doc, gql, newUserToken, startTestServer, wsClient, type TestServer } from '../support/server.js';
import { collectProgress, connectSandbox, SYNC_MUTATION } from '../support/sync.js';

const BIG = 20_000;

/** Row counts for one seller, straight from the database. */
async function counts(server: TestServer, subject: string) {
  const [row] = await server.db.em.getConnection().execute<{ orders: number; lines: number; reservations: number; reserved: number }[]>(
    `select (select count(*) from orders o where o.user_id = u.id)::int as orders,
            (select count(*) from order_items i where i.user_id = u.id)::int as lines,
            (select count(*) from inventory_reservations r where r.user_id = u.id)::int as reservations,
            (select coalesce(sum(quantity), 0) from inventory_reservations r where r.user_id = u.id and r.released_at is null)::int as reserved
       from users u where u.subject = ?`,
    [subject],
  );
  return row!;
}

/** What a complete, exact import of the book must hold (Flipkart: one line per book line). */
function expected(sandbox: Sandbox) {
  let lines = 0;
  let reservations = 0;
  let reserved = 0;
  // Stock is reserved for every line still waiting to be dispatched from the seller's stock.
  for (let i = 0; i < sandbox.book.size; i++) {
    const o = sandbox.book.get(i);
    const view = flipkartView(o);
    lines += o.lines.length;
    reservations += view.waitingLines;
    reserved += view.waitingUnits;
  }
  return { orders: sandbox.book.size, lines, reservations, reserved };
}

async function jobRow(server: TestServer, jobId: string) {
  const [row] = await server.db.em
    .getConnection()
    .execute<{ status: string; processed: number; error: string | null }[]>('select status, processed, error from sync_jobs where id = ?', [jobId]);
  return row!;
}

describe('a 20,000-order sync survives its worker being killed', () => {
  let sandbox: Sandbox;
  let api: TestServer;
  const workers: SutraProcess[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ orders: BIG });
    // The API node only queues; the work happens in worker processes that can be killed.
    api = await startTestServer({ env: { ...sandboxEnv(sandbox.url), ROLE: 'api' } });
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill('SIGKILL')));
    await api.stop();
    await sandbox.stop();
  });

  it('resumes from the saved cursor and ends with exactly the sandbox’s rows', async () => {
    const seller = await newUserToken('crash');
    await connectSandbox(api, seller.token, 'flipkart');
    const workerEnv = { ...sandboxEnv(sandbox.url), ROLE: 'worker', JOB_LOCK_LIFETIME_MS: '3000', DATABASE_URL: api.databaseUrl };
    workers.push(await startSutraProcess(workerEnv));
    const queued = await gql(api, SYNC_MUTATION, { p: 'flipkart' }, seller.token);
    const jobId = queued.data!.syncProvider.id as string;

    // Kill it mid-way, without a chance to clean up.
    let seen = 0;
    for (let t = 0; t < 600 && seen < 4_000; t++) {
      await sleep(50);
      seen = (await jobRow(api, jobId)).processed;
    }
    expect(seen).toBeGreaterThanOrEqual(4_000);
    await workers[0]!.kill('SIGKILL');
    const atKill = await jobRow(api, jobId);
    expect(atKill.status).toBe('RUNNING');
    expect(atKill.processed).toBeLessThan(BIG);

    // A new worker finds the job once its lock has expired, and finishes it.
    workers.push(await startSutraProcess(workerEnv));
    let job = atKill;
    for (let t = 0; t < 1200 && job.status === 'RUNNING'; t++) {
      await sleep(100);
      job = await jobRow(api, jobId);
    }
    expect(job).toEqual({ status: 'SUCCEEDED', processed: BIG, error: null });
    expect(await counts(api, seller.subject)).toEqual(expected(sandbox));
    const logs = await api.db.em.getConnection().execute<{ message: string }[]>('select message from sync_logs where job_id = ? order by at', [jobId]);
    expect(logs.map((l) => l.message)).toContain('resumed after an interruption, from the saved position');
  }, 180_000);
});

describe('a sync against a misbehaving provider', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ sandbox: { orders: 300, rateScale: 500 }, env: { PROVIDER_TIMEOUT_MS: '1500' } });
  });
  afterAll(() => server.stop());

  it('completes through 429s, 500s, slow answers and a malformed page, with exact rows', async () => {
    const seller = await newUserToken('faults');
    await connectSandbox(server, seller.token, 'amazon');
    const faults = server.sandbox!.faults;
    faults.set('amazon', { kind: '429', every: 3, retryAfterSeconds: 1 });
    const client = wsClient(server, seller.token);
    const progress = collectProgress(client, 120_000);
    await sleep(200);
    const queued = await gql(server, SYNC_MUTATION, { p: 'amazon' }, seller.token);
    // Switch faults while it runs: server errors, a slow answer, then one malformed page.
    await sleep(300);
    faults.set('amazon', { kind: '500', every: 2 });
    await sleep(300);
    faults.set('amazon', { kind: 'slow', count: 1, delayMs: 2500 });
    await sleep(300);
    faults.set('amazon', { kind: 'malformed', count: 1 });
    const end = await progress.ended;
    faults.clear();
    await client.dispose();
    expect(end).toMatchObject({ jobId: queued.data!.syncProvider.id, status: 'SUCCEEDED', processed: 300, created: 300 });
    const rows = await counts(server, seller.subject);
    expect(rows.orders).toBe(300);
  }, 150_000);

  it('fails fast with a message the seller can act on when the token is revoked', async () => {
    const seller = await newUserToken('revoked');
    await connectSandbox(server, seller.token, 'amazon');
    server.sandbox!.revoke();
    try {
      const client = wsClient(server, seller.token);
      const progress = collectProgress(client, 30_000);
      await sleep(200);
      const started = Date.now();
      await gql(server, SYNC_MUTATION, { p: 'amazon' }, seller.token);
      const end = await progress.ended;
      await client.dispose();
      expect(end.status).toBe('FAILED');
      expect(end.message).toBe(
        'Amazon refused the refresh token (HTTP 400): The request has an invalid grant parameter : refresh_token. ' +
          'Reconnect Amazon: authorize the app again in Seller Central',
      );
      expect(Date.now() - started).toBeLessThan(10_000);
      const status = await gql(
        server,
        doc<{ providerStatus: { state: string; error: string | null } }>('{ providerStatus(providerId: "amazon") { state error } }'),
        {},
        seller.token,
      );
      expect(status.data!.providerStatus).toEqual({ state: 'NEEDS_REAUTH', error: end.message });
    } finally {
      server.sandbox!.restore();
    }
  });
});
