import { gql, newUserToken, startTestServer, type GraphQLResponse, type TestServer } from '../support/server.js';
import { statementsOf } from '../support/statements.js';

/**
 * A field asked of every node of a page costs one query for the page: the number of SQL
 * statements a request runs does not grow with the page.
 */
describe('queries per request', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  async function sellerWithJobs(jobs: number) {
    const seller = await newUserToken('count');
    await gql(server, '{ channelAccounts { id } }', {}, seller.token);
    const db = server.db.em.getConnection();
    const [user] = await db.execute<{ id: string }[]>('select id from users where subject = ?', [seller.subject]);
    const [account] = await db.execute<{ id: string }[]>(
      `insert into channel_accounts (id, user_id, provider_id, channel_type, external_id, display_name)
       values (gen_random_uuid(), ?, 'flipkart', 'FLIPKART', 'x', 'x') returning id`,
      [user!.id],
    );
    await db.execute(
      `with j as (
         insert into sync_jobs (id, user_id, provider_id, channel_account_id, scope, trigger, status, processed, created, updated, failed, queued_at)
         select gen_random_uuid(), ?, 'flipkart', ?, 'ORDERS', 'MANUAL', 'SUCCEEDED', 1, 1, 0, 0, now() - make_interval(secs => g) from generate_series(1, ?) g
         returning id)
       insert into sync_logs (id, user_id, job_id, at, level, message)
       select gen_random_uuid(), ?, j.id, now(), 'info', 'line ' || n from j, generate_series(1, 3) n`,
      [user!.id, account!.id, jobs, user!.id],
    );
    return seller.token;
  }

  it('syncHistory(first: 100) { logs } runs the same number of statements for 3 jobs and for 60', async () => {
    const query = '{ syncHistory(first: 100) { edges { node { id logs { message } } } } }';
    const counts = [];
    for (const jobs of [3, 60]) {
      const token = await sellerWithJobs(jobs);
      let answer: GraphQLResponse<{ syncHistory: { edges: Array<{ node: { logs: unknown[] } }> } }> | undefined;
      counts.push(
        (await statementsOf(async () => (answer = await gql<{ syncHistory: { edges: Array<{ node: { logs: unknown[] } }> } }>(server, query, {}, token))))
          .length,
      );
      expect(answer!.data!.syncHistory.edges).toHaveLength(jobs);
      expect(answer!.data!.syncHistory.edges.every((e) => e.node.logs.length === 3)).toBe(true);
    }
    expect(counts[0]).toBeGreaterThan(1);
    expect(counts[1]).toBe(counts[0]);
  });

  it('refuses more log lines than it serves at once, instead of cutting them short', async () => {
    const token = await sellerWithJobs(1);
    const res = await gql(server, '{ syncHistory(first: 1) { edges { node { logs(first: 501) { message } } } } }', {}, token);
    expect(res.errors![0]).toMatchObject({ message: 'first must be between 1 and 500 (got 501)', extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
  });
});
