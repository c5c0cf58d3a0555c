import { z } from 'zod';
import { accessTokens, tokenKey } from '../access-tokens.js';
import { createHttpClient, ProviderError, refusal, unexpectedStatus, type HttpClient, type HttpResult } from '../http.js';
import { TokenBucket } from '../token-bucket.js';
import type { CredentialFields, ProviderContext, SyncSession } from '../types.js';
import { errorList } from './payloads.js';

const lwaToken = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive(), token_type: z.string() });
const lwaError = z.object({ error: z.string(), error_description: z.string().optional() });

export interface AccessToken {
  accessToken: string;
  expiresAt: Date;
}

/** Login with Amazon: trades the seller's refresh token for a one-hour access token. */
export async function refreshAccessToken(fields: CredentialFields, ctx: ProviderContext): Promise<AccessToken> {
  const http = createHttpClient({ providerId: 'amazon', providerName: 'Amazon', timeoutMs: ctx.endpoints.timeoutMs, log: ctx.log });
  const res = await http.send(ctx.endpoints.amazonLwaTokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=UTF-8' },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: fields.refresh_token!,
      client_id: fields.lwa_client_id!,
      client_secret: fields.lwa_client_secret!,
    }).toString(),
  });
  if (res.status === 200) {
    const token = lwaToken.safeParse(res.body);
    if (!token.success) throw new ProviderError('amazon', 'unavailable', 'Amazon answered the token request with an unexpected body; try again later');
    return { accessToken: token.data.access_token, expiresAt: new Date(Date.now() + token.data.expires_in * 1000) };
  }
  throw lwaFailure(res);
}

function lwaFailure(res: HttpResult): ProviderError {
  const body = lwaError.safeParse(res.body).data;
  const code = body?.error;
  if (code === 'invalid_grant') return new ProviderError('amazon', 'auth', 'Amazon rejected the refresh token: reconnect Amazon (authorize the app again in Seller Central)', res.status);
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    return new ProviderError('amazon', 'auth', 'Amazon rejected the LWA client id or secret: check them in Seller Central → Develop Apps', res.status);
  }
  if (code === 'invalid_request' || code === 'invalid_scope') return new ProviderError('amazon', 'request', `Amazon refused the token request (${code})`, res.status);
  return unexpectedStatus('amazon', 'Amazon', res, body?.error_description);
}

/**
 * What SP-API said, from its ErrorList body (`{"errors":[{"code","message","details"}]}`,
 * REFERENCE.md §2.4): each error's code and message ("InvalidInput: …"), for the seller's error message.
 */
export function amazonErrorText(body: unknown): string[] {
  return (errorList.safeParse(body).data?.errors ?? []).map((e) => (e.message ? `${e.code}: ${e.message}` : e.code));
}

/** A usage plan: requests per second and burst (REFERENCE.md §2.3 for searchOrders). */
export interface UsagePlan {
  rate: number;
  burst: number;
}

// A throttled call waits for the bucket to refill; after this many in a row Amazon is not keeping its plan.
const MAX_THROTTLED_TRIES = 30;

/**
 * One SP-API operation for one sync: GETs paced by a token bucket at the operation's usage
 * plan, following the rate Amazon reports in `x-amzn-RateLimit-Limit`; a 429 (which carries no
 * Retry-After) empties the bucket and waits for it. A 403 is first taken for an LWA access token
 * Amazon stopped accepting early: it is refreshed once before the 403 counts.
 */
export class SpApiOperation {
  private readonly http: HttpClient;
  private readonly bucket: TokenBucket;
  private readonly base: string;
  private readonly key: string;

  constructor(
    private readonly session: SyncSession,
    /** The operation's name in the model, for logs. */
    private readonly operation: string,
    /** What the seller is told was refused, e.g. "the orders search". */
    private readonly what: string,
    plan: UsagePlan,
  ) {
    this.http = createHttpClient({ providerId: 'amazon', providerName: 'Amazon', timeoutMs: session.endpoints.timeoutMs, log: session.log, retry429: false });
    this.bucket = new TokenBucket(plan.rate, plan.burst);
    this.base = session.endpoints.amazonSpApiBaseUrl.replace(/\/$/, '');
    const c = session.credentials;
    this.key = tokenKey('amazon', c.lwa_client_id, c.refresh_token);
  }

  /** GETs `path` (with its query); any final status comes back for the caller to read. */
  async get(path: string): Promise<HttpResult> {
    for (let attempt = 1; ; attempt++) {
      const token = await accessTokens.get(this.key, () => refreshAccessToken(this.session.credentials, this.session));
      const res = await this.bucket.run(() => this.http.send(this.base + path, { headers: { 'x-amz-access-token': token, accept: 'application/json' } }));
      const applied = Number(res.headers['x-amzn-ratelimit-limit']);
      if (applied > 0) this.bucket.setRate(applied);
      if (res.status === 429 && attempt < MAX_THROTTLED_TRIES) {
        this.session.log.warn({ provider: 'amazon', operation: this.operation, attempt }, 'Amazon quota exceeded; waiting for the usage plan to refill');
        this.bucket.empty();
        continue;
      }
      if (res.status === 403 && attempt === 1) {
        accessTokens.invalidate(this.key);
        continue;
      }
      return res;
    }
  }

  /** A status the caller did not expect, as the seller should read it, with Amazon's own words. */
  failure(res: HttpResult): ProviderError {
    const said = amazonErrorText(res.body);
    const unauthorized = errorList.safeParse(res.body).data?.errors.some((e) => e.code === 'Unauthorized');
    if (res.status === 403 || unauthorized) {
      const refused = refusal('amazon', 'Amazon', this.what, res, said, 'auth').message;
      const hint = 'Reconnect Amazon, and check that the app has the Orders role in Seller Central';
      return new ProviderError('amazon', 'auth', `${refused}${/[.!?]$/.test(refused) ? ' ' : '. '}${hint}`, res.status);
    }
    if (res.status >= 400 && res.status < 500 && res.status !== 429) return refusal('amazon', 'Amazon', this.what, res, said);
    return unexpectedStatus('amazon', 'Amazon', res, said);
  }

  /** Waiting calls give up (the sync ended). */
  close(): void {
    this.bucket.stop();
  }
}

/** A page that does not have the shape the model promises: worth another try later. */
export function parsePage<T>(schema: z.ZodType<T>, res: HttpResult): T {
  const parsed = schema.safeParse(res.body);
  if (!parsed.success) throw new ProviderError('amazon', 'unavailable', 'Amazon answered with a malformed page; the sync will retry');
  return parsed.data;
}
