import { createHttpClient, ProviderError, providerText, refusal, unexpectedStatus, type HttpResult } from '../http.js';
import type { ProviderEndpoints } from '../../config.js';
import type { CredentialFields, ProviderContext } from '../types.js';

/**
 * The host a connection is called on: its Environment field picks staging or production, because
 * a staging token works only on the staging host (REFERENCE §7.1).
 */
export function delhiveryBaseUrl(fields: CredentialFields, endpoints: ProviderEndpoints): string {
  return fields.environment === 'staging' ? endpoints.delhiveryStagingBaseUrl : endpoints.delhiveryBaseUrl;
}

/**
 * Delhivery's own words from an error body. UNVERIFIED shape: Delhivery does not publish its error
 * bodies; the text may come bare or as a JSON object's detail, message or error.
 */
function delhiveryText(res: HttpResult): string | undefined {
  if (typeof res.body === 'string') return providerText(res.body.startsWith('<') ? undefined : res.body);
  if (res.body && typeof res.body === 'object') {
    const o = res.body as Record<string, unknown>;
    return providerText([o.detail, o.message, o.error, o.Error]);
  }
  return undefined;
}

/** An authenticated read that changes nothing: pincode serviceability of one pincode. */
export async function checkToken(fields: CredentialFields, ctx: ProviderContext): Promise<void> {
  const http = createHttpClient({ providerId: 'delhivery', providerName: 'Delhivery', timeoutMs: ctx.endpoints.timeoutMs, log: ctx.log });
  const url = new URL('c/api/pin-codes/json/', delhiveryBaseUrl(fields, ctx.endpoints).replace(/\/?$/, '/'));
  url.searchParams.set('filter_codes', '110001');
  const res = await http.send(url.toString(), { headers: { authorization: `Token ${fields.api_token}`, accept: 'application/json' } });
  if (res.status === 200) return;
  const said = delhiveryText(res);
  if (res.status === 401 || res.status === 403) {
    const staging = fields.environment === 'staging';
    const base = refusal('delhivery', 'Delhivery', `the API token on its ${staging ? 'staging' : 'production'} host`, res, said, 'auth').message.replace(/\.$/, '');
    const hint = staging
      ? 'This connection is set to staging: a production token needs Environment = production'
      : 'Copy the token again from Delhivery One → Settings → API setup; a staging token needs Environment = staging';
    throw new ProviderError('delhivery', 'auth', `${base}. ${hint}`, res.status);
  }
  throw unexpectedStatus('delhivery', 'Delhivery', res, said);
}
