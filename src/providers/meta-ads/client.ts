import { createHmac } from 'node:crypto';
import { z } from 'zod';
import type { ProviderError, ProviderErrorKind } from '../../domain/errors.js';
import type { HttpResult } from '../http.js';
import { defineProviderApi } from '../provider-client.js';
import type { CredentialFields, ProviderContext } from '../types.js';
import { definition } from './definition.js';
import { classifyGraphError, type GraphErrorClass } from './graph-errors.js';
import { graphErrorBody } from './payloads.js';

export const adAccount = z.object({
  account_id: z.string(),
  name: z.string().optional(),
  currency: z.string().optional(),
  timezone_name: z.string().optional(),
});

export type AdAccount = z.infer<typeof adAccount>;

/** The Graph API, which sellers know as Meta's; its words are the error body's error.message. */
export const graphApi = defineProviderApi({ provider: definition, name: 'Meta', errorText: (body) => graphErrorBody.safeParse(body).data?.error.message });

/**
 * appsecret_proof = hex(HMAC-SHA256(key = app secret, message = access token)) (docs/providers.md §5.1).
 * An app with "Require App Secret" on refuses every server call without it, so it goes on every
 * call whenever the seller gave the secret.
 */
export function appSecretProof(accessToken: string, appSecret: string): string {
  return createHmac('sha256', appSecret).update(accessToken).digest('hex');
}

/** A Graph API URL under the configured version, with the proof when the app secret is known. */
export function graphUrl(fields: CredentialFields, ctx: ProviderContext, path: string, params: Record<string, string>): string {
  const url = new URL(`${ctx.endpoints.metaGraphBaseUrl.replace(/\/$/, '')}/${ctx.endpoints.metaGraphVersion}/${path}`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  if (fields.app_secret) url.searchParams.set('appsecret_proof', appSecretProof(fields.access_token!, fields.app_secret));
  return url.toString();
}

/** Checks the token (GET /me) and that it can read the ad account; returns the account. */
export async function fetchAdAccount(fields: CredentialFields, ctx: ProviderContext): Promise<AdAccount> {
  const http = graphApi.connect(ctx);
  const headers = { authorization: `Bearer ${fields.access_token}` };

  const me = await http.send(graphUrl(fields, ctx, 'me', { fields: 'id,name' }), { headers });
  if (me.status !== 200) throw graphFailure(me, fields, ctx);

  const account = await http.send(graphUrl(fields, ctx, fields.ad_account_id!, { fields: 'account_id,name,currency,timezone_name' }), { headers });
  if (account.status !== 200) throw graphFailure(account, fields, ctx, fields.ad_account_id);
  return graphApi.parse(adAccount, account.body, 'the ad account request');
}

/** What the seller is told each class of Graph error is (graph-errors.ts). */
const KIND: Record<GraphErrorClass, ProviderErrorKind> = {
  auth: 'auth',
  refused: 'request',
  throttled: 'unavailable',
  transient: 'unavailable',
  timeout: 'unavailable',
};

/**
 * Meta's refusal as the seller reads it: "Meta refused <what> (HTTP 400): <error.message>. <what
 * the seller can do>", of the kind classifyGraphError gives it.
 */
export function graphFailure(res: HttpResult, fields: CredentialFields, ctx: ProviderContext, adAccountId?: string): ProviderError {
  const err = graphErrorBody.safeParse(res.body).data?.error;
  if (!err) return graphApi.unexpected(res);
  const kind = KIND[classifyGraphError(err, !!adAccountId)];
  // 190: the token is invalid or expired (OAuthException).
  if (err.code === 190) return graphApi.refusal('the access token', res, { kind, hint: 'Generate a new system-user token with ads_read' });
  // Meta tells a missing or wrong appsecret_proof apart from other code-100 errors only by its text.
  if (err.code === 100 && err.message.includes('appsecret_proof')) {
    const hint = fields.app_secret
      ? 'Check that the app secret belongs to the app that issued the token (App settings → Basic)'
      : 'This app requires an app secret proof: enter the app secret of the app that issued the token (App settings → Basic)';
    return graphApi.refusal('the call', res, { kind, hint });
  }
  // 2635: the configured version is retired; the operator, not the seller, must move it on.
  if (err.code === 2635) {
    return graphApi.refusal(`Graph API version ${ctx.endpoints.metaGraphVersion}`, res, { kind, hint: 'Set META_GRAPH_VERSION to a current version' });
  }
  // 100 on the ad account: it does not exist or the token may not read it.
  if (err.code === 100 && adAccountId) {
    return graphApi.refusal(`ad account ${adAccountId}`, res, { kind, hint: "Check the id and the system user's access to the account" });
  }
  if (kind === 'auth') return graphApi.refusal('the call', res, { kind, hint: 'Grant the token ads_read' });
  // An HTTP 429 or 5xx stays a passing failure whatever code came with it (unexpected reads the status).
  if (kind === 'request') return graphApi.unexpected(res);
  return graphApi.refusal('the call', res, { kind });
}
