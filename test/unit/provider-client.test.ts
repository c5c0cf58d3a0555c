import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { createLogger } from '../../src/logger.js';
import { ProviderError } from '../../src/domain/errors.js';
import { defineProviderApi } from '../../src/providers/provider-client.js';
import { TokenBucket } from '../../src/providers/token-bucket.js';
import type { ProviderContext } from '../../src/providers/types.js';
import { testConfig } from '../support/env.js';

/**
 * The provider plumbing every client shares: the access token on every call, refreshed once
 * when the provider drops it early; the provider's own words in its errors; payloads checked
 * at the edge; the rate the provider reports followed.
 */

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

let server: Server;
let handler: Handler;
let url: string;
const seen: Array<string | undefined> = [];

beforeAll(async () => {
  server = createServer((req, res) => handler(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));
beforeEach(() => (seen.length = 0));

const ctx: ProviderContext = { endpoints: testConfig().providers, log: createLogger({ level: 'silent', pretty: false }) };
const api = defineProviderApi({
  provider: { id: 'acme', name: 'Acme' },
  errorText: (body) => (body as { errors?: Array<{ message: string }> } | undefined)?.errors?.map((e) => e.message),
  rateHeader: 'x-acme-rate',
});
const answer = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

/** A provider that accepts only `valid`, answering `refusedWith` otherwise. */
const acceptOnly = (valid: string, header: string, refusedWith: number): Handler => {
  return (req, res) => {
    const token = req.headers[header] as string | undefined;
    seen.push(token);
    if (token === valid) answer(res, 200, { ok: true });
    else answer(res, refusedWith, { errors: [{ message: 'The access token is expired' }] });
  };
};

/** Issues "t1", "t2" … and counts how often it was asked. */
const issuer = () => {
  let n = 0;
  const refresh = async () => ({ accessToken: `t${++n}`, expiresAt: new Date(Date.now() + 3_600_000) });
  return { refresh, count: () => n };
};

describe('a token the provider drops early', () => {
  it('is refreshed once and the call made again with the new token', async () => {
    handler = acceptOnly('Bearer t2', 'authorization', 401);
    const tokens = issuer();
    // t1 is cached for an hour but the provider no longer takes it.
    const http = api.connect(ctx, { auth: { header: 'authorization', scheme: 'Bearer', credential: ['drop-1'], refresh: tokens.refresh } });
    const res = await http.send(url);
    expect(res).toMatchObject({ status: 200, body: { ok: true } });
    expect(seen).toEqual(['Bearer t1', 'Bearer t2']);
    expect(tokens.count()).toBe(2);
    // The next call takes the refreshed token from the cache.
    await http.send(url);
    expect(seen.at(-1)).toBe('Bearer t2');
    expect(tokens.count()).toBe(2);
  });

  it('is refreshed once for calls side by side, even when one learns of the refusal after the refresh', async () => {
    let refusals = 0;
    handler = (req, res) => {
      const token = req.headers.authorization;
      seen.push(token);
      if (token === 'Bearer t2') return answer(res, 200, { ok: true });
      // The second refusal arrives after the first call has already refreshed the token.
      setTimeout(() => answer(res, 401, { errors: [{ message: 'The access token is expired' }] }), refusals++ ? 150 : 0);
    };
    const tokens = issuer();
    const http = api.connect(ctx, { auth: { header: 'authorization', scheme: 'Bearer', credential: ['drop-5'], refresh: tokens.refresh } });
    const answers = await Promise.all([http.send(url), http.send(url)]);
    expect(answers.map((r) => r.status)).toEqual([200, 200]);
    expect(tokens.count()).toBe(2);
  });

  it('is refreshed only once: a second refusal is the answer the caller reads', async () => {
    handler = acceptOnly('never', 'authorization', 401);
    const tokens = issuer();
    const http = api.connect(ctx, { auth: { header: 'authorization', scheme: 'Bearer', credential: ['drop-2'], refresh: tokens.refresh } });
    const res = await http.send(url);
    expect(res.status).toBe(401);
    expect(seen).toEqual(['Bearer t1', 'Bearer t2']);
    expect(api.refusal('the orders request', res, { kind: 'auth', hint: 'Reconnect Acme' })).toEqual(
      new ProviderError('acme', 'auth', 'Acme refused the orders request (HTTP 401): The access token is expired. Reconnect Acme', 401),
    );
  });

  it('is refreshed on the statuses the provider uses for it (403 for Amazon), in its own header', async () => {
    handler = acceptOnly('t2', 'x-amz-access-token', 403);
    const tokens = issuer();
    const http = api.connect(ctx, { auth: { header: 'x-amz-access-token', credential: ['drop-3'], refresh: tokens.refresh, refreshOn: [401, 403] } });
    expect((await http.send(url)).status).toBe(200);
    expect(seen).toEqual(['t1', 't2']);
  });

  it('surfaces the refresh’s own refusal as it is, not as a network failure', async () => {
    handler = acceptOnly('never', 'authorization', 401);
    const refused = new ProviderError('acme', 'auth', 'Acme rejected the refresh token: reconnect Acme', 400);
    const http = api.connect(ctx, { auth: { header: 'authorization', credential: ['drop-4'], refresh: () => Promise.reject(refused) } });
    await expect(http.send(url)).rejects.toBe(refused);
    expect(seen).toEqual([]);
  });
});

describe('the provider’s answers', () => {
  it('checks a payload at the edge: another shape is the provider’s passing fault', () => {
    const page = z.object({ orders: z.array(z.string()) });
    expect(api.parse(page, { orders: ['A-1'] }, 'the orders page')).toEqual({ orders: ['A-1'] });
    expect(() => api.parse(page, { orders: 'A-1' }, 'the orders page')).toThrow(
      new ProviderError('acme', 'unavailable', 'Acme answered the orders page with a malformed body; try again later'),
    );
  });

  it('reads 429 and 5xx as unavailable and anything else as refused, in the provider’s words', () => {
    const body = { errors: [{ message: 'Slow down' }] };
    expect(api.unexpected({ status: 503, headers: {}, body })).toMatchObject({
      kind: 'unavailable',
      message: 'Acme is not answering right now (HTTP 503: Slow down); try again later',
    });
    expect(api.unexpected({ status: 409, headers: {}, body })).toMatchObject({ kind: 'request', message: 'Acme refused the request (HTTP 409): Slow down' });
    expect(api.said({ status: 400, headers: {}, body: '<html>' })).toBeUndefined();
  });

  it('ends a hint after the provider’s own full stop without doubling it', () => {
    const res = { status: 400, headers: {}, body: { errors: [{ message: 'Unknown field.' }] } };
    expect(api.refusal('the query', res, { hint: 'Update Sutra' }).message).toBe('Acme refused the query (HTTP 400): Unknown field. Update Sutra');
    expect(api.refusal('the query', { ...res, body: undefined }, { hint: 'Update Sutra' }).message).toBe('Acme refused the query (HTTP 400). Update Sutra');
  });

  it('paces every call and follows the rate the provider reports', async () => {
    handler = (_req, res) => answer(res, 200, {}, { 'x-acme-rate': '50' });
    const bucket = new TokenBucket(0.001, 1);
    const http = api.connect(ctx, { pace: bucket });
    await http.send(url);
    // At the plan's 0.001/s the second call would wait 1000 s; at the reported 50/s, 20 ms.
    const started = Date.now();
    await http.send(url);
    expect(Date.now() - started).toBeLessThan(1000);
    bucket.stop();
  });
});
