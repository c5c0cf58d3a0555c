import { z } from 'zod';
import type { ProviderError } from '../../domain/errors.js';
import type { HttpResult } from '../http.js';
import type { IssuedToken } from '../access-tokens.js';
import { oauthErrorText, requestToken } from '../oauth2.js';
import { defineProviderApi } from '../provider-client.js';
import type { CredentialFields, ProviderContext } from '../types.js';
import { definition } from './definition.js';
import { adsErrorBody } from './payloads.js';

const customerRow = z.object({
  results: z
    .array(z.object({ customer: z.object({ id: z.string(), descriptiveName: z.string().optional(), currencyCode: z.string(), timeZone: z.string() }) }))
    .min(1),
});

type GoogleAdsCustomer = z.infer<typeof customerRow>['results'][number]['customer'];

/** The RPC message, then each GoogleAdsFailure error's message. */
function adsFailures(body: unknown) {
  const err = adsErrorBody.safeParse(body).data?.error;
  const failures = err?.details?.flatMap((d) => d.errors ?? []) ?? [];
  return { said: [err?.message, ...failures.map((e) => e.message)], codes: new Set(failures.flatMap((e) => Object.values(e.errorCode ?? {}))) };
}

/**
 * Google's OAuth server and the Google Ads API, each with its own error body. Both are
 * "Google" to the seller: it is a Google login or access that is refused.
 */
const oauthApi = defineProviderApi({ provider: definition, name: 'Google', errorText: oauthErrorText });
/**
 * The Ads API's 429 carries its wait in the body (quotaErrorDetails.retryDelay, docs/providers.md
 * §6.3), not in Retry-After: got does not retry it blindly (a daily quota's answer would only
 * spend more operations); the spend sync reads the delay and waits or stops (spend.ts).
 */
export const adsApi = defineProviderApi({ provider: definition, name: 'Google', errorText: (body) => adsFailures(body).said, retry429: false });

/** Google OAuth: trades the refresh token for an access token (docs/providers.md §6.1). */
export function refreshAccessToken(fields: CredentialFields, ctx: ProviderContext): Promise<IssuedToken> {
  return requestToken(oauthApi, ctx, {
    url: ctx.endpoints.googleOAuthTokenUrl,
    params: { grant_type: 'refresh_token', refresh_token: fields.refresh_token! },
    client: { id: fields.client_id!, secret: fields.client_secret!, in: 'params' },
    refused: {
      grant: { what: 'the refresh token', hint: 'Authorize the client again and paste the new refresh token' },
      client: { what: 'the OAuth client', hint: 'Check the client id and secret in Google Cloud → Credentials' },
    },
  });
}

/** The request headers of every Google Ads call. */
export function adsHeaders(fields: CredentialFields, accessToken: string): Record<string, string> {
  return {
    authorization: `Bearer ${accessToken}`,
    ...(fields.login_customer_id ? { 'login-customer-id': fields.login_customer_id } : {}),
    // Optional since Google's sunset of developer tokens (2026-09-09); sent only when given.
    ...(fields.developer_token ? { 'developer-token': fields.developer_token } : {}),
  };
}

/**
 * Reads the customer itself, as the seller's login reaches it (through the manager when
 * `login_customer_id` is set). Listing accessible customers proves nothing for an account
 * reached through a manager: that list ignores login-customer-id (docs/providers.md §6.1).
 */
export async function fetchCustomer(fields: CredentialFields, accessToken: string, ctx: ProviderContext): Promise<GoogleAdsCustomer> {
  const { googleAdsBaseUrl, googleAdsApiVersion } = ctx.endpoints;
  const customerId = encodeURIComponent(fields.customer_id!);
  const url = `${googleAdsBaseUrl.replace(/\/$/, '')}/${googleAdsApiVersion}/customers/${customerId}/googleAds:search`;
  const res = await adsApi.connect(ctx).send(url, {
    method: 'POST',
    headers: { ...adsHeaders(fields, accessToken), 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'SELECT customer.id, customer.descriptive_name, customer.currency_code, customer.time_zone FROM customer' }),
  });
  if (res.status !== 200) throw adsFailure(res, fields);
  return adsApi.parse(customerRow, res.body, 'the customer query').results[0]!.customer;
}

/** A refusal of the Ads API as the seller should read it; `customerId` is the account called (a manager's client in a spend sync). */
export function adsFailure(res: HttpResult, fields: CredentialFields, customerId = fields.customer_id): ProviderError {
  const { codes } = adsFailures(res.body);
  if (res.status === 401) {
    return adsApi.refusal('the login', res, { kind: 'auth', hint: 'Authorize with a Google account that has access to this Google Ads account' });
  }
  if (codes.has('USER_PERMISSION_DENIED')) {
    const hint = fields.login_customer_id
      ? `Check that manager account ${fields.login_customer_id} manages customer ${customerId} and that this login belongs to the manager`
      : 'If you reach this account through a manager account, enter the manager (MCC) customer id too';
    return adsApi.refusal(`access to customer ${customerId}`, res, { kind: 'auth', hint });
  }
  if (codes.has('INVALID_CUSTOMER_ID') || codes.has('INVALID_LOGIN_CUSTOMER_ID')) {
    return adsApi.refusal('the customer id', res, { kind: 'auth', hint: 'Enter the 10-digit ids without dashes' });
  }
  if (res.status === 404 || codes.has('UNSUPPORTED_VERSION')) {
    // A sunset version answers UNSUPPORTED_VERSION, then a bare 404 once its path is gone (docs/providers.md §6.1).
    return adsApi.refusal('the API version', res, { hint: 'Set GOOGLE_ADS_API_VERSION to a version Google still serves (v26 or later)' });
  }
  if (codes.has('CUSTOMER_NOT_ENABLED')) {
    return adsApi.refusal(`customer ${customerId}`, res, {
      kind: 'auth',
      hint: 'The account is cancelled or not set up yet in Google Ads: connect an enabled one',
    });
  }
  if (res.status === 400) return adsApi.refusal('the query', res);
  return adsApi.unexpected(res);
}
