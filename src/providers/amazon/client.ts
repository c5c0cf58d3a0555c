import { z } from 'zod';
import { createHttpClient, ProviderError, unexpectedStatus, type HttpResult } from '../http.js';
import type { CredentialFields, ProviderContext } from '../types.js';

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
  const code = lwaError.safeParse(res.body).data?.error;
  if (code === 'invalid_grant') return new ProviderError('amazon', 'auth', 'Amazon rejected the refresh token: reconnect Amazon (authorize the app again in Seller Central)', res.status);
  if (code === 'invalid_client' || code === 'unauthorized_client') {
    return new ProviderError('amazon', 'auth', 'Amazon rejected the LWA client id or secret: check them in Seller Central → Develop Apps', res.status);
  }
  if (code === 'invalid_request' || code === 'invalid_scope') return new ProviderError('amazon', 'request', `Amazon refused the token request (${code})`, res.status);
  return unexpectedStatus('amazon', 'Amazon', res);
}
