import { orderId, shipmentId, shipmentPlans, trackingId } from '../../src/sandbox/commerce/flipkart-orders.js';
import { SANDBOX_CREDENTIALS, SANDBOX_SECOND_ACCOUNTS } from '../../src/sandbox/credentials.js';
import { doc, gql, newUserToken, startTestServer, wsClient, type TestServer } from '../support/server.js';
import { jobEnded } from '../support/sync.js';

const ORDERS = 40;

const CONNECT = doc<{ connectProvider: { status: { channelAccountId: string } } }>(
  'mutation($c: JSONObject!) { connectProvider(providerId: "flipkart", credentials: $c) { status { channelAccountId } } }',
);
const SYNC = doc<{ syncProvider: { id: string } }>('mutation($a: ID) { syncProvider(providerId: "flipkart", channelAccountId: $a) { id } }');
type AccountOrders = { orders: { totalCount: number; edges: Array<{ node: { externalId: string; shipments: Array<{ externalId: string }> } }> } };
const ORDERS_OF = doc<AccountOrders>(
  'query($a: ID) { orders(filter: { channelAccountId: $a }, first: 100) { totalCount edges { node { externalId shipments { externalId } } } } }',
);

interface ParcelEvent {
  trackingNumber: string;
  status: string;
  previousStatus: string | null;
}

/**
 * Two Flipkart accounts of one seller whose books hold the same shipment ids (the sandbox
 * serves both seller apps the same book): syncing the second must not take the first's parcels.
 */
describe('the shipments of two Flipkart accounts synced one after the other', () => {
  let server: TestServer;
  let token: string;
  let accounts: { first: string; second: string };
  const parcels: ParcelEvent[] = [];
  let client: ReturnType<typeof wsClient>;

  /** Each book order's shipment ids, as the sandbox's Flipkart serves them. */
  const book = () =>
    new Map(
      Array.from({ length: ORDERS }, (_, i) => [orderId(i), shipmentPlans(i, server.sandbox!.book.statusOf(i)).map((p) => shipmentId(i, p.part))] as const),
    );
  /** The AWBs of the book's dispatched parcels. */
  const dispatched = () =>
    Array.from({ length: ORDERS }, (_, i) =>
      shipmentPlans(i, server.sandbox!.book.statusOf(i))
        .filter((p) => p.search === 'postDispatch')
        .map((p) => trackingId(i, p.part)),
    ).flat();
  /** What the seller reads of an account: each of its orders' shipment ids. */
  const shipmentsOf = async (channelAccountId: string) => {
    const res = await gql(server, ORDERS_OF, { a: channelAccountId }, token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.orders.totalCount).toBe(ORDERS);
    return new Map(res.data!.orders.edges.map(({ node }) => [node.externalId, node.shipments.map((s) => s.externalId).sort()]));
  };
  const sync = async (channelAccountId: string) => {
    const queued = await gql(server, SYNC, { a: channelAccountId }, token);
    expect(queued.errors).toBeUndefined();
    expect(await jobEnded(server, token, queued.data!.syncProvider.id)).toEqual({ status: 'SUCCEEDED', error: null });
  };

  beforeAll(async () => {
    server = await startTestServer({ sandbox: { orders: ORDERS, rateScale: 500 } });
    token = (await newUserToken('two-flipkarts')).token;
    const connect = async (credentials: object) => (await gql(server, CONNECT, { c: credentials }, token)).data!.connectProvider.status.channelAccountId;
    accounts = { first: await connect(SANDBOX_CREDENTIALS.flipkart), second: await connect(SANDBOX_SECOND_ACCOUNTS.flipkart) };
    client = wsClient(server, token);
    client.subscribe<{ shipmentStatusChanged: ParcelEvent }>(
      { query: 'subscription { shipmentStatusChanged { trackingNumber status previousStatus } }' },
      { next: ({ data }) => parcels.push(data!.shipmentStatusChanged), error: () => undefined, complete: () => undefined },
    );
  });
  afterAll(async () => {
    await client.dispose();
    await server.stop();
  });

  it('leaves each account with its own shipments, as many as the sandbox holds', async () => {
    await sync(accounts.first);
    const toldOfFirst = parcels.length;
    await sync(accounts.second);

    const sandbox = book();
    const count = (byOrder: Map<string, string[]>) => [...byOrder.values()].flat().length;
    const [first, second] = [await shipmentsOf(accounts.first), await shipmentsOf(accounts.second)];
    expect(count(sandbox)).toBeGreaterThan(ORDERS);
    expect({ first: count(first), second: count(second) }).toEqual({ first: count(sandbox), second: count(sandbox) });
    expect(first).toEqual(sandbox);
    expect(second).toEqual(sandbox);

    // The second account's parcels are new to it: its subscribers are told of each dispatched one as a first sighting.
    const told = parcels.slice(toldOfFirst);
    expect(new Set(told.map((e) => e.trackingNumber))).toEqual(new Set(dispatched()));
    for (const awb of dispatched())
      expect({ awb, previousStatus: told.find((e) => e.trackingNumber === awb)!.previousStatus }).toEqual({ awb, previousStatus: null });
  });

  it('gives the first account its shipments back on its next sync after the migration cleared its cursor', async () => {
    // What the migration leaves where the second account had taken the first's parcels: none of them, and no cursor.
    const db = server.db.em.getConnection();
    await db.execute('delete from shipments where channel_account_id = ?', [accounts.first]);
    await db.execute('update channel_accounts set sync_cursor = null where id = ?', [accounts.first]);

    await sync(accounts.first);

    expect(await shipmentsOf(accounts.first)).toEqual(book());
    expect(await shipmentsOf(accounts.second)).toEqual(book());
  });
});
