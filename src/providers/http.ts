import got, { HTTPError, RequestError, type Got, type OptionsOfTextResponseBody } from 'got';
import { ProviderError, type ProviderErrorKind } from '../domain/errors.js';
import type { Logger } from '../logger.js';
import { accessTokens, tokenKey, type IssuedToken } from './access-tokens.js';
import type { TokenBucket } from './token-bucket.js';

/**
 * The one HTTP layer every provider client uses: a timeout on every call, and retries with
 * exponential backoff and jitter on 408/429/5xx and network errors, honouring Retry-After
 * (got does both). A short-lived access token is put on every attempt and refreshed once when
 * the provider refuses it early. A response that retrying cannot fix is handed back for the
 * provider's client to turn into a message the seller can act on.
 */

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the body is JSON, else the text. */
  body: unknown;
}

/** A short-lived access token traded for the seller's credential (LWA, Flipkart self-access). */
export interface TokenAuth {
  /** The request header the token goes in: `authorization`, or Amazon's `x-amz-access-token`. */
  header: string;
  /** Written before the token, e.g. "Bearer"; none for a bare token. */
  scheme?: string;
  /** What identifies the credential (hashed into the token cache's key, never kept as is). */
  credential: Array<string | undefined>;
  /** Trades the credential for a new token; its ProviderError reaches the caller as it is. */
  refresh(): Promise<IssuedToken>;
  /**
   * Statuses by which the provider refuses a token it dropped before its time: the token is
   * refreshed and the call made again, once. 401 by default; Amazon answers 403.
   */
  refreshOn?: readonly number[];
}

export interface HttpClientOptions {
  providerId: string;
  providerName: string;
  timeoutMs: number;
  log?: Logger;
  retryLimit?: number;
  /** False for providers whose 429s the caller paces itself (Amazon sends no Retry-After). */
  retry429?: boolean;
  auth?: TokenAuth;
  /** Every attempt (retries included) waits for a token of this bucket first. */
  pace?: TokenBucket;
  /** A header in which the provider reports the rate (calls per second) it applies: `pace` follows it. */
  rateHeader?: string;
}

export interface HttpClient {
  /** Sends a request; any HTTP status comes back as a result, network failure as ProviderError. */
  send(url: string, options?: OptionsOfTextResponseBody): Promise<HttpResult>;
}

const USER_AGENT = 'Sutra/0.1 (+https://github.com/sutra)';

