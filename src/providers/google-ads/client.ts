import { z } from 'zod';
import { createHttpClient, ProviderError, refusal, unexpectedStatus, type HttpResult, type ProviderErrorKind } from '../http.js';
import type { CredentialFields, ProviderContext } from '../types.js';

const token = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });
const oauthError = z.object({ error: z.string(), error_description: z.string().optional() });
/** Google's error body (REFERENCE §6.3): the RPC status and, in a GoogleAdsFailure, each error's code and message. */
const adsError = z.object({
  error: z.object({
    code: z.number().optional(),
    message: z.string().optional(),
    status: z.string().optional(),
    details: z
      .array(z.object({ errors: z.array(z.object({ errorCode: z.record(z.string(), z.string()).optional(), message: z.string().optional() })).optional() }).passthrough())
      .optional(),
  }),
});
const customerRow = z.object({
  results: z
    .array(z.object({ customer: z.object({ id: z.string(), descriptiveName: z.string().optional(), currencyCode: z.string(), timeZone: z.string() }) }))
    .min(1),
});

export type GoogleAdsCustomer = z.infer<typeof customerRow>['results'][number]['customer'];

/** "Google refused <what> (HTTP n): <Google's words>. <what the seller can do>". */
function googleRefusal(res: HttpResult, kind: ProviderErrorKind, what: string, said: unknown, hint: string): ProviderError {
  const base = refusal('google_ads', 'Google', what, res, said, kind).message.replace(/\.$/, '');
  return new ProviderError('google_ads', kind, `${base}. ${hint}`, res.status);
}

/** Google OAuth: trades the refresh token for an access token. */
export async function refreshAccessToken(fields: CredentialFields, ctx: ProviderContext): Promise<{ accessToken: string; expiresAt: Date }> {
  const http = createHttpClient({ providerId: 'google_ads', providerName: 'Google', timeoutMs: ctx.endpoints.timeoutMs, log: ctx.log });
  const res = await http.send(ctx.endpoints.googleOAuthTokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: fields.client_id!, client_secret: fields.client_secret!, refresh_token: fields.refresh_token! }).toString(),
  });
  if (res.status === 200) {
    const parsed = token.safeParse(res.body);
    if (!parsed.success) throw new ProviderError('google_ads', 'unavailable', 'Google answered the token request with an unexpected body; try again later');
    return { accessToken: parsed.data.access_token, expiresAt: new Date(Date.now() + parsed.data.expires_in * 1000) };
  }
  const err = oauthError.safeParse(res.body).data;
  const said = err?.error_description ?? err?.error;
  if (err?.error === 'invalid_grant') throw googleRefusal(res, 'auth', 'the refresh token', said, 'Authorize the client again and paste the new refresh token');
  if (err?.error === 'invalid_client' || err?.error === 'unauthorized_client') {
    throw googleRefusal(res, 'auth', 'the OAuth client', said, 'Check the client id and secret in Google Cloud → Credentials');
  }
  throw unexpectedStatus('google_ads', 'Google', res, said);
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
 * reached through a manager: that list ignores login-customer-id (REFERENCE §6.1).
 */
export async function fetchCustomer(fields: CredentialFields, accessToken: string, ctx: ProviderContext): Promise<GoogleAdsCustomer> {
  const http = createHttpClient({ providerId: 'google_ads', providerName: 'Google Ads', timeoutMs: ctx.endpoints.timeoutMs, log: ctx.log });
  const url = `${ctx.endpoints.googleAdsBaseUrl.replace(/\/$/, '')}/${ctx.endpoints.googleAdsApiVersion}/customers/${encodeURIComponent(fields.customer_id!)}/googleAds:search`;
  const res = await http.send(url, {
    method: 'POST',
    headers: { ...adsHeaders(fields, accessToken), 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'SELECT customer.id, customer.descriptive_name, customer.currency_code, customer.time_zone FROM customer' }),
  });
  if (res.status !== 200) throw adsFailure(res, fields);
  const parsed = customerRow.safeParse(res.body);
  if (!parsed.success) throw new ProviderError('google_ads', 'unavailable', 'Google Ads answered the customer query with an unexpected body; try again later');
  return parsed.data.results[0]!.customer;
}

function adsFailure(res: HttpResult, fields: CredentialFields): ProviderError {
  const err = adsError.safeParse(res.body).data?.error;
  const failures = err?.details?.flatMap((d) => d.errors ?? []) ?? [];
  // Google's own words: the RPC message, then each GoogleAdsFailure error's message.
  const said = [err?.message, ...failures.map((e) => e.message)];
  const codes = new Set(failures.flatMap((e) => Object.values(e.errorCode ?? {})));
  if (res.status === 401) {
    return googleRefusal(res, 'auth', 'the login', said, 'Authorize with a Google account that has access to this Google Ads account');
  }
  if (codes.has('USER_PERMISSION_DENIED')) {
    const hint = fields.login_customer_id
      ? `Check that manager account ${fields.login_customer_id} manages customer ${fields.customer_id} and that this login belongs to the manager`
      : 'If you reach this account through a manager account, enter the manager (MCC) customer id too';
    return googleRefusal(res, 'auth', `access to customer ${fields.customer_id}`, said, hint);
  }
  if (codes.has('INVALID_CUSTOMER_ID') || codes.has('INVALID_LOGIN_CUSTOMER_ID')) {
    return googleRefusal(res, 'auth', 'the customer id', said, 'Enter the 10-digit ids without dashes');
  }
  return unexpectedStatus('google_ads', 'Google Ads', res, said);
}
