import { startSutraProcess, type SutraProcess } from '../support/process.js';
import { connected, gql, newUserToken, wsClient } from '../support/server.js';

/** A deployment that sets DATABASE_URL but forgets NODE_ENV runs as production. */
describe('a server started without NODE_ENV', () => {
  let sutra: SutraProcess;
  let server: { url: string; wsUrl: string };
  let token: string;
  beforeAll(async () => {
    sutra = await startSutraProcess({ NODE_ENV: '', ROLE: 'api' });
    server = { url: `http://127.0.0.1:${sutra.port}`, wsUrl: `ws://127.0.0.1:${sutra.port}/graphql` };
    ({ token } = await newUserToken('defaults'));
  });
  afterAll(() => sutra.kill());

  it('runs in production mode', () => {
    expect(sutra.logs.find((l) => typeof l.port === 'number')).toMatchObject({ mode: 'production' });
  });

  it('refuses introspection, over HTTP and the websocket', async () => {
    const res = await gql(server, '{ __schema { queryType { name } } }', {}, token);
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions!.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(res.errors![0]!.message).toMatch(/introspection/i);

    const client = wsClient(server, token);
    await connected(client);
    const errors = await new Promise<readonly { message: string }[]>((resolve) =>
      client.subscribe(
        { query: '{ __schema { queryType { name } } }' },
        { next: () => undefined, error: (e) => resolve(e as { message: string }[]), complete: () => resolve([]) },
      ),
    );
    expect(errors[0]!.message).toMatch(/introspection/i);
    await client.dispose();
  });

  it('names no field the client did not ask for ("Did you mean"), and shows no stack or file path', async () => {
    const typo = await gql(server, '{ ordrs { totalCount } }', {}, token);
    expect(typo.errors![0]!.message).toBe('Cannot query field "ordrs" on type "Query".');
    const enumTypo = await gql(server, 'query($s: OrderStatus) { orders(filter: { status: $s }) { edges { cursor } } }', { s: 'SHIPED' }, token);
    expect(enumTypo.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT', field: 's' } });
    expect(enumTypo.errors![0]!.message).not.toMatch(/Did you mean/);
    const inputTypo = await gql(server, '{ orders(filter: { stats: SHIPPED }) { edges { cursor } } }', {}, token);
    for (const res of [typo, enumTypo, inputTypo]) {
      const text = JSON.stringify(res);
      expect(text).not.toMatch(/Did you mean|stacktrace|\/work\/|node_modules|\.js:\d/);
    }
  });
});
