import { setTimeout as sleep } from 'node:timers/promises';
import { gql, newUserToken, startTestServer, type TestServer } from '../support/server.js';
import { connectSandbox } from '../support/sync.js';

describe('the scheduled incremental sync', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ sandbox: { orders: 150, rateScale: 500 }, env: { ORDER_SYNC_INTERVAL: '2 seconds' } });
  });
  afterAll(() => server.stop());

  it('syncs every connected sales channel on its own, then only what changed', async () => {
    const seller = await newUserToken('scheduled');
    await connectSandbox(server, seller.token, 'flipkart');
    await connectSandbox(server, seller.token, 'delhivery');
    type Jobs = { syncHistory: { edges: Array<{ node: { providerId: string; trigger: string; status: string; created: number; processed: number } }> } };
    let jobs: Jobs['syncHistory']['edges'] = [];
    for (let t = 0; t < 150; t++) {
      const res = await gql<Jobs>(server, '{ syncHistory(first: 10) { edges { node { providerId trigger status created processed } } } }', {}, seller.token);
      jobs = res.data!.syncHistory.edges.filter((e) => e.node.status === 'SUCCEEDED');
      if (jobs.length >= 2) break;
      await sleep(100);
    }
    const [latest, first] = jobs.map((e) => e.node);
    expect(first).toEqual({ providerId: 'flipkart', trigger: 'SCHEDULED', status: 'SUCCEEDED', created: 150, processed: 150 });
    // The next run starts from the saved cursor (less the overlap), and creates nothing new.
    expect(latest).toMatchObject({ providerId: 'flipkart', trigger: 'SCHEDULED', status: 'SUCCEEDED', created: 0 });
    expect(latest!.processed).toBeLessThan(150);
    // Only sales channels are synced by this schedule.
    expect(jobs.every((e) => e.node.providerId === 'flipkart')).toBe(true);
  }, 60_000);
});
