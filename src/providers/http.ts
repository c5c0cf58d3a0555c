import got, { HTTPError, RequestError, type Got, type OptionsOfTextResponseBody } from 'got';
import type { Logger } from '../logger.js';

/**
 * The one HTTP layer every provider client uses: a timeout on every call, and retries with
 * exponential backoff and jitter on 408/429/5xx and network errors, honouring Retry-After
 * (got does both). A response that retrying cannot fix is handed back for the provider's
 * client to turn into a message the seller can act on.
 */

export type ProviderErrorKind =
  /** The provider refused the credentials: the seller must fix or reconnect them. */
  | 'auth'
  /** The provider refused the request itself (4xx): retrying will not help. */
  | 'request'
  /** The provider did not answer usefully after retries (5xx, 429, timeouts). */
  | 'unavailable';

export class ProviderError extends Error {
  override name = 'ProviderError';
  constructor(
    readonly providerId: string,
    readonly kind: ProviderErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON when the body is JSON, else the text. */
  body: unknown;
}

export interface HttpClientOptions {
  providerId: string;
  providerName: string;
  timeoutMs: number;
  log?: Logger;
  retryLimit?: number;
  /** False for providers whose 429s the caller paces itself (Amazon sends no Retry-After). */
  retry429?: boolean;
}

export interface HttpClient {
  /** Sends a request; any HTTP status comes back as a result, network failure as ProviderError. */
  send(url: string, options?: OptionsOfTextResponseBody): Promise<HttpResult>;
}

const USER_AGENT = 'Sutra/0.1 (+https://github.com/sutra)';

export function createHttpClient({ providerId, providerName, timeoutMs, log, retryLimit = 3, retry429 = true }: HttpClientOptions): HttpClient {
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
      beforeRetry: [
        (error, retryCount) => {
          log?.warn({ provider: providerId, status: error.response?.statusCode, code: error.code, retryCount }, `${providerName} call failed, retrying`);
        },
      ],
    },
  });

  return {
    async send(url, options = {}) {
      try {
        const res = await client(url, { ...options, responseType: 'text' });
        return { status: res.statusCode, headers: res.headers, body: parseBody(res.body) };
      } catch (err) {
        if (err instanceof HTTPError) return { status: err.response.statusCode, headers: err.response.headers, body: parseBody(String(err.response.body)) };
        const reason = err instanceof RequestError ? (err.code === 'ETIMEDOUT' ? `no answer within ${timeoutMs / 1000} s` : err.code) : 'the request failed';
        throw new ProviderError(providerId, 'unavailable', `${providerName} could not be reached (${reason}); try again later`);
      }
    },
  };
}

function parseBody(text: string): unknown {
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

/** "Flipkart refused the shipments search (HTTP 400): <what Flipkart said>". */
export function refusal(providerId: string, providerName: string, what: string, res: HttpResult, detail?: unknown, kind: ProviderErrorKind = 'request'): ProviderError {
  const said = providerText(detail);
  return new ProviderError(providerId, kind, `${providerName} refused ${what} (HTTP ${res.status})${said ? `: ${said}` : ''}`, res.status);
}

/** The generic reading of a status no provider-specific rule claimed, with the provider's own words when it gave any. */
export function unexpectedStatus(providerId: string, providerName: string, res: HttpResult, detail?: unknown): ProviderError {
  const said = providerText(detail);
  if (res.status === 429 || res.status >= 500) {
    return new ProviderError(providerId, 'unavailable', `${providerName} is not answering right now (HTTP ${res.status}${said ? `: ${said}` : ''}); try again later`, res.status);
  }
  return refusal(providerId, providerName, 'the request', res, detail);
}
