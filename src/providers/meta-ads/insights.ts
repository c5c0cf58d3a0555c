import { ProviderError } from '../../domain/errors.js';
import type { HttpClient, HttpResult } from '../http.js';
import type { SpendPage, SpendWindow, SyncSession } from '../types.js';
import { adAccount, appSecretProof, graphApi, graphFailure, graphUrl } from './client.js';
import { classifyGraphError } from './graph-errors.js';
import { windowLength } from '../spend-window.js';
import { spendRows, halves, type AccountFacts } from './normalize.js';
import { MIN_PAUSE_MS, MetaPacer, sessionTiming, type MetaTiming } from './pacing.js';
import { graphErrorBody, insightsPage, reportRun, reportRunStarted, reportRunState, type InsightsRow, type ReportRun } from './payloads.js';

/** The fields one daily row carries (docs/providers.md §5.2). */
export const INSIGHTS_FIELDS = 'spend,impressions,clicks,account_currency,account_id,date_start,date_stop';

/** Rows asked per page. Meta may answer fewer and a `paging.next` (UNVERIFIED its cap at level=account): we follow it. */
export const PAGE_LIMIT = 100;

/**
 * Windows longer than this go through an asynchronous report run. Meta's insights best practices
 * advise async jobs for large reports, and a synchronous call over a long range is what draws the
 * timeouts 100/1504018 and 2/1504038 (§5.2). Meta publishes no number: 90 days (one quarter, so
 * the nightly restatement window of 28 days and a month's backfill stay one quick synchronous
 * call, while a first sync reaching back months or years goes async) is our choice, UNVERIFIED as
 * an optimum.
 */
export const ASYNC_AFTER_DAYS = 90;

/** Tries of one call that Meta throttles or fails for its own passing reasons, before the sync gives up for now. */
const ATTEMPTS = 6;
/** Report runs started again after Meta failed one with -2/2490547 ("try again later"). */
const REPORT_ATTEMPTS = 3;
/** Polling of a report run: first wait, growth, longest wait, and how long a run may take (Meta: up to an hour, §5.2). */
const FIRST_POLL_MS = 2_000;
const MAX_POLL_MS = 30_000;
const REPORT_DEADLINE_MS = 60 * 60_000;
/** The most pages one range may have: far more than the days of 37 months, so a paging loop cannot run away. */
const MAX_PAGES = 2_000;
/** Retries got makes itself on network errors and HTTP 5xx before an answer reaches the code checks below. */
const HTTP_RETRIES = 2;

/** What the connector can be handed besides the session: the clock and the wait (tests pass instant ones; else the session's). */
export interface SpendOptions {
  timing?: MetaTiming;
}

/** Meta answered that the range was too big to compute in time (100/1504018, 2/1504038): ask again in halves. */
class RangeTimedOut extends Error {
  constructor(readonly res: HttpResult) {
    super('Meta timed out on the range');
  }
}

/** Backoff of Meta's passing failures: 2 s, 4 s, 8 s … up to 60 s, with up to 100 ms of jitter (as got's retries in http.ts). */
const backoffMs = (attempt: number): number => Math.min(60_000, 2_000 * 2 ** (attempt - 1)) + Math.floor(Math.random() * 100);

/**
 * One sync's calls to the Graph API: every call waits for the pacer, reads the usage headers of
 * its answer, and is made again on Meta's rate-limit and passing error codes (§5.3). got (http.ts,
 * through graphApi) retries network failures and HTTP 5xx; Meta's own codes come in the JSON body
 * of an HTTP 400/403 with waits in minutes, so they are read and waited out here, on the pacer.
 */
class GraphCalls {
  readonly pacer: MetaPacer;
  private readonly http: HttpClient;
  private readonly headers: Record<string, string>;
  private readonly base: string;

  constructor(
    readonly session: SyncSession,
    readonly timing: MetaTiming,
  ) {
    this.pacer = new MetaPacer(timing, session.log);
    this.http = graphApi.connect(session, { retries: HTTP_RETRIES });
    this.headers = { authorization: `Bearer ${session.credentials.access_token}` };
    this.base = new URL(session.endpoints.metaGraphBaseUrl).origin;
  }

  url(path: string, params: Record<string, string> = {}): string {
    return graphUrl(this.session.credentials, this.session, path, params);
  }

  /**
   * A `paging.next` link, checked to point at the Graph API we call (the token goes with it) and
   * carrying the proof, which Meta's link may leave out.
   */
  nextUrl(next: string): string {
    const url = new URL(next);
    if (url.origin !== this.base) throw graphApi.error('unavailable', `Meta's next page link points to another host (${url.host}); try again later`);
    const { access_token: token, app_secret: secret } = this.session.credentials;
    if (secret && token && !url.searchParams.has('appsecret_proof')) url.searchParams.set('appsecret_proof', appSecretProof(token, secret));
    return url.toString();
  }

