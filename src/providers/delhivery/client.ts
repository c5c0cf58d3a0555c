import type { ProviderEndpoints } from '../../config.js';
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

const delhiveryApi = defineProviderApi({ provider: definition, errorText: delhiveryText });

/** An authenticated read that changes nothing: pincode serviceability of one pincode. */
export async function checkToken(fields: CredentialFields, ctx: ProviderContext): Promise<void> {
  const url = new URL('c/api/pin-codes/json/', delhiveryBaseUrl(fields, ctx.endpoints).replace(/\/?$/, '/'));
  url.searchParams.set('filter_codes', '110001');
  const res = await delhiveryApi.connect(ctx).send(url.toString(), { headers: { authorization: `Token ${fields.api_token}`, accept: 'application/json' } });
  if (res.status === 200) return;
  if (res.status === 401 || res.status === 403) {
    const staging = fields.environment === 'staging';
    const hint = staging
      ? 'This connection is set to staging: a production token needs Environment = production'
      : 'Copy the token again from Delhivery One → Settings → API setup; a staging token needs Environment = staging';
    throw delhiveryApi.refusal(`the API token on its ${staging ? 'staging' : 'production'} host`, res, { kind: 'auth', hint });
  }
  throw delhiveryApi.unexpected(res);
}
