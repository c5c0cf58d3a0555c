import type { FormattedExecutionResult } from 'graphql';
import { gql, newUserToken, startTestServer, wsClient, type TestServer } from '../support/server.js';

/** Domain errors reach a client with the same code and message over HTTP and over graphql-ws (graphql/error-codes.ts). */
describe('error codes', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer();
    ({ token } = await newUserToken('codes'));
  });
  afterAll(() => server.stop());

  /** The answer over graphql-ws: a result (`next`), or the errors of an operation refused before it ran (`error`). */
  const overWs = async (query: string): Promise<FormattedExecutionResult> => {
    const client = wsClient(server, token);
    try {
      return await new Promise((resolve, reject) => {
        let result: FormattedExecutionResult | undefined;
        client.subscribe(
          { query },
          {
            next: (r) => (result = r as FormattedExecutionResult),
            error: (e) => (Array.isArray(e) ? resolve({ errors: e as FormattedExecutionResult['errors'] }) : reject(e)),
            complete: () => resolve(result!),
          },
        );
      });
    } finally {
      await client.dispose();
    }
  };

  it.each([
    [
      'an unknown provider',
      'mutation { syncProvider(providerId: "ebay") { id } }',
      { code: 'BAD_USER_INPUT', field: 'providerId' },
      /^Unknown provider "ebay"/,
    ],
    [
      'a provider not connected',
      'mutation { syncProvider(providerId: "flipkart") { id } }',
      { code: 'BAD_USER_INPUT', field: 'providerId' },
      /^Connect Flipkart first/,
    ],
    [
      'an unknown provider in the orders filter',
      '{ orders(filter: { providerId: "shopfy" }) { totalCount } }',
      { code: 'BAD_USER_INPUT', field: 'filter.providerId' },
      /^Unknown provider "shopfy"\. Known providers: .*shopify/,
    ],
    [
      'an unknown provider in the sync history',
      '{ syncHistory(providerId: "flipcart") { edges { cursor } } }',
      { code: 'BAD_USER_INPUT', field: 'providerId' },
      /^Unknown provider "flipcart"/,
    ],
    [
      'credentials that do not fit the form',
      'mutation { connectProvider(providerId: "selloship", credentials: { username: "x" }) { status { state } } }',
      { code: 'BAD_USER_INPUT', field: 'username' },
      /^Check the Selloship fields: username must be an email address/,
    ],
  ])('%s: the same answer over HTTP and over the websocket', async (_what, query, extensions, message) => {
    const http = await gql(server, query, {}, token);
    const ws = await overWs(query);
    for (const answer of [http, ws]) {
      expect(answer.errors![0]!.extensions).toMatchObject(extensions);
      expect(answer.errors![0]!.message).toMatch(message);
    }
  });

  // Mistakes found before the operation runs: graphql-ws used to send graphql-js's bare errors, without a code.
  const DEEP = `{ __type(name: "Query") { fields { type ${'{ ofType '.repeat(10)}{ name }${' }'.repeat(10)} } } }`;
  it.each([
    ['a syntax error', '{ orders { totalCount }', 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', '{ orders { total } }', 'GRAPHQL_VALIDATION_FAILED'],
    ['a document deeper than the limit', DEEP, 'GRAPHQL_VALIDATION_FAILED'],
    ['a cost over the limit', '{ syncHistory(first: 100) { edges { node { logs(first: 500) { message } } } } }', 'QUERY_TOO_COSTLY'],
    ['a variable left out', 'query($first: Int!) { orders(first: $first) { totalCount } }', 'BAD_USER_INPUT'],
    ['a mistake in a literal', 'mutation { setProductCost(sku: "A", cost: "1e5") }', 'BAD_USER_INPUT'],
    ['a page larger than the maximum', '{ orders(first: 5000) { edges { node { id items { sku quantity } } } } }', 'BAD_USER_INPUT'],
  ])('%s: the same errors over HTTP and over the websocket', async (_what, query, code) => {
    const http = await gql(server, query, {}, token);
    const ws = await overWs(query);
    expect(http.errors![0]!.extensions!.code).toBe(code);
    expect(ws.errors).toEqual(http.errors);
  });
});
