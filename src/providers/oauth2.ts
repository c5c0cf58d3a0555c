import { z } from 'zod';
import type { IssuedToken } from './access-tokens.js';
import type { ProviderError } from '../domain/errors.js';
import type { HttpResult } from './http.js';
import type { ProviderApi } from './provider-client.js';
import type { ProviderContext } from './types.js';

/**
 * An OAuth 2.0 token endpoint (RFC 6749), called the one way every provider here needs: a grant
 * in, an access token and its expiry out, or a refusal in the provider's name with the endpoint's
 * own words (RFC 6749 §5.2) and what the seller can do. Login with Amazon, Google and Flipkart use it; the
 * Shopify install and the Amazon and Flipkart authorization-code grants are the same call.
 */

const tokenAnswer = z.object({
  access_token: z.string().min(1),
  expires_in: z.number().int().positive(),
  // A refresh token that rotates (Shopify's expiring offline tokens, docs/providers.md §1.1) comes with its own lifetime.
  refresh_token: z.string().min(1).optional(),
  refresh_token_expires_in: z.number().int().positive().optional(),
  scope: z.string().optional(),
});
const errorAnswer = z.object({ error: z.string(), error_description: z.string().optional() });

/** The endpoint's own words in its error body: the description, else the bare error code. */
export function oauthErrorText(body: unknown): string | undefined {
  const err = errorAnswer.safeParse(body).data;
  return err?.error_description ?? err?.error;
}

interface Refused {
  /** What was refused, as the seller knows it: "the refresh token". */
  what: string;
  /** What the seller can do about it. */
  hint: string;
}

/** An access token, and what came with it when the endpoint sent more. */
export interface GrantedToken extends IssuedToken {
  refreshToken?: string;
  refreshTokenExpiresAt?: Date;
  /** The scopes granted, as the endpoint lists them. */
  scope?: string;
}

export interface TokenGrant {
  url: string;
  /** The grant type and its parameters (`grant_type=refresh_token&refresh_token=…`). */
  params: Record<string, string>;
  /** The app's identity (RFC 6749 §2.3.1): in an HTTP Basic header, or as client_id and client_secret among the parameters. */
  client: { id: string; secret: string; in: 'basic' | 'params' };
  /** POST with a form body (RFC 6749 §4); Flipkart takes a GET with the parameters in the query (docs/providers.md §3.1). */
  method?: 'GET' | 'POST';
  /** What the seller reads when the endpoint refuses the grant itself (invalid_grant) or the app's identity. */
  refused: { grant?: Refused; client: Refused };
}

// The codes by which an endpoint refuses the app's identity (RFC 6749 §5.2); any 401 is one too.
const CLIENT_REFUSED = new Set(['invalid_client', 'unauthorized_client']);

/** Asks the endpoint for an access token; a refusal is a ProviderError the seller can act on. */
export async function requestToken(api: ProviderApi, ctx: ProviderContext, grant: TokenGrant): Promise<GrantedToken> {
  const { client, method = 'POST' } = grant;
  const params = new URLSearchParams(grant.params);
  if (client.in === 'params') {
    params.set('client_id', client.id);
    params.set('client_secret', client.secret);
  }
  const headers: Record<string, string> = { accept: 'application/json' };
  if (client.in === 'basic') headers.authorization = `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString('base64')}`;
  const url = new URL(grant.url);
  if (method === 'GET') for (const [k, v] of params) url.searchParams.set(k, v);
  else headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';

  const res = await api.connect(ctx).send(url.toString(), { method, headers, body: method === 'POST' ? params.toString() : undefined });
  if (res.status !== 200) throw refusalOf(api, res, grant.refused);
  const token = api.parse(tokenAnswer, res.body, 'the token request');
  const now = Date.now();
  return {
    accessToken: token.access_token,
    expiresAt: new Date(now + token.expires_in * 1000),
    refreshToken: token.refresh_token,
    refreshTokenExpiresAt: token.refresh_token_expires_in ? new Date(now + token.refresh_token_expires_in * 1000) : undefined,
    scope: token.scope,
  };
}

function refusalOf(api: ProviderApi, res: HttpResult, refused: TokenGrant['refused']): ProviderError {
  const code = errorAnswer.safeParse(res.body).data?.error;
  if (code === 'invalid_grant' && refused.grant) return api.refusal(refused.grant.what, res, { kind: 'auth', hint: refused.grant.hint });
  // A 401 is the app's identity refused whatever the body says (RFC 6749 §5.2).
  if ((code && CLIENT_REFUSED.has(code)) || res.status === 401) return api.refusal(refused.client.what, res, { kind: 'auth', hint: refused.client.hint });
  // invalid_request, invalid_scope, unsupported_grant_type: Sutra asked wrongly, not the seller.
  if (code) return api.refusal('the token request', res);
  return api.unexpected(res);
}
