import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { sandboxEnv } from '../../src/sandbox/credentials.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { createOwnDatabase } from '../support/database.js';
import { startSutraProcess, type SutraProcess } from '../support/process.js';
import { gql, newUserToken } from '../support/server.js';
import { connectSandbox, SYNC_MUTATION } from '../support/sync.js';
import { startTcpProxy, throughProxy, type TcpProxy } from '../support/tcp-proxy.js';

const ORDERS = 3_000;

/**
 * PostgreSQL restarts under a running API process and a worker in the middle of a sync:
 * a TCP proxy between them and the database resets every connection and refuses new ones
 * for a few seconds, as a restart or failover does.
 */
describe('the database going away under a running API and worker', () => {
  let sandbox: Sandbox;
  let db: Awaited<ReturnType<typeof createOwnDatabase>>;
  let proxy: TcpProxy;
  let direct: pg.Client;
  const processes: SutraProcess[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ orders: ORDERS });
    db = await createOwnDatabase('outage');
    proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(db.url).port || 5432) });
    const env = { ...sandboxEnv(sandbox.url), DATABASE_URL: throughProxy(db.url, proxy), JOB_LOCK_LIFETIME_MS: '3000' };
    processes.push(await startSutraProcess({ ...env, ROLE: 'api' }));
    processes.push(await startSutraProcess({ ...env, ROLE: 'worker' }));
    // The test reads the outcome around the proxy.
    direct = new pg.Client({ connectionString: db.url });
    await direct.connect();
  }, 60_000);
  afterAll(async () => {
    await Promise.all(processes.map((p) => p.kill('SIGKILL')));
    await direct?.end();
    await proxy?.close();
    await sandbox?.stop();
    await db?.drop();
  });

  it('keeps both processes up, reports the outage and the recovery, and finishes the interrupted sync exactly', async () => {
    const [api, worker] = processes as [SutraProcess, SutraProcess];
    const server = { url: `http://127.0.0.1:${api.port}` };
    const readyz = async () => {
      const res = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(5_000) });
      return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, string> } };
    };
    expect(await readyz()).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'up', redis: 'not used' } } });

    const seller = await newUserToken('outage');
    await connectSandbox(server, seller.token, 'flipkart');
    const queued = await gql(server, SYNC_MUTATION, { p: 'flipkart' }, seller.token);
    const jobId = queued.data!.syncProvider.id as string;
    const job = async () =>
      (
        await direct.query<{ status: string; processed: number; created: number; error: string | null }>(
          'select status, processed, created, error from sync_jobs where id = $1',
          [jobId],
        )
      ).rows[0]!;

    // Mid-sync: every connection reset, and none accepted for four seconds.
    for (let t = 0; t < 600 && (await job()).processed === 0; t++) await sleep(50);
    const before = await job();
    expect(before).toMatchObject({ status: 'RUNNING', error: null });
    expect(before.processed).toBeLessThan(ORDERS);
    proxy.down();
    await sleep(1_000);
    const during = await readyz();
    expect(during.status).toBe(503);
    expect(during.body.status).toBe('not ready');
    expect(['down', 'timeout']).toContain(during.body.checks.database);
    expect(during.body.checks.redis).toBe('not used');
    await sleep(3_000);
    expect([api.child.exitCode, worker.child.exitCode]).toEqual([null, null]);
    proxy.up();

    let after = await readyz();
    for (let t = 0; t < 100 && after.status !== 200; t++) {
      await sleep(200);
      after = await readyz();
    }
    expect(after).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'up', redis: 'not used' } } });

    // The worker takes the job up again from its saved cursor and ends with exactly the book.
    let state = await job();
    for (let t = 0; t < 900 && state.status === 'RUNNING'; t++) {
      await sleep(100);
      state = await job();
    }
    expect(state).toEqual({ status: 'SUCCEEDED', processed: ORDERS, created: ORDERS, error: null });
    const [counts] = (
      await direct.query<{ orders: number; lines: number }>(
        `select (select count(*) from orders o where o.user_id = u.id)::int as orders, (select count(*) from order_items i where i.user_id = u.id)::int as lines
           from users u where u.subject = $1`,
        [seller.subject],
      )
    ).rows;
    // Flipkart reports one line per line of the book.
    let lines = 0;
    for (let i = 0; i < ORDERS; i++) lines += sandbox.book.get(i).lines.length;
    expect(counts).toEqual({ orders: ORDERS, lines });
    const logs = (await direct.query<{ message: string }>('select message from sync_logs where job_id = $1 order by at', [jobId])).rows.map((r) => r.message);
    expect(logs).toContain('resumed after an interruption, from the saved position');
    expect([api.child.exitCode, worker.child.exitCode]).toEqual([null, null]);
    // The lost connections were noticed and logged, not fatal.
    expect(worker.logs.some((l) => l.msg === 'sync interrupted; Agenda will retry')).toBe(true);
  }, 150_000);

  it('answers /readyz within its timeout when the database stops answering altogether', async () => {
    const [api, worker] = processes as [SutraProcess, SutraProcess];
    proxy.stall();
    try {
      const started = Date.now();
      const res = await fetch(`http://127.0.0.1:${api.port}/readyz`, { signal: AbortSignal.timeout(10_000) });
      expect({ status: res.status, body: await res.json(), fast: Date.now() - started < 3_000 }).toEqual({
        status: 503,
        body: { status: 'not ready', checks: { database: 'timeout', redis: 'not used' } },
        fast: true,
      });
    } finally {
      proxy.up();
    }
    let status = 0;
    for (let t = 0; t < 100 && status !== 200; t++) {
      await sleep(200);
      status = (await fetch(`http://127.0.0.1:${api.port}/readyz`)).status;
    }
    expect(status).toBe(200);
    expect([api.child.exitCode, worker.child.exitCode]).toEqual([null, null]);
  }, 60_000);
});
