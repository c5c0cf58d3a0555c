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

  const overWs = async (query: string): Promise<FormattedExecutionResult> => {
    const client = wsClient(server, token);
    try {
      return await new Promise((resolve, reject) => {
        let result: FormattedExecutionResult | undefined;
        client.subscribe({ query }, { next: (r) => (result = r as FormattedExecutionResult), error: reject, complete: () => resolve(result!) });
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
      { code: 'BAD_USER_INPUT', field: 'channelAccountId' },
      /^Connect Flipkart first/,
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
});
