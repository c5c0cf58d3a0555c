import { gql, newUserToken, startTestServer, type TestServer } from '../support/server.js';

/**
 * Mistakes written into the operation itself (literals, page sizes, the transport) are the
 * client's: a BAD_USER_INPUT (or BAD_REQUEST) that names what to fix, logged as the client's.
 */
describe('mistakes in the operation are answered and logged as the client’s', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer({ captureLogs: true });
    ({ token } = await newUserToken('document'));
  });
  afterAll(() => server.stop());

  const SET_COST = 'mutation($cost: Decimal!) { setProductCost(sku: "A", cost: $cost) }';

  it('a Decimal literal too wide or not a number names the argument, as the same value in a variable does', async () => {
    const wide = '123456789012345678901234567890';
    const literal = await gql(server, `mutation { setProductCost(sku: "A", cost: "${wide}") }`, {}, token);
    const variable = await gql(server, SET_COST, { cost: wide }, token);
    expect([literal.status, variable.status]).toEqual([400, 400]);
    expect(literal.errors).toEqual([
      {
        message: 'Argument "cost" is not valid: Decimal may have at most 12 digits before the point (got 30)',
        locations: [{ line: 1, column: 43 }],
        extensions: { code: 'BAD_USER_INPUT', field: 'cost' },
      },
    ]);
    expect(variable.errors![0]).toMatchObject({
      message: 'Variable "$cost" is not valid: Decimal may have at most 12 digits before the point (got 30)',
      extensions: { code: 'BAD_USER_INPUT', field: 'cost' },
    });

    const exponent = await gql(server, 'mutation { setProductCost(sku: "A", cost: "1e5") }', {}, token);
    expect(exponent.errors![0]).toMatchObject({
      message: 'Argument "cost" is not valid: Decimal must be a decimal number written as a string, such as "1249.50" (got "1e5")',
      extensions: { code: 'BAD_USER_INPUT', field: 'cost' },
    });
  });

  it('a date literal that is no date names the argument, nested in an input object too', async () => {
    const month13 = await gql(server, '{ adSpend(from: "2026-13-01", to: "2026-12-31") { date } }', {}, token);
    expect(month13.status).toBe(400);
    expect(month13.errors![0]).toMatchObject({
      message: 'Argument "from" is not valid: Value is not a valid LocalDate',
      extensions: { code: 'BAD_USER_INPUT', field: 'from' },
    });

    const yesterday = await gql(server, '{ orders(filter: { status: DELIVERED, from: "yesterday" }) { totalCount } }', {}, token);
    expect(yesterday.status).toBe(400);
    expect(yesterday.errors![0]).toMatchObject({
      message: 'Argument "filter.from" is not valid: DateTime cannot represent an invalid date-time-string yesterday.',
      extensions: { code: 'BAD_USER_INPUT', field: 'filter.from' },
    });

    const notAnInt = await gql(server, '{ orders(first: "ten") { totalCount } }', {}, token);
    expect(notAnInt.errors![0]).toMatchObject({
      message: 'Argument "first" is not valid: Int cannot represent non-integer value',
      extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    });
  });

  it('a mistake that is not a value stays a validation failure', async () => {
    const unknown = await gql(server, '{ orders(filter: { providerId: "flipkart" }) { total } }', {}, token);
    expect(unknown.errors![0]!.extensions).toEqual({ code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  it('a page larger than the list serves says the maximum, before the cost of such a page is weighed', async () => {
    const orders = await gql(server, '{ orders(first: 5000) { edges { node { id items { sku quantity } } } } }', {}, token);
    expect(orders.status).toBe(400);
    expect(orders.errors![0]).toMatchObject({ message: 'first must be between 1 and 100 (got 5000)', extensions: { code: 'BAD_USER_INPUT', field: 'first' } });

    // A job's log has a larger page; a variable is checked the same way.
    const logs = await gql(server, 'query($n: Int) { syncHistory(first: 2) { edges { node { logs(first: $n) { message } } } } }', { n: 100_000 }, token);
    expect(logs.errors![0]).toMatchObject({ message: 'first must be between 1 and 500 (got 100000)', extensions: { code: 'BAD_USER_INPUT', field: 'first' } });
  });

  it('a subscription sent over HTTP is told where subscriptions are served', async () => {
    const res = await gql(server, 'subscription { syncProgress { jobId } }', {}, token);
    expect(res.status).toBe(400);
    expect(res.errors).toEqual([
      {
        message:
          'Subscriptions are served over the websocket at this same path (/graphql), with the graphql-transport-ws protocol; HTTP serves queries and mutations',
        extensions: { code: 'BAD_REQUEST' },
      },
    ]);
  });

  it('logs a client’s mistake at info, without a stack trace', async () => {
    const before = server.logs.length;
    const unknown = await gql(server, 'mutation { syncProvider(providerId: "ebay") { id } }', {}, token);
    expect(unknown.errors![0]!.extensions!.code).toBe('BAD_USER_INPUT');
    await gql(server, '{ adSpend(from: "2026-13-01", to: "2026-12-31") { date } }', {}, token);
    const lines = server.logs.slice(before).map((l) => JSON.parse(l) as Record<string, unknown>);
    const refused = lines.filter((l) => l.msg === 'graphql operation refused');
    expect(refused.map((l) => [l.level, l.code, l.field])).toEqual([
      [30, 'BAD_USER_INPUT', 'providerId'],
      [30, 'BAD_USER_INPUT', 'from'],
    ]);
    expect(lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
    expect(JSON.stringify(lines)).not.toContain('    at ');
  });
});