export function createHttpClient(options: HttpClientOptions): HttpClient {
  const { providerId, providerName, timeoutMs, log, retryLimit = 3, retry429 = true, auth, pace, rateHeader } = options;
  const key = auth && tokenKey(providerId, ...auth.credential);
  const client: Got = got.extend({
    timeout: { request: timeoutMs },
    headers: { 'user-agent': USER_AGENT },
    retry: {
      limit: retryLimit,
      // Token and search calls are safe to repeat; a non-idempotent call opts out per request.
      methods: ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS'],
      statusCodes: retry429 ? [408, 429, 500, 502, 503, 504] : [408, 500, 502, 503, 504],
      maxRetryAfter: 5 * 60_000,
      backoffLimit: 30_000,
      noise: 100,
    },
    hooks: {
      // got runs these before every attempt, retries included, so each one is paced and carries the token cached now.
      beforeRequest: [
        async (outgoing) => {
          if (pace) await pace.take();
          if (auth && key) {
            const token = await accessTokens.get(key, () => auth.refresh());
            outgoing.headers[auth.header] = auth.scheme ? `${auth.scheme} ${token}` : token;
            outgoing.context.sentToken = token;
          }
        },
      ],
      afterResponse: [
        (response, retryWithMergedOptions) => {
          const applied = rateHeader ? Number(response.headers[rateHeader]) : 0;
          if (pace && applied > 0) pace.setRate(applied);
          const refused = auth && key && (auth.refreshOn ?? [401]).includes(response.statusCode);
          if (!refused || response.request.options.context.tokenRefreshed) return response;
          // Once per call: the mark stays on the retried request, whose answer then stands.
          accessTokens.invalidate(key, response.request.options.context.sentToken as string);
          log?.info({ provider: providerId, status: response.statusCode }, `${providerName} refused the access token early; trying again with a new one`);
          return retryWithMergedOptions({ context: { tokenRefreshed: true }, preserveHooks: true });
        },
      ],
      beforeRetry: [
        (error, retryCount) => {
          // A retry for a new token was logged by the hook that asked for it.
          if (error.name === 'RetryError') return;
          log?.warn({ provider: providerId, status: error.response?.statusCode, code: error.code, retryCount }, `${providerName} call failed, retrying`);
        },
      ],
    },
  });

  return {
    async send(url, options = {}) {
      try {
        // The body as bytes, decoded once here: got's 'text' decodes chunk by chunk, joins the
        // pieces and encodes them back into a buffer, three copies of every page where one does.
        const res = await client(url, { ...options, responseType: 'buffer' });
        return { status: res.statusCode, headers: res.headers, body: parseBody(res.body) };
      } catch (err) {
        if (err instanceof HTTPError) return { status: err.response.statusCode, headers: err.response.headers, body: parseBody(err.response.body) };
        // A hook's failure (the token refresh refused) comes wrapped by got: it is the provider's answer, not the network's.
        if (err instanceof RequestError && err.cause instanceof ProviderError) throw err.cause;
        const reason = err instanceof RequestError ? (err.code === 'ETIMEDOUT' ? `no answer within ${timeoutMs / 1000} s` : err.code) : 'the request failed';
        throw new ProviderError(providerId, 'unavailable', `${providerName} could not be reached (${reason}); try again later`);
      }
    },
  };
}

const utf8 = new TextDecoder();

function parseBody(bytes: unknown): unknown {
  const text = bytes instanceof Uint8Array ? utf8.decode(bytes) : String(bytes ?? '');
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * The provider's own error text, made fit for a SyncLog line, a SyncJob message and a
 * GraphQL error: one line, at most 300 characters. Each provider's client picks the text
 * out of its own error body (Flipkart's errors[].description, Amazon's errors[].message …);
 * those bodies describe the request, never the credentials, so nothing secret is in them.
 */
export function providerText(text: unknown): string | undefined {
  const parts = (Array.isArray(text) ? text : [text]).filter((t): t is string => typeof t === 'string' && t.trim() !== '');
  if (!parts.length) return undefined;
  const line = [...new Set(parts.map((t) => t.replace(/\s+/g, ' ').trim()))].join('; ');
  return line.length > 300 ? `${line.slice(0, 299)}…` : line;
}

export interface RefusalOptions {
  kind?: ProviderErrorKind;
  /** What the seller can do about it, after the provider's words. */
  hint?: string;
}

/** "Flipkart refused the shipments search (HTTP 400): <what Flipkart said>. <hint>". */
export function refusal(
  providerId: string,
  providerName: string,
  what: string,
  res: HttpResult,
  detail?: unknown,
  options: RefusalOptions = {},
): ProviderError {
  const { kind = 'request', hint } = options;
  const said = providerText(detail);
  const refused = `${providerName} refused ${what} (HTTP ${res.status})${said ? `: ${said}` : ''}`;
  const message = hint ? `${refused}${/[.!?]$/.test(refused) ? ' ' : '. '}${hint}` : refused;
  return new ProviderError(providerId, kind, message, res.status);
}

/** The generic reading of a status no provider-specific rule claimed, with the provider's own words when it gave any. */
export function unexpectedStatus(providerId: string, providerName: string, res: HttpResult, detail?: unknown): ProviderError {
  const said = providerText(detail);
  if (res.status === 429 || res.status >= 500) {
    return new ProviderError(
      providerId,
      'unavailable',
      `${providerName} is not answering right now (HTTP ${res.status}${said ? `: ${said}` : ''}); try again later`,
      res.status,
    );
  }
  return refusal(providerId, providerName, 'the request', res, detail);
}