  /**
   * One call, answered 200, or a ProviderError in Meta's words. A range Meta timed out on throws
   * RangeTimedOut when the caller splits ranges (`split`); any other call takes it as a passing failure.
   */
  async send(
    method: 'GET' | 'POST',
    url: string,
    what: string,
    { adAccountId, split = false }: { adAccountId?: string; split?: boolean } = {},
  ): Promise<HttpResult> {
    const log = this.session.log;
    for (let attempt = 1; ; attempt++) {
      await this.pacer.ready(what);
      const res = await this.http.send(url, { method, headers: this.headers });
      const usage = this.pacer.observe(res);
      if (res.status === 200) return res;
      const err = graphErrorBody.safeParse(res.body).data?.error;
      if (!err) throw graphApi.unexpected(res);
      const classified = classifyGraphError(err, !!adAccountId);
      if (classified === 'timeout' && split) throw new RangeTimedOut(res);
      const kind = classified === 'timeout' ? 'transient' : classified;
      if (kind === 'throttled' || kind === 'transient') {
        // Throttled: the wait Meta announced in the usage headers, else Airbyte's minute, doubling.
        // A wait too long to sit out is refused by the pacer, before the next try (MAX_PAUSE_MS).
        const wait = kind === 'throttled' ? (usage.regainMinutes > 0 ? usage.regainMinutes * 60_000 : MIN_PAUSE_MS * 2 ** (attempt - 1)) : backoffMs(attempt);
        if (attempt >= ATTEMPTS) {
          throw graphApi.refusal(what, res, { kind: 'unavailable', hint: 'Meta keeps refusing for now; the sync will try again later' });
        }
        log.warn(
          { provider: graphApi.id, code: err.code, subcode: err.error_subcode, attempt, waitMs: wait },
          kind === 'throttled' ? 'Meta limited the call; waiting for its budget before trying again' : 'Meta failed the call for now; trying again',
        );
        this.pacer.pauseFor(wait, res);
        continue;
      }
      throw graphFailure(res, this.session.credentials, this.session, adAccountId);
    }
  }

  /** Every row of a paged insights answer, following `paging.next` until it is absent. */
  async rows(first: string, what: string, split = false): Promise<InsightsRow[]> {
    const rows: InsightsRow[] = [];
    let url: string | undefined = first;
    for (let page = 0; url; page++) {
      if (page >= MAX_PAGES) throw graphApi.error('unavailable', `Meta kept answering ${what} with more pages after ${MAX_PAGES}; try again later`);
      const res = await this.send('GET', url, what, { split });
      const answer = graphApi.parse(insightsPage, res.body, what);
      rows.push(...answer.data);
      // An empty page with a next link would loop on nothing: a page without rows ends the answer.
      url = answer.paging?.next && answer.data.length ? this.nextUrl(answer.paging.next) : undefined;
    }
    return rows;
  }
}

/** The parameters of one daily account-level insights request over `window`. */
function insightsParams(window: SpendWindow): Record<string, string> {
  return {
    level: 'account',
    fields: INSIGHTS_FIELDS,
    time_increment: '1',
    time_range: JSON.stringify({ since: window.from, until: window.to }),
    limit: String(PAGE_LIMIT),
  };
}

/** The account's id (digits), currency and time zone, read once per sync from its node. */
async function accountFacts(calls: GraphCalls, adAccountId: string): Promise<AccountFacts> {
  const res = await calls.send('GET', calls.url(adAccountId, { fields: 'account_id,currency,timezone_name' }), 'the ad account request', { adAccountId });
  const account = graphApi.parse(adAccount, res.body, 'the ad account request');
  if (!account.currency) throw graphApi.error('unavailable', `Meta answered the ad account request without the account's currency; try again later`);
  return { accountId: account.account_id, currency: account.currency, timezone: account.timezone_name };
}

/**
 * The rows of `window` by synchronous calls; a range Meta cannot compute in time is asked again
 * in halves (§5.2), each half yielded as it is read.
 */
async function* synchronousRanges(calls: GraphCalls, adAccountId: string, window: SpendWindow): AsyncGenerator<[SpendWindow, InsightsRow[]]> {
  let rows: InsightsRow[];
  try {
    rows = await calls.rows(calls.url(`${adAccountId}/insights`, insightsParams(window)), 'the insights request', true);
  } catch (err) {
    if (!(err instanceof RangeTimedOut)) throw err;
    if (window.from === window.to) {
      throw graphApi.refusal(`the insights of ${window.from}`, err.res, { kind: 'unavailable', hint: 'Meta timed out on a single day; try again later' });
    }
    const [first, second] = halves(window);
    calls.session.log.info({ provider: graphApi.id, from: window.from, to: window.to }, 'Meta timed out on the range; asking again in halves');
    yield* synchronousRanges(calls, adAccountId, first);
    yield* synchronousRanges(calls, adAccountId, second);
    return;
  }
  yield [window, rows];
}

