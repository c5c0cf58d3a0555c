import { z } from 'zod';
import { defineProviderApi } from '../provider-client.js';
import type { CredentialFields, ProviderContext } from '../types.js';
import { definition } from './definition.js';

// Selloship follows the Unicommerce shipper spec, but has been seen answering `Status`
// for `status`: both are read.
const loginAnswer = z.object({ status: z.string().optional(), Status: z.string().optional(), token: z.string().optional(), message: z.string().optional() });

/** Selloship's words are the answer's `message` (UNVERIFIED: seen on login answers only). */
const selloshipApi = defineProviderApi({ provider: definition, errorText: (body) => loginAnswer.safeParse(body).data?.message });

/** POST /authToken with the seller's login; returns the API token. */
export async function login(fields: CredentialFields, ctx: ProviderContext): Promise<string> {
  const res = await selloshipApi.connect(ctx).send(`${ctx.endpoints.selloshipBaseUrl.replace(/\/$/, '')}/authToken`, {
    method: 'POST',
    json: { username: fields.username, password: fields.password },
  });
  const answer = loginAnswer.safeParse(res.body).data;
  const status = (answer?.status ?? answer?.Status ?? '').toUpperCase();
  if (res.status === 200 && status === 'SUCCESS' && answer?.token) return answer.token;
  if (status === 'INVALID_CREDENTIALS' || res.status === 401 || res.status === 403) {
    throw selloshipApi.error('auth', 'Selloship rejected the username or password: check them by signing in to Selloship', res.status);
  }
  // A 200 that is not a success is a broken answer, not a refusal: worth trying again later.
  if (res.status === 200) throw selloshipApi.error('unavailable', 'Selloship answered the sign-in without a token; try again later', res.status);
  throw selloshipApi.unexpected(res);
}
