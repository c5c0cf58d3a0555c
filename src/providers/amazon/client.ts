import type { ProviderError } from '../../domain/errors.js';
import type { HttpClient, HttpResult } from '../http.js';
import type { IssuedToken } from '../access-tokens.js';
import { oauthErrorText, requestToken } from '../oauth2.js';
import { defineProviderApi } from '../provider-client.js';
import { TokenBucket } from '../token-bucket.js';
import type { CredentialFields, ProviderContext, SyncSession } from '../types.js';
import { definition } from './definition.js';
import { errorList } from './payloads.js';

/**
 * What SP-API said, from its ErrorList body (`{"errors":[{"code","message","details"}]}`,
 * docs/providers.md §2.4): each error's code and message ("InvalidInput: …"), and its details when
 * Amazon gives any (e.g. "The marketplaces you provided are not valid for region.",
 * selling-partner-api-models#5126), for the seller's error message.
 */
function amazonErrorText(body: unknown): string[] {
  return (errorList.safeParse(body).data?.errors ?? []).map((e) => {
    const text = e.message ? `${e.code}: ${e.message}` : e.code;
    if (!e.details || e.details === e.message) return text;
    return `${text}${/[.!?]$/.test(text) ? ' ' : '. '}${e.details}`;
  });
}

/** Login with Amazon, which says why in an OAuth error body. */
const lwa = defineProviderApi({ provider: definition, errorText: oauthErrorText });

/**
 * SP-API. A throttled call carries no Retry-After (so got does not retry 429s): the caller
 * paces itself by each operation's usage plan and by the rate Amazon reports applying.
 */
export const spApi = defineProviderApi({ provider: definition, errorText: amazonErrorText, retry429: false, rateHeader: 'x-amzn-ratelimit-limit' });

/** Login with Amazon: trades the seller's refresh token for a one-hour access token (docs/providers.md §2.1). */
export function refreshAccessToken(fields: CredentialFields, ctx: ProviderContext): Promise<IssuedToken> {
  return requestToken(lwa, ctx, {
    url: ctx.endpoints.amazonLwaTokenUrl,
    params: { grant_type: 'refresh_token', refresh_token: fields.refresh_token! },
    client: { id: fields.lwa_client_id!, secret: fields.lwa_client_secret!, in: 'params' },
    refused: {
      grant: { what: 'the refresh token', hint: 'Reconnect Amazon: authorize the app again in Seller Central' },
      client: { what: 'the LWA client id or secret', hint: 'Check them in Seller Central → Develop Apps' },
    },
  });
}

/** A usage plan: requests per second and burst (docs/providers.md §2.3 for searchOrders, §2.5 for listTransactions). */
export interface UsagePlan {
  rate: number;
  burst: number;
}

// A throttled call waits for the bucket to refill; after this many in a row Amazon is not keeping its plan.
const MAX_THROTTLED_TRIES = 30;

/**
 * One SP-API operation for one sync: GETs paced by a token bucket at the operation's usage
 * plan, following the rate Amazon reports; a 429 empties the bucket and waits for it. The LWA
 * access token goes in x-amz-access-token; a 403 is first taken for a token Amazon stopped
 * accepting early: it is refreshed once before the 403 counts.
 */
export class SpApiOperation {
  private readonly http: HttpClient;
  private readonly bucket: TokenBucket;
  private readonly base: string;

  constructor(
    private readonly session: SyncSession,
    /** The operation's name in the model, for logs. */
    private readonly operation: string,
    /** What the seller is told was refused, e.g. "the orders search". */
    private readonly what: string,
    plan: UsagePlan,
    /** What to check when Amazon refuses access: the role the operation needs. */
    private readonly roleHint = 'Reconnect Amazon, and check that the app has the Inventory and Order Tracking role in Seller Central',
  ) {
    this.bucket = new TokenBucket(plan.rate, plan.burst);
    const c = session.credentials;
    this.http = spApi.connect(session, {
      pace: this.bucket,
      auth: {
        header: 'x-amz-access-token',
        credential: [c.lwa_client_id, c.refresh_token],
        refresh: () => refreshAccessToken(c, session),
        refreshOn: [401, 403],
      },
    });
    this.base = session.endpoints.amazonSpApiBaseUrl.replace(/\/$/, '');
  }

  /** GETs `path` (with its query); any final status comes back for the caller to read. */
  async get(path: string): Promise<HttpResult> {
    for (let attempt = 1; ; attempt++) {
      const res = await this.http.send(this.base + path, { headers: { accept: 'application/json' } });
      if (res.status !== 429 || attempt >= MAX_THROTTLED_TRIES) return res;
      this.session.log.warn({ provider: spApi.id, operation: this.operation, attempt }, 'Amazon quota exceeded; waiting for the usage plan to refill');
      this.bucket.empty();
    }
  }

  /** A status the caller did not expect, as the seller should read it, with Amazon's own words. */
  failure(res: HttpResult): ProviderError {
    const unauthorized = errorList.safeParse(res.body).data?.errors.some((e) => e.code === 'Unauthorized');
    if (res.status === 403 || unauthorized) {
      // The role each operation needs is its caller's `roleHint`: searchOrders takes any of a dozen roles, Inventory
      // and Order Tracking being the one for reading orders (developer-docs.amazon.com/sp-api/docs/get-orders-with-filtering-criteria).
      return spApi.refusal(this.what, res, { kind: 'auth', hint: this.roleHint });
    }
    if (res.status >= 400 && res.status < 500 && res.status !== 429) return spApi.refusal(this.what, res);
    return spApi.unexpected(res);
  }

  /** Waiting calls give up (the sync ended). */
  close(): void {
    this.bucket.stop();
  }
}
