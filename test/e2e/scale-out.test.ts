import { sandboxEnv } from '../../src/sandbox/credentials.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { startSutraProcess, type SutraProcess } from '../support/process.js';
import { gql, newUserToken, startTestServer, wsClient, type TestServer } from '../support/server.js';
import { collectProgress, connectSandbox, SYNC_MUTATION } from '../support/sync.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ORDERS = 2_000;

describe('an API node and two worker processes sharing PostgreSQL and Redis', () => {
  let sandbox: Sandbox;
  let api: TestServer;
  const workers: SutraProcess[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ orders: ORDERS });
    api = await startTestServer({ env: { ...sandboxEnv(sandbox.url), ROLE: 'api', REDIS_URL } });
    const env = { ...sandboxEnv(sandbox.url), ROLE: 'worker', REDIS_URL, DATABASE_URL: api.databaseUrl };
    workers.push(...(await Promise.all([startSutraProcess(env), startSutraProcess(env)])));
  }, 60_000);
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await api.stop();
    await sandbox.stop();
  });

  it('each worker answers its own health probes, API or not', async () => {
    for (const worker of workers) {
      expect(worker.port).toEqual(expect.any(Number));
      const ready = await fetch(`http://127.0.0.1:${worker.port}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: 'up', redis: 'up' } });
      expect((await fetch(`http://127.0.0.1:${worker.port}/graphql`, { method: 'POST' })).status).toBe(404);
    }
  });

  it('runs each job once, and a subscriber on the API node sees the progress of a job run by a worker', async () => {
    const seller = await newUserToken('scale');
    await connectSandbox(api, seller.token, 'flipkart');
    const client = wsClient(api, seller.token);
    const progress = collectProgress(client, 60_000);
    await new Promise((r) => setTimeout(r, 300));
    const queued = await gql(api, SYNC_MUTATION, { p: 'flipkart' }, seller.token);
    const jobId = queued.data!.syncProvider.id as string;

    const end = await progress.ended;
    await client.dispose();
    expect(end).toMatchObject({ jobId, status: 'SUCCEEDED', processed: ORDERS, created: ORDERS });
    // The events crossed from a worker process to this one through Redis, mid-run ones included.
    expect(progress.events.some((e) => e.status === 'RUNNING' && e.processed > 0 && e.processed < ORDERS)).toBe(true);

    // The event came through Redis; the worker's log line may still be on its way.
    const ranOn = () => workers.filter((w) => w.logs.some((l) => l.jobId === jobId && l.msg === 'sync finished'));
    for (let t = 0; t < 40 && ranOn().length === 0; t++) await new Promise((r) => setTimeout(r, 50));
    expect(ranOn()).toHaveLength(1);
    const started = await api.db.em
      .getConnection()
      .execute<{ n: number }[]>(`select count(*)::int as n from sync_logs where job_id = ? and message like 'started%'`, [jobId]);
    expect(started[0]!.n).toBe(1);
  }, 90_000);

  it('delivers no event to another seller', async () => {
    const alice = await newUserToken('alice');
    const bob = await newUserToken('bob');
    await connectSandbox(api, alice.token, 'flipkart');
    await gql(api, '{ channelAccounts { id } }', {}, bob.token);
    const bobClient = wsClient(api, bob.token);
    const bobEvents: unknown[] = [];
    bobClient.subscribe(
      { query: 'subscription { syncProgress { jobId } }' },
      { next: (e) => bobEvents.push(e), error: () => undefined, complete: () => undefined },
    );
    const aliceClient = wsClient(api, alice.token);
    const progress = collectProgress(aliceClient, 60_000);
    await new Promise((r) => setTimeout(r, 300));
    await gql(api, SYNC_MUTATION, { p: 'flipkart' }, alice.token);
    expect((await progress.ended).status).toBe('SUCCEEDED');
    await new Promise((r) => setTimeout(r, 300));
    expect(bobEvents).toEqual([]);
    await Promise.all([aliceClient.dispose(), bobClient.dispose()]);
  }, 90_000);
});
