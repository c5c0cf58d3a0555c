import { setTimeout as sleep } from 'node:timers/promises';
import { sandboxEnv } from '../../src/sandbox/credentials.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { createOwnDatabase } from '../support/database.js';
import { startSutraProcess, type SutraProcess } from '../support/process.js';
import { doc, connected, gql, newUserToken, wsClient } from '../support/server.js';
import { collectProgress, connectSandbox, SYNC_MUTATION } from '../support/sync.js';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.js';

const REDIS = new URL(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');

/**
 * Sutra started while Redis (which carries subscription events between processes) cannot
 * be reached: a TCP proxy in front of it refuses every connection until the test lets it through.
 */
describe('Redis unreachable, then back', () => {
  let sandbox: Sandbox;
  let db: Awaited<ReturnType<typeof createOwnDatabase>>;
  let proxy: TcpProxy;
  let sutra: SutraProcess;

  beforeAll(async () => {
    sandbox = await startSandbox({ orders: 60, rateScale: 500 });
    db = await createOwnDatabase('redis');
    proxy = await startTcpProxy({ host: REDIS.hostname, port: Number(REDIS.port || 6379) }, { startDown: true });
    sutra = await startSutraProcess({ ...sandboxEnv(sandbox.url), DATABASE_URL: db.url, REDIS_URL: `redis://127.0.0.1:${proxy.port}` });
  }, 60_000);
  afterAll(async () => {
    await sutra?.kill('SIGKILL');
    await proxy?.close();
    await sandbox?.stop();
    await db?.drop();
  });

  it('says Redis is down, keeps running and keeps the events, and serves subscriptions again once Redis is back', async () => {
    const server = { url: `http://127.0.0.1:${sutra.port}`, wsUrl: `ws://127.0.0.1:${sutra.port}/graphql` };
    const readyz = async () => {
      const res = await fetch(`${server.url}/readyz`, { signal: AbortSignal.timeout(5_000) });
      return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, string> } };
    };
    const started = Date.now();
    expect(await readyz()).toEqual({ status: 503, body: { status: 'not ready', checks: { database: 'up', redis: 'down' } } });
    expect(Date.now() - started).toBeLessThan(3_000);

    // A subscriber, and a whole sync, while Redis is away: its events are published into the void.
    const seller = await newUserToken('redis');
    await connectSandbox(server, seller.token, 'flipkart');
    const client = wsClient(server, seller.token);
    await connected(client);
    const progress = collectProgress(client, 60_000);
    await sleep(300);
    const first = await gql(server, SYNC_MUTATION, { p: 'flipkart' }, seller.token);
    const firstId = first.data!.syncProvider.id as string;
    let job = { status: 'QUEUED' };
    for (let t = 0; t < 200 && job.status !== 'SUCCEEDED'; t++) {
      await sleep(100);
      job = (await gql(server, doc<{ syncJob: { status: string } }>('query($id: ID!) { syncJob(id: $id) { status } }'), { id: firstId }, seller.token)).data!
        .syncJob;
    }
    expect(job.status).toBe('SUCCEEDED');
    await sleep(1_000);
    expect(sutra.child.exitCode).toBeNull();
    expect(progress.events).toEqual([]);
    // Said once, as a structured error, not once per reconnection attempt.
    const unreachable = sutra.logs.filter((l) => l.msg === 'Redis is unreachable: subscription events wait until it is back');
    expect(unreachable.map((l) => [l.level, l.component])).toEqual([
      [50, 'event bus'],
      [50, 'event bus'],
    ]);

    // Redis returns: readiness says so, the subscription is renewed, and the kept event (the job's last) arrives.
    proxy.up();
    let ready = await readyz();
    for (let t = 0; t < 50 && ready.status !== 200; t++) {
      await sleep(200);
      ready = await readyz();
    }
    expect(ready).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'up', redis: 'up' } } });
    expect(await progress.ended).toMatchObject({ jobId: firstId, status: 'SUCCEEDED', processed: 60 });

    // And live events flow again.
    const live = collectProgress(client, 60_000);
    await sleep(300);
    const second = await gql(server, SYNC_MUTATION, { p: 'flipkart' }, seller.token);
    expect(await live.ended).toMatchObject({ jobId: second.data!.syncProvider.id, status: 'SUCCEEDED' });
    expect(live.events.some((e) => e.status === 'RUNNING')).toBe(true);

    // Redis dropping the connections of a running server is survived the same way.
    proxy.down();
    await sleep(500);
    expect((await readyz()).body.checks.redis).toBe('down');
    const third = await gql(server, SYNC_MUTATION, { p: 'flipkart' }, seller.token);
    const after = collectProgress(client, 60_000);
    await sleep(500);
    proxy.up();
    expect(await after.ended).toMatchObject({ jobId: third.data!.syncProvider.id, status: 'SUCCEEDED' });
    await client.dispose();
    expect(sutra.child.exitCode).toBeNull();
  }, 120_000);
});
