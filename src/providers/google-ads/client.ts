import { z } from 'zod';
import { createHttpClient, ProviderError, unexpectedStatus } from '../http.js';
import type { CredentialFields, ProviderContext } from '../types.js';

const token = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });
const oauthError = z.object({ error: z.string(), error_description: z.string().optional() });
const accessible = z.object({ resourceNames: z.array(z.string()).default([]) });

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
  const code = oauthError.safeParse(res.body).data?.error;
  if (code === 'invalid_grant') throw new ProviderError('google_ads', 'auth', 'Google rejected the refresh token (expired or revoked): authorize again and paste the new one', res.status);
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    throw new ProviderError('google_ads', 'auth', 'Google rejected the OAuth client id or secret: check them in Google Cloud → Credentials', res.status);
  }
  throw unexpectedStatus('google_ads', 'Google', res);
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

/** Whether the authorized user can reach the customer id (directly or through the manager). */
export async function checkCustomerAccess(fields: CredentialFields, accessToken: string, ctx: ProviderContext): Promise<void> {
  const http = createHttpClient({ providerId: 'google_ads', providerName: 'Google Ads', timeoutMs: ctx.endpoints.timeoutMs, log: ctx.log });
  const url = `${ctx.endpoints.googleAdsBaseUrl.replace(/\/$/, '')}/${ctx.endpoints.googleAdsApiVersion}/customers:listAccessibleCustomers`;
  const res = await http.send(url, { headers: adsHeaders(fields, accessToken) });
  if (res.status === 401 || res.status === 403) throw new ProviderError('google_ads', 'auth', 'Google Ads refused this OAuth client: check that the Cloud project may use the Google Ads API', res.status);
  if (res.status !== 200) throw unexpectedStatus('google_ads', 'Google Ads', res);
  const names = accessible.safeParse(res.body).data?.resourceNames ?? [];
  const reachable = [fields.customer_id, fields.login_customer_id].filter(Boolean).map((id) => `customers/${id}`);
  if (!names.some((n) => reachable.includes(n))) {
    throw new ProviderError('google_ads', 'auth', `Google Ads account ${fields.customer_id} is not reachable with this login: check the customer id, or set the manager (MCC) id`);
  }
}
