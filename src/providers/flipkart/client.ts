import { z } from 'zod';
import { createHttpClient, ProviderError, unexpectedStatus } from '../http.js';
import type { CredentialFields, ProviderContext } from '../types.js';

const token = z.object({ access_token: z.string().min(1), expires_in: z.number().int().positive() });

/** Self-access token: client credentials with the application id and secret (Basic auth). */
export async function requestAccessToken(fields: CredentialFields, ctx: ProviderContext): Promise<{ accessToken: string; expiresAt: Date }> {
  const http = createHttpClient({ providerId: 'flipkart', providerName: 'Flipkart', timeoutMs: ctx.endpoints.timeoutMs, log: ctx.log });
  const url = new URL('oauth-service/oauth/token', withSlash(ctx.endpoints.flipkartBaseUrl));
  url.search = new URLSearchParams({ grant_type: 'client_credentials', scope: 'Seller_Api' }).toString();
  const res = await http.send(url.toString(), {
    headers: { authorization: `Basic ${Buffer.from(`${fields.app_id}:${fields.app_secret}`).toString('base64')}`, accept: 'application/json' },
  });
  if (res.status === 200) {
    const parsed = token.safeParse(res.body);
    if (!parsed.success) throw new ProviderError('flipkart', 'unavailable', 'Flipkart answered the token request with an unexpected body; try again later');
    return { accessToken: parsed.data.access_token, expiresAt: new Date(Date.now() + parsed.data.expires_in * 1000) };
  }
  if (res.status === 401 || res.status === 400) {
    throw new ProviderError('flipkart', 'auth', 'Flipkart rejected the application id or secret: check them in the seller API portal', res.status);
  }
  throw unexpectedStatus('flipkart', 'Flipkart', res);
}

export const withSlash = (base: string) => (base.endsWith('/') ? base : base + '/');
