import { z } from 'zod';
import { createHttpClient, ProviderError, unexpectedStatus } from '../http.js';
import type { CredentialFields, ProviderContext } from '../types.js';

// Selloship follows the Unicommerce shipper spec, but has been seen answering `Status`
// for `status`: both are read.
const loginAnswer = z.object({ status: z.string().optional(), Status: z.string().optional(), token: z.string().optional(), message: z.string().optional() });

/** POST /authToken with the seller's login; returns the API token. */
export async function login(fields: CredentialFields, ctx: ProviderContext): Promise<string> {
  const http = createHttpClient({ providerId: 'selloship', providerName: 'Selloship', timeoutMs: ctx.endpoints.timeoutMs, log: ctx.log });
  const res = await http.send(`${ctx.endpoints.selloshipBaseUrl.replace(/\/$/, '')}/authToken`, {
    method: 'POST',
    json: { username: fields.username, password: fields.password },
  });
  const answer = loginAnswer.safeParse(res.body).data;
  const status = (answer?.status ?? answer?.Status ?? '').toUpperCase();
  if (res.status === 200 && status === 'SUCCESS' && answer?.token) return answer.token;
  if (status === 'INVALID_CREDENTIALS' || res.status === 401 || res.status === 403) {
    throw new ProviderError('selloship', 'auth', 'Selloship rejected the username or password: check them by signing in to Selloship', res.status);
  }
  throw unexpectedStatus('selloship', 'Selloship', res.status === 200 ? { ...res, status: 502 } : res);
}
