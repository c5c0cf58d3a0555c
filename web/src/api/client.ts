import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

/** The API's address on this same origin: the console is served by the server it talks to. */
export const graphqlUrl = (): string => new URL('/graphql', window.location.href).href;
export const graphqlWsUrl = (): string => graphqlUrl().replace(/^http/, 'ws');

/** One websocket per sign-in: graphql-ws authenticates at connection_init with the same bearer token. */
export function createWs(token: string): WsClient {
  return createWsClient({
    url: graphqlWsUrl(),
    connectionParams: { authorization: `Bearer ${token}` },
    lazy: true,
    // The server closes the socket when the token expires; reconnecting a few times covers a restart.
    retryAttempts: 5,
  });
}

/**
 * urql over HTTP for queries and mutations, over graphql-ws for subscriptions. An answer that
 * refuses the token (expired, or signed with another secret) signs the seller out.
 */
export function createApiClient(token: string, ws: WsClient, onRefused: () => void): Client {
  return new Client({
    url: graphqlUrl(),
    exchanges: [
      mapExchange({
        onError(error) {
          if (error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED') || error.response?.status === 401) onRefused();
        },
      }),
      cacheExchange,
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = ws.subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
    fetchOptions: () => ({ headers: { authorization: `Bearer ${token}` } }),
    // POST, always: the API's CSRF guard refuses a GET without a preflight header, and a query in a URL lands in logs.
    preferGetMethod: false,
    requestPolicy: 'cache-and-network',
  });
}
