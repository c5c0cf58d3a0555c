import type { HttpResult } from '../http.js';
import { providerText } from '../http.js';
import { defineProviderApi } from '../provider-client.js';
import type { CredentialFields, ProviderContext, SyncSession } from '../types.js';
import { FAILED, METHOD_REFUSED_STATUSES, TOKEN_REFUSED_STATUSES, TRACK_BATCH_SIZE, authorization, outcome, waybillQuery } from './assumptions.js';
import { definition } from './definition.js';
import { errorWords, loginAnswer, waybillDetailsAnswer, type WaybillDetail } from './payloads.js';

/** Selloship's words: an answer's `message`, or the cancel answer's `errorMessage` (docs/providers.md §8). */
function selloshipText(body: unknown): unknown {
  const words = errorWords.safeParse(body).data;
  return words ? [words.message, words.errorMessage] : undefined;
}

const selloshipApi = defineProviderApi({ provider: definition, errorText: selloshipText });

const base = (ctx: ProviderContext) => ctx.endpoints.selloshipBaseUrl.replace(/\/$/, '');

/** POST /authToken with the seller's login; returns the API token (docs/providers.md §8). */
export async function login(fields: CredentialFields, ctx: ProviderContext): Promise<string> {
  const res = await selloshipApi.connect(ctx).send(`${base(ctx)}/authToken`, {
    method: 'POST',
    json: { username: fields.username, password: fields.password },
  });
  const answer = loginAnswer.safeParse(res.body).data;
  const status = answer ? outcome(answer) : '';
  if (res.status === 200 && status === 'SUCCESS' && answer?.token) return answer.token;
  if (status === 'INVALID_CREDENTIALS' || res.status === 401 || res.status === 403) {
    throw selloshipApi.error('auth', 'Selloship rejected the username or password: check them by signing in to Selloship', res.status);
  }
  // A 200 that is not a success is a broken answer, not a refusal: worth trying again later.
  if (res.status === 200) throw selloshipApi.error('unavailable', 'Selloship answered the sign-in without a token; try again later', res.status);
  throw selloshipApi.unexpected(res);
}

/** What one job (one SyncSession) keeps between its calls: its token and the tracking method Selloship took. */
interface JobState {
  token?: Promise<string>;
  method: 'GET' | 'POST';
}

// Keyed by the session, so each job signs in afresh and nothing outlives it.
const jobs = new WeakMap<SyncSession, JobState>();

function jobState(session: SyncSession): JobState {
  let state = jobs.get(session);
  if (!state) jobs.set(session, (state = { method: 'GET' }));
  return state;
}

/**
 * A call with the job's token: signed in once per job, and once more when Selloship refuses the
 * token (assumptions.ts); a second refusal means the login itself no longer works.
 */
async function withToken(session: SyncSession, send: (headers: Record<string, string>) => Promise<HttpResult>): Promise<HttpResult> {
  const state = jobState(session);
  const fresh = () => {
    const signingIn = login(session.credentials, session);
    state.token = signingIn;
    // A sign-in that failed is not kept: the job's next call tries again.
    signingIn.catch(() => {
      if (state.token === signingIn) state.token = undefined;
    });
    return signingIn;
  };
  const sent = await (state.token ?? fresh());
  const res = await send(authorization(sent));
  if (!TOKEN_REFUSED_STATUSES.includes(res.status)) return res;
  session.log.info({ provider: selloshipApi.id, status: res.status }, 'Selloship refused the token; signing in again');
  // Calls side by side on one refused token sign in once: the first replaces it, the others use its replacement.
  const pending = state.token;
  const renewed = await (pending && (await pending) !== sent ? pending : fresh());
  const again = await send(authorization(renewed));
  if (TOKEN_REFUSED_STATUSES.includes(again.status)) {
    throw selloshipApi.refusal('a token it had just issued', again, { kind: 'auth', hint: 'Check that API access is enabled for your Selloship account' });
  }
  return again;
}

/**
 * GET /waybillDetails for at most 50 AWBs (docs/providers.md §8): the details Selloship gave,
 * or a ProviderError in its words when it refused. GET first, then POST when Selloship will
 * not take a GET (assumptions.ts), kept for the rest of the job.
 */
export async function waybillDetails(session: SyncSession, trackingNumbers: readonly string[]): Promise<WaybillDetail[]> {
  if (trackingNumbers.length > TRACK_BATCH_SIZE)
    throw new RangeError(`Selloship tracks at most ${TRACK_BATCH_SIZE} AWBs a call, not ${trackingNumbers.length}`);
  if (!trackingNumbers.length) return [];
  const state = jobState(session);
  const http = selloshipApi.connect(session, { retries: 5 });
  const url = `${base(session)}/waybillDetails?${waybillQuery(trackingNumbers)}`;
  const send = (method: 'GET' | 'POST') =>
    withToken(session, (headers) =>
      http.send(url, { method, headers: { ...headers, accept: 'application/json', ...(method === 'POST' ? { 'content-length': '0' } : {}) } }),
    );
  let res = await send(state.method);
  if (state.method === 'GET' && METHOD_REFUSED_STATUSES.includes(res.status)) {
    const post = await send('POST');
    if (!METHOD_REFUSED_STATUSES.includes(post.status)) {
      state.method = 'POST';
      session.log.info({ provider: selloshipApi.id, status: res.status }, 'Selloship refused tracking by GET; tracking by POST for this job');
    }
    res = post;
  }
  if (res.status !== 200) throw selloshipApi.unexpected(res);
  const answer = selloshipApi.parse(waybillDetailsAnswer, res.body, 'the tracking request');
  const status = outcome(answer);
  if (status === 'SUCCESS') return answer.waybillDetails ?? [];
  if (status === FAILED) {
    const said = providerText(answer.message);
    throw selloshipApi.error('request', `Selloship refused the tracking request${said ? `: ${said}` : ''}`, res.status);
  }
  throw selloshipApi.error('unavailable', 'Selloship answered the tracking request without a status; try again later', res.status);
}

/** The error for an AWB whose label Selloship does not give. */
export const noLabel = (trackingNumber: string, known: boolean) =>
  selloshipApi.error(
    'request',
    known
      ? `Selloship gave no label for AWB ${trackingNumber}: download it from the Selloship panel`
      : `Selloship does not know the AWB ${trackingNumber}: check the number in the Selloship panel`,
  );