/** Polls a report run until it ends (Meta: up to an hour), at a growing interval. */
async function finishedRun(calls: GraphCalls, id: string): Promise<ReportRun> {
  const deadline = calls.timing.now() + REPORT_DEADLINE_MS;
  let wait = FIRST_POLL_MS;
  for (;;) {
    await calls.timing.sleep(wait);
    const run = graphApi.parse(reportRun, (await calls.send('GET', calls.url(id), 'the insights report status')).body, 'the insights report status');
    if (reportRunState(run) !== 'running') return run;
    if (calls.timing.now() > deadline) {
      throw graphApi.error(
        'unavailable',
        `Meta's insights report ${id} is still running after an hour (${run.async_percent_completion ?? 0} %); the sync will try again later`,
      );
    }
    wait = Math.min(MAX_POLL_MS, Math.ceil(wait * 1.5));
  }
}

/** A failed report run, in Meta's words (its error fields from v25.0, §5.2). */
function runFailure(run: ReportRun, retryable: boolean): ProviderError {
  const words = [run.error_message, run.error_user_title, run.error_user_msg].filter((w): w is string => !!w);
  const said = [...new Set(words)].join('. ') || 'no reason given';
  const code = run.error_code === undefined ? '' : ` (code ${run.error_code}${run.error_subcode === undefined ? '' : `/${run.error_subcode}`})`;
  const kind = retryable || run.async_status === 'Job Skipped' || run.error_code === undefined ? 'unavailable' : 'request';
  const then = kind === 'unavailable' ? '; the sync will try again later' : '';
  return graphApi.error(kind, `Meta's insights report ended "${run.async_status}"${code}: ${said}${then}`);
}

/**
 * The rows of `window` by an asynchronous report run (§5.2): POST act_{id}/insights, poll
 * GET /{report_run_id}, then page GET /{report_run_id}/insights. A run Meta failed with
 * -2/2490547 ("try again later") is started again.
 */
async function reportRows(calls: GraphCalls, adAccountId: string, window: SpendWindow): Promise<InsightsRow[]> {
  for (let attempt = 1; ; attempt++) {
    const started = await calls.send('POST', calls.url(`${adAccountId}/insights`, insightsParams(window)), 'the insights report');
    const { report_run_id: id } = graphApi.parse(reportRunStarted, started.body, 'the insights report');
    const run = await finishedRun(calls, id);
    if (reportRunState(run) === 'completed') return calls.rows(calls.url(`${id}/insights`, { limit: String(PAGE_LIMIT) }), 'the insights report rows');
    const retryable =
      run.error_code !== undefined &&
      ['transient', 'throttled'].includes(classifyGraphError({ code: run.error_code, error_subcode: run.error_subcode, message: run.error_message ?? '' }));
    if (!retryable || attempt >= REPORT_ATTEMPTS) throw runFailure(run, retryable);
    const wait = backoffMs(attempt);
    calls.session.log.warn(
      { provider: graphApi.id, code: run.error_code, subcode: run.error_subcode, attempt, waitMs: wait },
      'Meta failed the insights report; starting it again',
    );
    await calls.timing.sleep(wait);
  }
}

/**
 * Every day of `window` of the session's ad account (`credentials.ad_account_id`, act_…): its
 * spend, impressions and clicks, a day without delivery as spend "0.00". The account's currency
 * and time zone are read once from its node. Up to 90 days: synchronous calls, a page per range
 * read; longer: one asynchronous report.
 */
export async function* readSpend(session: SyncSession, window: SpendWindow, options: SpendOptions = {}): AsyncGenerator<SpendPage> {
  if (window.from > window.to) throw new RangeError(`the spend window starts after it ends (${window.from} > ${window.to})`);
  const adAccountId = session.credentials.ad_account_id!;
  const calls = new GraphCalls(session, options.timing ?? sessionTiming(session));
  const account = await accountFacts(calls, adAccountId);
  const total = windowLength(window);
  if (total > ASYNC_AFTER_DAYS) {
    const rows = await reportRows(calls, adAccountId, window);
    yield { rows: normalized(rows, window, account), total };
    return;
  }
  for await (const [range, rows] of synchronousRanges(calls, adAccountId, window)) yield { rows: normalized(rows, range, account), total };
}

/** The normalizer's refusal of a row (not one day, another account) is Meta's malformed answer. */
function normalized(rows: InsightsRow[], window: SpendWindow, account: AccountFacts): SpendPage['rows'] {
  try {
    return spendRows(
      rows.filter((r) => r.date_start >= window.from && r.date_start <= window.to),
      window,
      account,
    );
  } catch (err) {
    if (err instanceof RangeError)
      throw graphApi.error('unavailable', `Meta answered the insights request with an unexpected row (${err.message}); try again later`);
    throw err;
  }
}
