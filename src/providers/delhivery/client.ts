import { createHttpClient, ProviderError, unexpectedStatus } from '../http.js';
import type { CredentialFields, ProviderContext } from '../types.js';

/** An authenticated read that changes nothing: pincode serviceability of one pincode. */
export async function checkToken(fields: CredentialFields, ctx: ProviderContext): Promise<void> {
  const http = createHttpClient({ providerId: 'delhivery', providerName: 'Delhivery', timeoutMs: ctx.endpoints.timeoutMs, log: ctx.log });
  const url = new URL('c/api/pin-codes/json/', ctx.endpoints.delhiveryBaseUrl.replace(/\/?$/, '/'));
  url.searchParams.set('filter_codes', '110001');
  const res = await http.send(url.toString(), { headers: { authorization: `Token ${fields.api_token}`, accept: 'application/json' } });
  if (res.status === 200) return;
  if (res.status === 401 || res.status === 403) throw new ProviderError('delhivery', 'auth', 'Delhivery rejected the API token: copy it again from Delhivery One → Settings → API setup', res.status);
  throw unexpectedStatus('delhivery', 'Delhivery', res);
}
