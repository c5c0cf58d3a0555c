import { SANDBOX_CREDENTIALS, SANDBOX_SECOND_ACCOUNTS } from '../../src/sandbox/credentials.js';
import { doc, gql, newUserToken, startTestServer, type TestServer, type TypedDocument } from '../support/server.js';
import { jobEnded } from '../support/sync.js';

const ORDERS = 60;
const CONNECT = doc<{ connectProvider: { status: { state: string; channelAccountId: string; accountName: string } } }>(
  'mutation($p: ID!, $c: JSONObject!) { connectProvider(providerId: $p, credentials: $c) { status { state channelAccountId accountName } } }',
);
const SYNC = doc<{ syncProvider: { id: string; channelAccountId: string } }>(
  'mutation($p: ID!, $a: ID) { syncProvider(providerId: $p, channelAccountId: $a) { id channelAccountId } }',
);
const ACCOUNTS = doc<{ channelAccounts: Array<{ id: string }> }>('{ channelAccounts { id } }');

describe('several accounts of one provider', () => {
  let server: TestServer;
  let token: string;
  const call = <T>(query: TypedDocument<T>, variables: Record<string, unknown> = {}) => gql(server, query, variables, token);
  const connect = async (providerId: string, credentials: object) => {
    const res = await call(CONNECT, { p: providerId, c: credentials });
    expect(res.errors).toBeUndefined();
    return res.data!.connectProvider.status.channelAccountId;
  };
  const finished = (jobId: string) => jobEnded(server, token, jobId);
  const ordersOf = async (channelAccountId: string) =>
    (await call(doc<{ orders: { totalCount: number } }>('query($f: OrderFilter) { orders(filter: $f) { totalCount } }'), { f: { channelAccountId } })).data!
      .orders.totalCount;

  let flipkartA: string;
  let flipkartB: string;
  beforeAll(async () => {
    server = await startTestServer({ sandbox: { orders: ORDERS, rateScale: 500 } });
    token = (await newUserToken('brands')).token;
    flipkartA = await connect('flipkart', SANDBOX_CREDENTIALS.flipkart);
    flipkartB = await connect('flipkart', SANDBOX_SECOND_ACCOUNTS.flipkart);
    await connect('meta_ads', SANDBOX_CREDENTIALS.meta_ads);
    await connect('meta_ads', SANDBOX_SECOND_ACCOUNTS.meta_ads);
  });
  afterAll(() => server.stop());

  it('shows each account on its own: channelAccounts, connectedSummary and the catalog', async () => {
    expect(flipkartA).not.toBe(flipkartB);
    type Overview = {
      channelAccounts: Array<{ id: string; providerId: string }>;
      connectedSummary: { total: number; commerce: number; marketing: number };
      integrationCatalog: {
        sections: Array<{ providers: Array<{ id: string; status: { connected: boolean }; accounts: Array<{ channelAccountId: string; state: string }> }> }>;
      };
    };
    const res = await call(
      doc<Overview>(`{
      channelAccounts { id providerId }
      connectedSummary { total commerce marketing items { providerId channelAccountId status { state } } }
      integrationCatalog { sections { providers { id status { connected } accounts { channelAccountId state } } } }
    }`),
    );
    expect(res.data!.channelAccounts.map((a) => a.id)).toEqual([flipkartA, flipkartB]);
    expect(res.data!.connectedSummary).toMatchObject({ total: 4, commerce: 2, marketing: 2 });
    const providers = res.data!.integrationCatalog.sections.flatMap((s) => s.providers);
    const card = (id: string) => providers.find((p) => p.id === id)!;
    expect(card('flipkart').accounts.map((a) => a.channelAccountId)).toEqual([flipkartA, flipkartB]);
    expect(card('meta_ads').accounts).toHaveLength(2);
    expect(card('meta_ads').status.connected).toBe(true);
  });

  it('asks which account when there are several, naming them', async () => {
    const res = await call(SYNC, { p: 'flipkart' });
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'channelAccountId' });
    expect(res.errors![0]!.message).toContain(flipkartA);
    expect(res.errors![0]!.message).toContain(flipkartB);
    const unknown = await call(SYNC, { p: 'flipkart', a: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'channelAccountId' });
  });

  it('syncs each Flipkart account into its own orders', async () => {
    for (const account of [flipkartA, flipkartB]) {
      const queued = await call(SYNC, { p: 'flipkart', a: account });
      expect(queued.data!.syncProvider.channelAccountId).toBe(account);
      expect(await finished(queued.data!.syncProvider.id)).toMatchObject({ status: 'SUCCEEDED' });
    }
    expect(await ordersOf(flipkartA)).toBe(ORDERS);
    expect(await ordersOf(flipkartB)).toBe(ORDERS);
  });

  it('updates the account its credentials belong to, and adds none', async () => {
    expect(await connect('flipkart', SANDBOX_CREDENTIALS.flipkart)).toBe(flipkartA);
    expect((await call(ACCOUNTS)).data!.channelAccounts).toHaveLength(2);
  });

  it('disconnects one account and leaves the other connected, with its history', async () => {
    const needsChoice = await call(doc('mutation { disconnectProvider(providerId: "meta_ads") { state } }'));
    expect(needsChoice.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');

    const res = await call(
      doc<{ disconnectProvider: { state: string; connected: boolean; channelAccountId: string } }>(
        'mutation($a: ID) { disconnectProvider(providerId: "flipkart", channelAccountId: $a) { state connected channelAccountId } }',
      ),
      { a: flipkartA },
    );
    expect(res.data!.disconnectProvider).toMatchObject({ state: 'CONNECTED', connected: true, channelAccountId: flipkartB });
    expect((await call(ACCOUNTS)).data!.channelAccounts).toEqual([{ id: flipkartB }]);
    expect(await ordersOf(flipkartA)).toBe(ORDERS);
    // One account left: no id needed any more.
    const queued = await call(SYNC, { p: 'flipkart' });
    expect(queued.data!.syncProvider.channelAccountId).toBe(flipkartB);
    await finished(queued.data!.syncProvider.id);
  });
});
