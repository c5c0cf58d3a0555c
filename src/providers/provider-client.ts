import type { z } from 'zod';
import { ProviderError, type ProviderErrorKind } from '../domain/errors.js';
import { createHttpClient, providerText, refusal, unexpectedStatus, type HttpClient, type HttpResult, type RefusalOptions, type TokenAuth } from './http.js';
import type { TokenBucket } from './token-bucket.js';
import type { ProviderContext, ProviderDefinition } from './types.js';

/**
 * What Sutra knows of one provider API, as data (in the manner of Nango's providers.yaml): whose
 * it is, how the seller calls it, where its error bodies keep their words and how it limits
 * calls. Everything else a provider folder holds is its endpoints, payloads and rules.
 */
export interface ProviderApiSpec {
  /** The provider's definition: its id goes on every error and log line, its name in every message. */
  provider: Pick<ProviderDefinition, 'id' | 'name'>;
  /** The name the seller knows this API by, where it is not the catalog card's ("Meta" for Meta Ads). */
  name?: string;
  /** The provider's own words in one of its error bodies (a string, a list of them, or nothing): its one extraction. */
  errorText(body: unknown): unknown;
  /** False where a 429 carries no Retry-After and the client paces itself instead (Amazon); got retries it otherwise. */
  retry429?: boolean;
  /** The header in which the provider reports the rate (calls per second) it applies to the call (Amazon's x-amzn-RateLimit-Limit). */
  rateHeader?: string;
}

/** How one sync or connect check calls the API. */
export interface ConnectOptions {
  /** Retries of a failed call (3 by default, where a seller waits for a connect check; a sync can wait longer). */
  retries?: number;
  /** The short-lived access token the calls carry, refreshed once when the provider refuses it early. */
  auth?: TokenAuth;
  /** A usage plan every attempt waits on; it follows `rateHeader` when the provider reports one. */
  pace?: TokenBucket;
}

/**
 * One provider API's plumbing, written once: its HTTP client, the check of every payload at the
 * edge, and its errors, each carrying the provider's id, its name and its own words.
 */
export class ProviderApi {
  readonly id: string;
  readonly name: string;

  constructor(private readonly spec: ProviderApiSpec) {
    this.id = spec.provider.id;
    this.name = spec.name ?? spec.provider.name;
  }

  /** An HTTP client with the provider's timeout, retries, limits and, when given, its access token. */
  connect(ctx: ProviderContext, { retries, auth, pace }: ConnectOptions = {}): HttpClient {
    const { retry429, rateHeader } = this.spec;
    return createHttpClient({
      providerId: this.id,
      providerName: this.name,
      timeoutMs: ctx.endpoints.timeoutMs,
      log: ctx.log,
      retryLimit: retries,
      retry429,
      auth,
      pace,
      rateHeader,
    });
  }

  /** A body checked against its schema; one of another shape is the provider's passing fault, worth another try later. */
  parse<T>(schema: z.ZodType<T>, body: unknown, what: string): T {
    const parsed = schema.safeParse(body);
    if (!parsed.success) throw this.error('unavailable', `${this.name} answered ${what} with a malformed body; try again later`);
    return parsed.data;
  }

  /** The provider's own words in an answer, as one line. */
  said(res: HttpResult): string | undefined {
    return providerText(this.spec.errorText(res.body));
  }

  /** "<Name> refused <what> (HTTP n): <its words>. <hint>". */
  refusal(what: string, res: HttpResult, options?: RefusalOptions): ProviderError {
    return refusal(this.id, this.name, what, res, this.spec.errorText(res.body), options);
  }

  /** A status no rule of the provider's claimed: unavailable for 429 and 5xx, else refused. */
  unexpected(res: HttpResult): ProviderError {
    return unexpectedStatus(this.id, this.name, res, this.spec.errorText(res.body));
  }

  /** An error in the provider's name with a message of the provider's own client. */
  error(kind: ProviderErrorKind, message: string, status?: number): ProviderError {
    return new ProviderError(this.id, kind, message, status);
  }
}

export const defineProviderApi = (spec: ProviderApiSpec): ProviderApi => new ProviderApi(spec);
