import { SyncStatus } from '../../src/domain/index.js';
import { doc, gql, newUserToken, startTestServer, wsClient, connected, type TestServer } from '../support/server.js';

describe('the server over HTTP', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { GRAPHQL_MAX_COST: '500', GRAPHQL_MAX_DEPTH: '5', REQUEST_BODY_LIMIT: '64kb' } });
  });
  afterAll(() => server.stop());

  it('answers health and readiness probes', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'up', redis: 'not used' } });
  });

  it('serves the integration catalog without a token, every provider NOT_CONNECTED', async () => {
    type Catalog = { integrationCatalog: { sections: Array<{ id: string; providers: Array<{ id: string; status: { state: string; connected: boolean } }> }> } };
    const res = await gql(server, doc<Catalog>('{ integrationCatalog { sections { id providers { id status { state connected } } } } }'));
    expect(res.errors).toBeUndefined();
    const sections = res.data!.integrationCatalog.sections;
    expect(sections.map((s) => s.id)).toEqual(['commerce', 'marketing', 'logistics']);
    for (const s of sections) for (const p of s.providers) expect(p.status).toEqual({ state: 'NOT_CONNECTED', connected: false });
  });

  it('answers UNAUTHENTICATED to a user operation without a token, or with a bad one', async () => {
    const none = await gql(server, '{ channelAccounts { id } }');
    expect(none.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    const forged = await gql(server, '{ channelAccounts { id } }', {}, 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl');
    expect(forged.status).toBe(401);
    expect(forged.errors![0]!.extensions!.code).toBe('UNAUTHENTICATED');
    expect(forged.errors![0]!.message).toMatch(/^Invalid token: /);
  });

  it('creates the user on first sight of a token and serves its (empty) data', async () => {
    const { token } = await newUserToken();
    const res = await gql(
      server,
      '{ channelAccounts { id } connectedSummary { total items { providerId } } orders { totalCount edges { cursor } } }',
      {},
      token,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ channelAccounts: [], connectedSummary: { total: 0, items: [] }, orders: { totalCount: 0, edges: [] } });
  });

  it('rejects bad input with BAD_USER_INPUT naming what to fix', async () => {
    const { token } = await newUserToken();
    const tooMany = await gql(server, '{ orders(first: 101) { totalCount } }', {}, token);
    expect(tooMany.errors![0]).toMatchObject({ message: 'first must be between 1 and 100 (got 101)', extensions: { code: 'BAD_USER_INPUT' } });
    const cost = await gql(server, 'mutation($c: Decimal!) { setProductCost(sku: "A", cost: $c) }', { c: '12,50' }, token);
    expect(cost.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    expect(cost.errors![0]!.message).toContain('such as "1249.50"');
    const provider = await gql(server, '{ providerStatus(providerId: "ebay") { state } }', {}, token);
    expect(provider.errors![0]!.message).toMatch(/Unknown provider "ebay". Known providers: shopify, amazon/);
  });

  it('says what to do first when an operation has nothing to work on', async () => {
    const { token } = await newUserToken();
    const res = await gql(server, 'mutation { syncAdSpend { id } }', {}, token);
    expect(res.errors![0]).toMatchObject({
      message: 'no ad account is connected: connect Meta Ads or Google Ads first',
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('limits query depth and cost', async () => {
    const { token } = await newUserToken();
    const deep = await gql(server, '{ orders { edges { node { shipments { events { status } } } } } }', {}, token);
    expect(deep.errors?.[0]).toMatchObject({
      message: 'Syntax Error: Query depth limit of 5 exceeded, found 6.',
      extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
    });
    const costly = await gql(server, '{ orders(first: 100) { edges { node { id items { sku } } } } }', {}, token);
    expect(costly.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COSTLY');
  });

  it('blocks cross-site simple requests (CSRF prevention) and oversized bodies', async () => {
    const csrf = await fetch(`${server.url}/graphql?query=%7B__typename%7D`);
    expect(csrf.status).toBe(400);
    const big = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(100_000) } }),
    });
    expect(big.status).toBe(413);
  });
});

describe('the server over graphql-ws', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('completes the handshake with a token, and refuses the socket without one', async () => {
    const { token } = await newUserToken();
    const ok = wsClient(server, token);
    await expect(connected(ok)).resolves.toBeUndefined();
    await ok.dispose();

    const anonymous = wsClient(server);
    await expect(connected(anonymous)).rejects.toMatchObject({ code: 4403 });
    await anonymous.dispose();

    const forged = wsClient(server, 'not-a-token');
    await expect(connected(forged)).rejects.toMatchObject({ code: 4403 });
    await forged.dispose();
  });

  it("delivers a user's sync progress to that user only", async () => {
    const alice = await newUserToken('alice');
    const bob = await newUserToken('bob');
    const clients = { alice: wsClient(server, alice.token), bob: wsClient(server, bob.token) };
    await Promise.all([connected(clients.alice), connected(clients.bob)]);
    const aliceId = await userId(server, alice.subject);

    const query = 'subscription { syncProgress { jobId status processed at } }';
    const seen = { alice: [] as unknown[], bob: [] as unknown[] };
    const aliceGotOne = new Promise<void>((resolve) =>
      clients.alice.subscribe({ query }, { next: (v) => (seen.alice.push(v.data), resolve()), error: () => undefined, complete: () => undefined }),
    );
    clients.bob.subscribe({ query }, { next: (v) => seen.bob.push(v.data), error: () => undefined, complete: () => undefined });
    // graphql-ws does not acknowledge a subscribe; give the server a moment to register both.
    await new Promise((r) => setTimeout(r, 300));

    const at = new Date().toISOString();
    server.app.services.events.publish('SYNC_PROGRESS', aliceId, {
      jobId: 'job-1',
      providerId: 'flipkart',
      status: SyncStatus.RUNNING,
      processed: 20,
      created: 20,
      updated: 0,
      failed: 0,
      at,
    });
    await aliceGotOne;
    await new Promise((r) => setTimeout(r, 200));
    expect(seen.alice).toEqual([{ syncProgress: { jobId: 'job-1', status: 'RUNNING', processed: 20, at } }]);
    expect(seen.bob).toEqual([]);
    await Promise.all([clients.alice.dispose(), clients.bob.dispose()]);
  });
});

async function userId(server: TestServer, subject: string): Promise<string> {
  const rows = await server.db.em.getConnection().execute<{ id: string }[]>('select id from users where subject = ?', [subject]);
  return rows[0]!.id;
}
