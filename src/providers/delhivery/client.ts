import type { ProviderEndpoints } from '../../config.js';
import type { ProviderError } from '../../domain/errors.js';
import type { HttpResult } from '../http.js';
import { defineProviderApi } from '../provider-client.js';
import type { CredentialFields, ProviderContext } from '../types.js';
import { definition } from './definition.js';

/**
 * The host a connection is called on: its Environment field picks staging or production, because
 * a staging token works only on the staging host (docs/providers.md §7.1).
 */
export function delhiveryBaseUrl(fields: CredentialFields, endpoints: ProviderEndpoints): string {
  return fields.environment === 'staging' ? endpoints.delhiveryStagingBaseUrl : endpoints.delhiveryBaseUrl;
}

/**
 * Delhivery's own words from an error body. UNVERIFIED shape: Delhivery does not publish its error
 * bodies; the text may come bare or as a JSON object's detail, message or error.
 */
function delhiveryText(body: unknown): unknown {
  if (typeof body === 'string') return body.startsWith('<') ? undefined : body;
  if (body && typeof body === 'object') {
    const o = body as Record<string, unknown>;
    return [o.detail, o.message, o.error, o.Error];
  }
  return undefined;
}

export const delhiveryApi = defineProviderApi({ provider: definition, errorText: delhiveryText });

/** A path of the connection's host (staging or production), as a URL to add the query to. */
export function delhiveryUrl(fields: CredentialFields, endpoints: ProviderEndpoints, path: string): URL {
  return new URL(path, delhiveryBaseUrl(fields, endpoints).replace(/\/?$/, '/'));
}

/** The headers of every call: the account's token (docs/providers.md §7.1). */
export function delhiveryHeaders(fields: CredentialFields): Record<string, string> {
  return { authorization: `Token ${fields.api_token}`, accept: 'application/json' };
}

/** A refused token, with what the seller can do about it. */
export function tokenRefusal(fields: CredentialFields, res: HttpResult): ProviderError {
  const staging = fields.environment === 'staging';
  const hint = staging
    ? 'This connection is set to staging: a production token needs Environment = production'
    : 'Copy the token again from Delhivery One → Settings → API setup; a staging token needs Environment = staging';
  return delhiveryApi.refusal(`the API token on its ${staging ? 'staging' : 'production'} host`, res, { kind: 'auth', hint });
}

/** An authenticated read that changes nothing: pincode serviceability of one pincode. */
export async function checkToken(fields: CredentialFields, ctx: ProviderContext): Promise<void> {
  const url = delhiveryUrl(fields, ctx.endpoints, 'c/api/pin-codes/json/');
  url.searchParams.set('filter_codes', '110001');
  const res = await delhiveryApi.connect(ctx).send(url.toString(), { headers: delhiveryHeaders(fields) });
  if (res.status === 200) return;
  if (res.status === 401 || res.status === 403) throw tokenRefusal(fields, res);
  throw delhiveryApi.unexpected(res);
}
