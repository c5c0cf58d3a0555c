import type { FormattedExecutionResult } from 'graphql';
import { createOwnDatabase } from '../support/database.js';
import { startSutraProcess, type SutraProcess } from '../support/process.js';
import { connected, gql, newUserToken, wsClient } from '../support/server.js';
import { startTcpProxy, throughProxy, type TcpProxy } from '../support/tcp-proxy.js';

const ORDERS = '{ orders { totalCount } }';

/**
 * What a client is told while PostgreSQL is away: try again shortly (503), not "internal error".
 * The server runs in its own process: errors of Node's sockets are of another realm inside jest.
 */
describe('GraphQL answers while the database is down', () => {
  let db: Awaited<ReturnType<typeof createOwnDatabase>>;
  let proxy: TcpProxy;
  let api: SutraProcess;
  let server: { url: string; wsUrl: string };

  beforeAll(async () => {
    db = await createOwnDatabase('down');
    proxy = await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(db.url).port || 5432) });
    api = await startSutraProcess({ DATABASE_URL: throughProxy(db.url, proxy), ROLE: 'api' });
    server = { url: `http://127.0.0.1:${api.port}`, wsUrl: `ws://127.0.0.1:${api.port}/graphql` };
  }, 60_000);
  afterAll(async () => {
    await api?.kill();
    await proxy?.close();
    await db?.drop();
  });

  const post = async (token: string) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: ORDERS }),
    });
    return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as FormattedExecutionResult };
  };

  it('is SERVICE_UNAVAILABLE with HTTP 503 and Retry-After, over the websocket the same code, and normal again once it is back', async () => {
    const known = (await newUserToken('down')).token;
    expect((await gql(server, ORDERS, {}, known)).data).toEqual({ orders: { totalCount: 0 } });
    const socket = wsClient(server, known);
    await connected(socket);

    proxy.down();
    try {
      // A signed-in seller (the session is remembered: the resolver meets the outage) and a new one (authentication does).
      for (const token of [known, (await newUserToken('down-new')).token]) {
        const answer = await post(token);
        expect(answer).toMatchObject({ status: 503, retryAfter: '5' });
        expect(answer.body.errors).toEqual([
          expect.objectContaining({
            message: 'The database is unavailable at the moment: try again in a few seconds',
            extensions: { code: 'SERVICE_UNAVAILABLE' },
          }),
        ]);
      }
      const overWs = await new Promise<FormattedExecutionResult>((resolve, reject) => {
        let result: FormattedExecutionResult | undefined;
        socket.subscribe({ query: ORDERS }, { next: (r) => (result = r as FormattedExecutionResult), error: reject, complete: () => resolve(result!) });
      });
      expect(overWs.errors![0]).toMatchObject({
        message: 'The database is unavailable at the moment: try again in a few seconds',
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });
      // A socket opened now cannot be signed in: "try again later" (1013), not the refusal of a bad token (4403).
      const late = wsClient(server, (await newUserToken('down-ws')).token);
      const refused = await connected(late).then(
        () => undefined,
        (event: { code: number; reason: string }) => event,
      );
      await late.dispose();
      expect(refused).toMatchObject({ code: 1013, reason: 'Service unavailable: try again shortly' });
    } finally {
      proxy.up();
      await socket.dispose();
    }

    let after = await post(known);
    for (let t = 0; t < 50 && after.status !== 200; t++) {
      await new Promise((r) => setTimeout(r, 100));
      after = await post(known);
    }
    expect(after).toEqual({ status: 200, retryAfter: null, body: { data: { orders: { totalCount: 0 } } } });
    // An outage is no fault of Sutra's code: a warning with its reason, not an error with a stack.
    const failed = api.logs.filter((l) => l.msg === 'graphql operation failed');
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.map((l) => [l.level, l.code])).toEqual(failed.map(() => [40, 'SERVICE_UNAVAILABLE']));
    // Its access lines too: a warning each, without pino-http's made-up error (the retries once it is back may add some).
    const unavailable = api.logs.filter((l) => (l.res as { status?: number } | undefined)?.status === 503);
    expect(unavailable.length).toBeGreaterThanOrEqual(2);
    expect(unavailable.map((l) => [l.level, 'err' in l])).toEqual(unavailable.map(() => [40, false]));
  });
});
