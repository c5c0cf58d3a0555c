import { z } from 'zod';
import { createHttpClient, ProviderError, unexpectedStatus, type HttpResult } from '../http.js';
import type { CredentialFields, ProviderContext } from '../types.js';

const graphError = z.object({ error: z.object({ message: z.string(), type: z.string().optional(), code: z.number(), error_subcode: z.number().optional() }) });
const adAccount = z.object({ account_id: z.string(), name: z.string().optional(), currency: z.string().optional(), timezone_name: z.string().optional() });

export type AdAccount = z.infer<typeof adAccount>;

/** Checks the token (GET /me) and that it can read the ad account; returns the account. */
export async function fetchAdAccount(fields: CredentialFields, ctx: ProviderContext): Promise<AdAccount> {
  const http = createHttpClient({ providerId: 'meta_ads', providerName: 'Meta', timeoutMs: ctx.endpoints.timeoutMs, log: ctx.log });
  const base = `${ctx.endpoints.metaGraphBaseUrl.replace(/\/$/, '')}/${ctx.endpoints.metaGraphVersion}`;
  const headers = { authorization: `Bearer ${fields.access_token}` };

  const me = await http.send(`${base}/me?fields=id,name`, { headers });
  if (me.status !== 200) throw graphFailure(me);

  const account = await http.send(`${base}/${fields.ad_account_id}?fields=account_id,name,currency,timezone_name`, { headers });
  if (account.status !== 200) throw graphFailure(account, fields.ad_account_id);
  const parsed = adAccount.safeParse(account.body);
  if (!parsed.success) throw new ProviderError('meta_ads', 'unavailable', 'Meta answered with an unexpected ad account body; try again later');
  return parsed.data;
}

function graphFailure(res: HttpResult, adAccountId?: string): ProviderError {
  const err = graphError.safeParse(res.body).data?.error;
  // 190: the token is invalid or expired (OAuthException).
  if (err?.code === 190 || res.status === 401) return new ProviderError('meta_ads', 'auth', 'Meta rejected the access token: generate a new system-user token with ads_read', res.status);
  // 100: the object does not exist or the token may not read it.
  if (err?.code === 100 && adAccountId) {
    return new ProviderError('meta_ads', 'auth', `Meta says ad account ${adAccountId} does not exist or this token may not read it: check the id and the system user's access`, res.status);
  }
  if (err?.code === 10 || err?.code === 200) return new ProviderError('meta_ads', 'auth', 'Meta says the token lacks permission: grant it ads_read', res.status);
  return unexpectedStatus('meta_ads', 'Meta', res);
}
