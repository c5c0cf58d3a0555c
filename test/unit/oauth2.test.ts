import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../src/logger.js';
import { ProviderError } from '../../src/domain/errors.js';
import { oauthErrorText, requestToken, type TokenGrant } from '../../src/providers/oauth2.js';
import { defineProviderApi } from '../../src/providers/provider-client.js';
import type { ProviderContext } from '../../src/providers/types.js';
import { testConfig } from '../support/env.js';

/**
 * The OAuth 2.0 token endpoint call every provider shares: how the grant and the app's identity
 * are sent, and how each refusal of RFC 6749 §5.2 reads to the seller.
 */

interface Seen {
  method?: string;
  path?: string;
  authorization?: string;
  contentType?: string;
  body: string;
}

let server: Server;
let url: string;
let seen: Seen;
let reply: (res: ServerResponse) => void;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      seen = { method: req.method, path: req.url, authorization: req.headers.authorization, contentType: req.headers['content-type'], body };
      reply(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const answer = (status: number, body: unknown) => (res: ServerResponse) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

const ctx: ProviderContext = { endpoints: { ...testConfig().providers, timeoutMs: 2_000 }, log: createLogger({ level: 'silent', pretty: false }) };
const api = defineProviderApi({ provider: { id: 'acme', name: 'Acme' }, errorText: oauthErrorText });
const refused: TokenGrant['refused'] = {
  grant: { what: 'the refresh token', hint: 'Reconnect Acme' },
  client: { what: 'the client id or secret', hint: 'Check them in the Acme console' },
};
const refreshGrant = (over: Partial<TokenGrant> = {}): TokenGrant => ({
  url,
  params: { grant_type: 'refresh_token', refresh_token: 'rt/1+2' },
  client: { id: 'app-1', secret: 's3cret', in: 'params' },
  refused,
  ...over,
});
const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('the token request succeeded');
    },
    (err: unknown) => err as ProviderError,
  );

describe('a token request', () => {
  it('POSTs the grant and the client form-encoded, and returns the token with its expiry', async () => {
    reply = answer(200, { access_token: 'at-1', expires_in: 3600, token_type: 'bearer' });
    const before = Date.now();
    const token = await requestToken(api, ctx, refreshGrant());
    expect(token.accessToken).toBe('at-1');
    expect(token.expiresAt.getTime()).toBeGreaterThanOrEqual(before + 3_600_000);
    expect(token.expiresAt.getTime()).toBeLessThanOrEqual(Date.now() + 3_600_000);
    expect(seen.method).toBe('POST');
    expect(seen.contentType).toMatch(/^application\/x-www-form-urlencoded/);
    expect(Object.fromEntries(new URLSearchParams(seen.body))).toEqual({
      grant_type: 'refresh_token',
      refresh_token: 'rt/1+2',
      client_id: 'app-1',
      client_secret: 's3cret',
    });
    expect(seen.authorization).toBeUndefined();
  });

  it('sends the client in a Basic header, and the grant in the query of a GET where the provider wants it so', async () => {
    reply = answer(200, { access_token: 'at-2', expires_in: 60 });
    await requestToken(
      api,
      ctx,
      refreshGrant({
        method: 'GET',
        params: { grant_type: 'client_credentials', scope: 'Seller_Api' },
        client: { id: 'app-1', secret: 's3cret', in: 'basic' },
      }),
    );
    expect(seen.method).toBe('GET');
    expect(seen.body).toBe('');
    expect(seen.path).toBe('/token?grant_type=client_credentials&scope=Seller_Api');
    expect(seen.authorization).toBe(`Basic ${Buffer.from('app-1:s3cret').toString('base64')}`);
  });
});

describe('a refusal', () => {
  it('of the grant is an auth error with the endpoint’s words and what the seller can do', async () => {
    reply = answer(400, { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
    const err = await failure(requestToken(api, ctx, refreshGrant()));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err.kind).toBe('auth');
    expect(err.message).toBe('Acme refused the refresh token (HTTP 400): Token has been expired or revoked. Reconnect Acme');
  });

  it.each([
    [401, { error: 'invalid_client', error_description: 'Client authentication failed' }, 'Client authentication failed'],
    [400, { error: 'unauthorized_client' }, 'unauthorized_client'],
    [401, { error: 'unauthorized', error_description: 'Bad credentials' }, 'Bad credentials'],
    [401, 'Unauthorized', undefined],
  ])('of the client (HTTP %i, %j) is an auth error naming the client', async (status, body, said) => {
    reply = answer(status, body);
    const err = await failure(requestToken(api, ctx, refreshGrant()));
    expect(err.kind).toBe('auth');
    expect(err.message).toBe(`Acme refused the client id or secret (HTTP ${status})${said ? `: ${said}` : ''}. Check them in the Acme console`);
  });

  it('of the request itself is Sutra’s mistake, not the seller’s', async () => {
    reply = answer(400, { error: 'unsupported_grant_type', error_description: 'Unsupported grant type: password' });
    const err = await failure(requestToken(api, ctx, refreshGrant()));
    expect(err.kind).toBe('request');
    expect(err.message).toBe('Acme refused the token request (HTTP 400): Unsupported grant type: password');
  });

  it('with invalid_grant where no grant hint applies (client credentials) reads as a refused request', async () => {
    reply = answer(400, { error: 'invalid_grant' });
    const err = await failure(requestToken(api, ctx, refreshGrant({ refused: { client: refused.client } })));
    expect(err.kind).toBe('request');
  });

  it('a token answer of another shape is the provider’s passing fault', async () => {
    reply = answer(200, { access_token: '', expires_in: 'soon' });
    const err = await failure(requestToken(api, ctx, refreshGrant()));
    expect(err.kind).toBe('unavailable');
    expect(err.message).toBe('Acme answered the token request with a malformed body; try again later');
  });
});
