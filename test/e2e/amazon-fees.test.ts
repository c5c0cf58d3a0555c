import { amazonOrderId } from '../../src/sandbox/commerce/amazon-orders.js';
import { expectedAmazonFees } from '../../src/sandbox/commerce/amazon-finances.js';
import { gqlData, newUserToken, startTestServer, type TestServer } from '../support/server.js';
import { connectSandbox, jobEnded } from '../support/sync.js';

/**
 * Amazon's own fee figures on every order, end to end: an orders sync reads the account's
 * finances after the orders, writes each order's fees (referral, closing, Easy Ship or FBA, the GST
 * on them, net of refunds), and the order's profit uses them as REPORTED, never the seller's
 * commission rate.
 */
describe("Amazon's fees on every order", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ sandbox: { orders: 120, rateScale: 500 }, env: { ORDER_SYNC_INTERVAL: 'off' } });
  });
  afterAll(() => server.stop());

  it('are the finances figures of each order, to the paisa, used as the channel fees of its profit', async () => {
    const { token } = await newUserToken('amazon-fees');
    const call = <T>(query: string, variables: Record<string, unknown> = {}) => gqlData<T>(server, query, variables, token);
    await connectSandbox(server, token, 'amazon');
    await call('mutation { setProfitSettings(input: { commissionRates: { amazon: "15" } }) { codFee } }');
    const { syncProvider } = await call<{ syncProvider: { id: string } }>('mutation { syncProvider(providerId: "amazon", scope: ORDERS) { id } }');
    expect(await jobEnded(server, token, syncProvider.id)).toEqual({ status: 'SUCCEEDED', error: null });
    const { syncJob: job } = await call<{ syncJob: { logs: Array<{ message: string }> } }>('query($id: ID!) { syncJob(id: $id) { logs { message } } }', {
      id: syncProvider.id,
    });
    expect(job.logs.map((l) => l.message)).toContainEqual(expect.stringMatching(/^fees: \d+ orders' fees updated$/));

    type Node = { externalId: string; profit: { channelFees: { amount: string }; sources: { channelFees: string }; flags: string[] } | null };
    const nodes: Node[] = [];
    let after: string | null = null;
    do {
      const page: { orders: { edges: Array<{ node: Node }>; pageInfo: { hasNextPage: boolean; endCursor: string } } } = await call(
        `query($after: String) { orders(first: 100, after: $after, filter: { providerId: "amazon" }) {
          edges { node { externalId profit { channelFees { amount } sources { channelFees } flags } } } pageInfo { hasNextPage endCursor } } }`,
        { after },
      );
      nodes.push(...page.orders.edges.map((e) => e.node));
      after = page.orders.pageInfo.hasNextPage ? page.orders.pageInfo.endCursor : null;
    } while (after);

    const book = server.sandbox!.book;
    // What Amazon had posted when the sync read its finances (it reads up to two and a half minutes ago).
    const postedBefore = new Date(Date.now() - 150_000);
    let reported = 0;
    for (const node of nodes) {
      const index = [...Array(book.size).keys()].find((i) => amazonOrderId(i) === node.externalId)!;
      const fees = expectedAmazonFees(book.get(index), postedBefore);
      expect(node.profit).not.toBeNull();
      if (fees !== '0.00') {
        reported++;
        expect({ order: node.externalId, fees: node.profit!.channelFees.amount, source: node.profit!.sources.channelFees }).toEqual({
          order: node.externalId,
          fees,
          source: 'REPORTED',
        });
        expect(node.profit!.flags).not.toContain('CHANNEL_FEES_ESTIMATED');
      }
    }
    expect(reported).toBeGreaterThan(20);
  }, 120_000);
});
