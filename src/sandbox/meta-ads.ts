import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { dayNumber, daysBefore, type AdSpendBook } from './commerce/ad-spend.js';
import { rupees } from './commerce/order-book.js';
import type { SandboxState } from './commerce/state.js';
import { SANDBOX_CREDENTIALS, SANDBOX_SECOND_ACCOUNTS } from './credentials.js';

const good = SANDBOX_CREDENTIALS.meta_ads;
const trace = () => randomBytes(8).toString('base64');

/**
 * The Marketing API versions still served (docs/providers.md §5.1, checked 2026-11-25): Meta's version
 * history lists v27.0 (2026-11-04) and v26.0 (2026-07-29) with no expiration date, v25.0 expiring
 * 2027-02-23 and v24.0 expired 2026-11-10 (developers.facebook.com/documentation/ads-commerce/
 * marketing-api/marketing-api-changelog/versions).
 */
const LIVE_VERSIONS = ['v25.0', 'v26.0', 'v27.0'];
const LATEST = LIVE_VERSIONS[LIVE_VERSIONS.length - 1]!;

export interface GraphErrorFields {
  message: string;
  type: string;
  code: number;
  error_subcode?: number;
  is_transient?: boolean;
  error_user_title?: string;
  error_user_msg?: string;
}

function graphError(res: Response, error: GraphErrorFields, status = 400): void {
  res.status(status).json({ error: { ...error, fbtrace_id: trace() } });
}

function versionNumber(version: string): number | undefined {
  const m = /^v(\d+)\.(\d+)$/.exec(version);
  return m ? Number(m[1]) * 1000 + Number(m[2]) : undefined;
}

/**
 * A version Meta never had (or a malformed one) is read as part of the path: HTTP 400,
 * {"error":{"message":"Unknown path components: /me","type":"OAuthException","code":2500,"fbtrace_id":…}},
 * the path after the would-be version echoed back ([3P] RealmTeam/django-rest-framework-social-oauth2#180,
 * fixed by setting the version; arsduo/koala#611: "Unknown path components: /IUPATDC35/feed" with version
 * "v2.80"; owlstacks/owlstack-laravel#8: a version without its "v"). Meta documents no such body.
 */
function knownVersion(req: Request, res: Response, next: NextFunction): void {
  const n = versionNumber(req.params.version as string);
  if (n !== undefined && n <= versionNumber(LATEST)!) return next();
  graphError(res, { message: `Unknown path components: ${req.path}`, type: 'OAuthException', code: 2500 });
}

/**
 * A retired version on a Marketing API node: "(#2635) You are calling a deprecated version of the
 * Ads API …", an OAuthException (facebook-java-business-sdk#136; Meta's blog 2024-04-16). This is
 * an app that switched off the version auto-upgrade Meta added in 2024 (Ads API Version Settings):
 * the strict case, so a stale default fails here first. Core Graph nodes such as /me are instead
 * answered by the oldest live version (docs/graph-api/guides/versioning).
 */
function liveAdsVersion(req: Request, res: Response): boolean {
  if (LIVE_VERSIONS.includes(req.params.version as string)) return true;
  graphError(res, {
    message: `(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version: ${LATEST}.`,
    type: 'OAuthException',
    code: 2635,
  });
  return false;
}

function token(req: Request): string | undefined {
  return /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1] ?? (req.query.access_token as string | undefined);
}

/**
 * The token, then the proof, as an app with "Require App Secret" on checks them (docs/providers.md §5.1):
 * a bad token is error 190; a call without appsecret_proof, or with a proof that is not
 * hex(HMAC-SHA256(app secret, token)), is a GraphMethodException with code 100 (texts from
 * thephpleague/oauth2-facebook#17, facebookarchive/offline-conversion-file-uploader#7 and
 * facebook/facebook-python-business-sdk#528, all HTTP 400).
 */
function authorized(req: Request, res: Response, state: SandboxState): boolean {
  const accessToken = token(req);
  if (accessToken === good.access_token && state.revoked) {
    // A token the seller's revocation ended: Meta's 190 with subcode 460 (the session was invalidated).
    graphError(res, {
      message:
        'Error validating access token: The session has been invalidated because the user changed their password or Facebook has changed the session for security reasons.',
      type: 'OAuthException',
      code: 190,
      error_subcode: 460,
    });
    return false;
  }
  if (accessToken !== good.access_token) {
    graphError(res, { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 });
    return false;
  }
  const proof = req.query.appsecret_proof;
  if (typeof proof !== 'string' || proof === '') {
    graphError(res, { message: 'API calls from the server require an appsecret_proof argument', type: 'GraphMethodException', code: 100 });
    return false;
  }
  const expected = createHmac('sha256', good.app_secret).update(accessToken).digest();
  const given = Buffer.from(proof, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    graphError(res, { message: 'Invalid appsecret_proof provided in the API argument', type: 'GraphMethodException', code: 100 });
    return false;
  }
  return true;
}

/** The ad accounts the sandbox's system user reaches. */
const AD_ACCOUNTS: readonly string[] = [good.ad_account_id, SANDBOX_SECOND_ACCOUNTS.meta_ads.ad_account_id];

/** The AdSpendBook key of a Meta ad account (its act_ id: apart from a Google customer id of the same digits). */
export const metaBookKey = (adAccountId: string): string => (adAccountId.startsWith('act_') ? adAccountId : `act_${adAccountId}`);

/** A rate limit the sandbox answers with on the next calls (docs/providers.md §5.3). */
export interface MetaThrottleFault {
  /** 17 (user, subcode 2446079), 4 (app, subcode 1504022), 613 (ad account, 1487742) or 80000 (ads insights BUC, 2446079). */
  code: 4 | 17 | 613 | 80000;
  /** How many calls answer it. */
  count: number;
  /** What `x-business-use-case-usage` announces as estimated_time_to_regain_access, in minutes. */
  regainMinutes: number;
}

/** A call the sandbox answered on an ads route: tests count pages, report polls and retries. */
export interface MetaCall {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

/**
 * The Meta sandbox's switches, for in-process tests (`metaAdsControls(sandbox.adSpend)`): page
 * size, how many polls a report run takes, throttling, timeouts and failed reports on demand, the
 * usage the headers report, and a log of the calls answered.
 */
export class MetaAdsControls {
  /**
   * Rows per page: Meta's default `limit` is 25, and it may answer fewer rows than asked with a
   * `paging.next` (UNVERIFIED when): the sandbox caps every page at this, so a month pages.
   */
  pageSize = 25;
  /** Polls a report run answers "Job Running" before "Job Completed". */
  reportPolls = 3;
  /** A synchronous insights call over more days than this times out with 100/1504018 (none by default). */
  timeoutAboveDays: number | undefined;
  /** What every usage header reports, in percent, outside a throttle. */
  usagePct = 3;
  /** estimated_time_to_regain_access outside a throttle, in minutes. */
  regainMinutes = 0;
  /** Report runs that end "Job Failed" with -2/2490547 before one completes. */
  failReports = 0;
  readonly calls: MetaCall[] = [];
  private throttleFault: MetaThrottleFault | undefined;
  private errorFault: { status: number; error: GraphErrorFields; count: number } | undefined;

  /** The next `fault.count` calls on ads routes answer the rate-limit error of `fault.code`. */
  throttle(fault: MetaThrottleFault): void {
    this.throttleFault = { ...fault };
  }

  /**
   * The next `count` calls on ads routes answer `error` with `status`: Meta's passing failures, e.g.
   * code 2 "(#2) Service temporarily unavailable" with HTTP 500 or code 1/99 (UNVERIFIED statuses).
   */
  failNext(status: number, error: GraphErrorFields, count: number): void {
    this.errorFault = { status, error, count };
  }

  /** Takes one error answer, when one is due. */
  takeError(): { status: number; error: GraphErrorFields } | undefined {
    const fault = this.errorFault;
    if (!fault || fault.count <= 0) return undefined;
    fault.count--;
    return fault;
  }

  /** Takes one throttled answer, when one is due. */
  takeThrottle(): MetaThrottleFault | undefined {
    const fault = this.throttleFault;
    if (!fault || fault.count <= 0) return undefined;
    fault.count--;
    return fault;
  }

  reset(): void {
    this.pageSize = 25;
    this.reportPolls = 3;
    this.timeoutAboveDays = undefined;
    this.usagePct = 3;
    this.regainMinutes = 0;
    this.failReports = 0;
    this.calls.length = 0;
    this.throttleFault = undefined;
    this.errorFault = undefined;
  }
}

const controlsOf = new WeakMap<AdSpendBook, MetaAdsControls>();

/** The Meta sandbox's controls of the sandbox whose ad spend book this is. */
export function metaAdsControls(book: AdSpendBook): MetaAdsControls {
  let controls = controlsOf.get(book);
  if (!controls) controlsOf.set(book, (controls = new MetaAdsControls()));
  return controls;
}

/** The sandbox's business (the owner of the ad accounts) in x-business-use-case-usage. */
const BUSINESS_ID = '100090000000777';

/**
 * Meta's usage headers (docs/providers.md §5.3), on every answer of an ads route: x-app-usage,
 * x-ad-account-usage, x-business-use-case-usage (type ads_insights) and, on insights,
 * x-fb-ads-insights-throttle. Values are percentages; the regain time is in minutes.
 */
function usageHeaders(res: Response, pct: number, regainMinutes: number, insights: boolean): void {
  res.setHeader('x-app-usage', JSON.stringify({ call_count: pct, total_cputime: pct, total_time: pct }));
  res.setHeader(
    'x-ad-account-usage',
    JSON.stringify({ acc_id_util_pct: pct, reset_time_duration: regainMinutes * 60, ads_api_access_tier: 'standard_access' }),
  );
  res.setHeader(
    'x-business-use-case-usage',
    JSON.stringify({
      [BUSINESS_ID]: [
        {
          type: 'ads_insights',
          call_count: pct,
          total_cputime: pct,
          total_time: pct,
          estimated_time_to_regain_access: regainMinutes,
          ads_api_access_tier: 'standard_access',
        },
      ],
    }),
  );
  if (insights) res.setHeader('x-fb-ads-insights-throttle', JSON.stringify({ app_id_util_pct: pct, acc_id_util_pct: pct }));
}

/**
 * Rate-limit bodies (docs/providers.md §5.3): codes and subcodes from Meta's rate-limiting page;
 * the texts of 4 and 17 from public issue threads, those of 613 and 80000 UNVERIFIED. Meta sends
 * them with HTTP 400 (UNVERIFIED for every code; some clients report 403 for code 4).
 */
const THROTTLE_BODIES: Record<MetaThrottleFault['code'], GraphErrorFields> = {
  4: { message: '(#4) Application request limit reached', type: 'OAuthException', is_transient: true, code: 4, error_subcode: 1504022 },
  17: { message: '(#17) User request limit reached', type: 'OAuthException', is_transient: true, code: 17, error_subcode: 2446079 },
  613: { message: '(#613) Calls to this api have exceeded the rate limit.', type: 'OAuthException', is_transient: true, code: 613, error_subcode: 1487742 },
  80000: {
    message:
      '(#80000) There have been too many calls from this ad-account. Wait a bit and try again. For more info, please refer to https://developers.facebook.com/docs/graph-api/overview/rate-limiting#ads-insights.',
    type: 'OAuthException',
    is_transient: true,
    code: 80000,
    error_subcode: 2446079,
  },
};

/** A code-100 refusal of a parameter; the texts marked UNVERIFIED where no public thread quotes them. */
const badParam = (res: Response, message: string, subcode?: number) =>
  graphError(res, { message: `(#100) ${message}`, type: 'OAuthException', code: 100, ...(subcode === undefined ? {} : { error_subcode: subcode }) });

/** The insights fields the sandbox serves (a subset of AdsInsights; docs/providers.md §5.2). */
const INSIGHTS_FIELDS = new Set([
  'account_id',
  'account_name',
  'account_currency',
  'spend',
  'impressions',
  'clicks',
  'date_start',
  'date_stop',
  'cpc',
  'cpm',
  'ctr',
]);
const LEVELS = ['ad', 'adset', 'campaign', 'account'];
const DATE_PRESETS: Record<string, [number, number] | 'maximum'> = {
  today: [0, 0],
  yesterday: [1, 1],
  last_3d: [3, 1],
  last_7d: [7, 1],
  last_14d: [14, 1],
  last_28d: [28, 1],
  last_30d: [30, 1],
  last_90d: [90, 1],
  maximum: 'maximum',
};
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
/** How far back insights reach: 37 months (docs/providers.md §5.2), counted here as 37 × 31 days back from today. */
const OLDEST_DAYS = 37 * 31;

/** The checked parameters of one insights request. */
interface InsightsQuery {
  level: string;
  fields: string[];
  since: string;
  until: string;
  /** Days per row; 'monthly' for calendar months, 'all_days' for one row. */
  increment: number | 'monthly' | 'all_days';
  limit: number;
}

const today = () => new Date().toISOString().slice(0, 10);

function param(params: Record<string, unknown>, name: string): string | undefined {
  const v = params[name];
  return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : undefined;
}

/** The fields list as Graph takes it: comma separated, or a JSON array (the SDKs send one). */
function fieldList(raw: string): string[] {
  const t = raw.trim();
  if (t.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(t);
      if (Array.isArray(parsed)) return parsed.map(String);
    } catch {
      // Not JSON: read as a comma-separated list, as Graph does.
    }
  }
  return t
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
}

/**
 * The checks Meta makes of an insights request (docs/providers.md §5.2), each answered with its
 * code-100 body: level, fields, time_increment, time_range (or date_preset), since ≤ until, at
 * most 37 months back (#3018), limit. Texts: "param time_range must be non-empty" and "… is not
 * valid for fields param" from public issue threads (facebook-java-business-sdk#241,
 * fredericharnois/facebook-ads-reporting-google-apps-script#12), #3018 from daroczig/fbRads#137;
 * the others UNVERIFIED.
 */
function insightsQuery(params: Record<string, unknown>, res: Response): InsightsQuery | undefined {
  const level = param(params, 'level') ?? 'account';
  if (!LEVELS.includes(level)) return void badParam(res, `param level must be one of {${LEVELS.join(', ')}}`);
  const fields = fieldList(param(params, 'fields') ?? 'spend,date_start,date_stop');
  const unknown = fields.find((f) => !INSIGHTS_FIELDS.has(f));
  if (unknown) {
    return void badParam(
      res,
      `${unknown} is not valid for fields param. please check https://developers.facebook.com/docs/marketing-api/reference/ads-insights/ for all valid values`,
    );
  }
  const rawIncrement = param(params, 'time_increment') ?? 'all_days';
  let increment: InsightsQuery['increment'];
  if (rawIncrement === 'monthly' || rawIncrement === 'all_days') increment = rawIncrement;
  else if (/^\d+$/.test(rawIncrement) && Number(rawIncrement) >= 1 && Number(rawIncrement) <= 90) increment = Number(rawIncrement);
  else return void badParam(res, 'param time_increment must be an integer between 1 and 90, or one of monthly, all_days');

  let since: string;
  let until: string;
  const rawRange = param(params, 'time_range');
  const preset = param(params, 'date_preset');
  if (rawRange !== undefined) {
    let range: unknown;
    try {
      range = JSON.parse(rawRange);
    } catch {
      range = undefined;
    }
    const r = (range && typeof range === 'object' ? range : {}) as Record<string, unknown>;
    if (typeof r.since !== 'string' || typeof r.until !== 'string' || r.since === '' || r.until === '')
      return void badParam(res, 'param time_range must be non-empty.');
    if (!DAY.test(r.since) || !DAY.test(r.until) || Number.isNaN(Date.parse(r.since)) || Number.isNaN(Date.parse(r.until))) {
      return void badParam(res, 'param time_range: since and until must be dates in the format YYYY-MM-DD');
    }
    [since, until] = [r.since, r.until];
  } else {
    const p = DATE_PRESETS[preset ?? 'last_30d'];
    if (!p) return void badParam(res, `param date_preset must be one of {${Object.keys(DATE_PRESETS).join(', ')}}`);
    [since, until] = p === 'maximum' ? [daysBefore(today(), OLDEST_DAYS), today()] : [daysBefore(today(), p[0]), daysBefore(today(), p[1])];
  }
  if (since > until) return void badParam(res, 'param time_range: since must be on or before until');
  if (since < daysBefore(today(), OLDEST_DAYS)) {
    graphError(res, {
      message: '(#3018) The start date of the time range cannot be beyond 37 months from the current date',
      type: 'OAuthException',
      code: 3018,
    });
    return undefined;
  }
  const rawLimit = param(params, 'limit') ?? '25';
  if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1) return void badParam(res, 'param limit must be a positive integer');
  return { level, fields, since, until, increment, limit: Number(rawLimit) };
}

const dayAt = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);

/** The buckets of days the rows cover: runs of `increment` days, calendar months, or the whole range. */
function buckets(q: InsightsQuery): Array<[string, string]> {
  const first = dayNumber(q.since);
  const last = dayNumber(q.until);
  if (q.increment === 'all_days') return [[q.since, q.until]];
  const out: Array<[string, string]> = [];
  if (q.increment === 'monthly') {
    for (let d = first; d <= last;) {
      const start = dayAt(d);
      const next = Date.UTC(Number(start.slice(0, 4)), Number(start.slice(5, 7)), 1) / DAY_MS;
      const end = Math.min(next - 1, last);
      out.push([start, dayAt(end)]);
      d = end + 1;
    }
    return out;
  }
  for (let d = first; d <= last; d += q.increment) out.push([dayAt(d), dayAt(Math.min(d + q.increment - 1, last))]);
  return out;
}

/**
 * The insights rows of one account over the query, from the ad spend book: a bucket without
 * any delivery has no row (docs/providers.md §5.2). Numbers are strings, as Meta writes them.
 * Every level answers as if the account ran one campaign with one ad set and one ad.
 */
function insightsRows(book: AdSpendBook, adAccountId: string, q: InsightsQuery): Record<string, string>[] {
  const rows: Record<string, string>[] = [];
  for (const [start, stop] of buckets(q)) {
    let spend = 0;
    let impressions = 0;
    let clicks = 0;
    let delivered = false;
    for (let d = dayNumber(start); d <= dayNumber(stop); d++) {
      const day = book.delivery(metaBookKey(adAccountId), dayAt(d));
      if (!day) continue;
      delivered = true;
      spend += day.spendMinor;
      impressions += day.impressions;
      clicks += day.clicks;
    }
    if (!delivered) continue;
    const all: Record<string, string> = {
      account_id: adAccountId.slice(4),
      account_name: adAccountId === good.ad_account_id ? 'Sutra Sandbox Ads' : 'Sutra Sandbox Ads 2',
      account_currency: 'INR',
      // Meta writes spend as a decimal string with two places (INR).
      spend: rupees(spend),
      impressions: String(impressions),
      clicks: String(clicks),
      cpc: clicks ? (spend / 100 / clicks).toFixed(6) : '0',
      cpm: impressions ? ((spend / 100 / impressions) * 1000).toFixed(6) : '0',
      ctr: impressions ? ((clicks / impressions) * 100).toFixed(6) : '0',
      date_start: start,
      date_stop: stop,
    };
    // Graph answers the fields asked for; date_start and date_stop always come with insights.
    rows.push(Object.fromEntries(Object.entries(all).filter(([k]) => q.fields.includes(k) || k === 'date_start' || k === 'date_stop')));
  }
  return rows;
}

const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');
function decodeCursor(cursor: string): number | undefined {
  const m = /^offset:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  return m ? Number(m[1]) : undefined;
}

/**
 * One page of rows by `after` cursor, with Graph's paging: cursors of the page and, when rows
 * remain, `next`: the request's own URL with `after` set (Meta's link keeps the query, the proof with it).
 */
function sendPage(req: Request, res: Response, rows: Record<string, string>[], limit: number, pageSize: number, params: Record<string, unknown>): void {
  const after = param(params, 'after');
  const offset = after === undefined ? 0 : decodeCursor(after);
  if (offset === undefined) return void badParam(res, 'param after: the cursor is invalid'); // UNVERIFIED text
  const size = Math.min(limit, pageSize);
  const data = rows.slice(offset, offset + size);
  if (!data.length) return void res.json({ data: [] });
  const paging: Record<string, unknown> = { cursors: { before: encodeCursor(offset), after: encodeCursor(offset + data.length) } };
  if (offset + data.length < rows.length) {
    const next = new URL(`${req.protocol}://${req.get('host')}${req.baseUrl}${req.path}`);
    for (const [k, v] of Object.entries(params)) {
      const s = param(params, k);
      if (s !== undefined && k !== 'after' && typeof v !== 'object') next.searchParams.set(k, s);
    }
    next.searchParams.set('after', encodeCursor(offset + data.length));
    paging.next = next.toString();
  }
  res.json({ data, paging });
}

/** An asynchronous insights report (docs/providers.md §5.2). */
interface ReportRun {
  id: string;
  adAccountId: string;
  query: InsightsQuery;
  polls: number;
  /** Set when this run is to fail with -2/2490547. */
  fails: boolean;
  createdAt: number;
}

/**
 * A report run node as Meta answers GET /{report_run_id}: "Job Not Started" → "Job Started" →
 * "Job Running" with its percentage → "Job Completed" at 100, or "Job Failed" with the error
 * fields v25.0 added (Meta's blog 2026-01-08; the texts of -2/2490547 beyond "Report Failed" UNVERIFIED).
 */
function runNode(run: ReportRun, polls: number): Record<string, unknown> {
  const node: Record<string, unknown> = {
    id: run.id,
    account_id: run.adAccountId.slice(4),
    time_ref: Math.floor(run.createdAt / 1000),
    date_start: run.query.since,
    date_stop: run.query.until,
  };
  if (run.polls < polls) {
    const done = Math.floor((run.polls / polls) * 100);
    return { ...node, async_status: run.polls === 0 ? 'Job Not Started' : done < 50 ? 'Job Started' : 'Job Running', async_percent_completion: done };
  }
  if (run.fails) {
    return {
      ...node,
      async_status: 'Job Failed',
      async_percent_completion: 0,
      error_code: -2,
      error_subcode: 2490547,
      error_message: 'Report Failed',
      error_user_title: 'Report Failed',
      error_user_msg: 'The report failed to run. Please try again later.',
    };
  }
  return { ...node, async_status: 'Job Completed', async_percent_completion: 100, time_completed: Math.floor(Date.now() / 1000) };
}

/** Meta's Graph API (docs/providers.md §5): /me, the ad account node, its insights, synchronous and as report runs. */
export function metaAdsSandbox(state: SandboxState): Router {
  const router = Router();
  const controls = metaAdsControls(state.adSpend);
  const runs = new Map<string, ReportRun>();
  let nextRun = 6_012_345_000_001;

  router.use('/:version', knownVersion);
  router.get('/:version/me', (req, res) => {
    if (!authorized(req, res, state)) return;
    res.json({ id: '100090000000001', name: 'Sutra Sandbox System User' });
  });

  /**
   * What every ads call goes through: the version, the token and proof, then a due throttle,
   * with the usage headers on every answer; the call is logged for the tests.
   */
  const adsCall = (req: Request, res: Response, insights: boolean): boolean => {
    res.on('finish', () => {
      controls.calls.push({ method: req.method, path: req.path, query: { ...(req.query as Record<string, string>) }, status: res.statusCode });
    });
    if (!liveAdsVersion(req, res) || !authorized(req, res, state)) return false;
    const fault = controls.takeThrottle();
    if (fault) {
      usageHeaders(res, 100, fault.regainMinutes, insights);
      graphError(res, THROTTLE_BODIES[fault.code]);
      return false;
    }
    usageHeaders(res, controls.usagePct, controls.regainMinutes, insights);
    const failure = controls.takeError();
    if (failure) {
      graphError(res, failure.error, failure.status);
      return false;
    }
    return true;
  };

  const unknownNode = (res: Response, node: string) =>
    graphError(res, {
      message:
        `Unsupported get request. Object with ID '${node}' does not exist, cannot be loaded due to missing permissions,` +
        ' or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api',
      type: 'GraphMethodException',
      code: 100,
      error_subcode: 33,
    });

  // Insights of an ad account (synchronous) or of a finished report run.
  router.get('/:version/:node/insights', (req, res) => {
    const node = req.params.node;
    if (!adsCall(req, res, true)) return;
    const params = req.query as Record<string, unknown>;
    const run = runs.get(node);
    if (run) {
      if (runNode(run, controls.reportPolls).async_status !== 'Job Completed') {
        // UNVERIFIED text: the rows of a run not yet completed.
        return void badParam(res, `The report run ${run.id} has not completed yet`);
      }
      const rawLimit = param(params, 'limit') ?? '25';
      if (!/^\d+$/.test(rawLimit) || Number(rawLimit) < 1) return void badParam(res, 'param limit must be a positive integer');
      return sendPage(req, res, insightsRows(state.adSpend, run.adAccountId, run.query), Number(rawLimit), controls.pageSize, params);
    }
    if (!AD_ACCOUNTS.includes(node)) return unknownNode(res, node);
    const q = insightsQuery(params, res);
    if (!q) return;
    const days = dayNumber(q.until) - dayNumber(q.since) + 1;
    if (controls.timeoutAboveDays !== undefined && days > controls.timeoutAboveDays) {
      // Codes from Meta's insights error table (docs/providers.md §5.3); the text UNVERIFIED.
      return void graphError(res, {
        message: '(#100) The request timed out. Please reduce the amount of data you are asking for (a shorter date range), or use an asynchronous job.',
        type: 'OAuthException',
        code: 100,
        error_subcode: 1504018,
        error_user_title: 'Request timed out',
        error_user_msg: 'Try a smaller date range, fewer fields or an asynchronous job.',
      });
    }
    sendPage(req, res, insightsRows(state.adSpend, node, q), q.limit, controls.pageSize, params);
  });

  // An asynchronous report run: the same parameters, in the query or a form body.
  router.post('/:version/:node/insights', express.urlencoded({ extended: false }), (req, res) => {
    const node = req.params.node;
    if (!adsCall(req, res, true)) return;
    if (!AD_ACCOUNTS.includes(node)) return unknownNode(res, node);
    const params = { ...(req.query as Record<string, unknown>), ...((req.body ?? {}) as Record<string, unknown>) };
    const q = insightsQuery(params, res);
    if (!q) return;
    const id = String(nextRun++);
    const fails = controls.failReports > 0;
    if (fails) controls.failReports--;
    runs.set(id, { id, adAccountId: node, query: q, polls: 0, fails, createdAt: Date.now() });
    res.json({ report_run_id: id });
  });

  router.get('/:version/:node', (req, res, next) => {
    const node = req.params.node;
    const run = runs.get(node);
    if (run) {
      if (!adsCall(req, res, true)) return;
      const answer = runNode(run, controls.reportPolls);
      run.polls++;
      return void res.json(answer);
    }
    if (!node.startsWith('act_')) return next();
    if (!adsCall(req, res, false)) return;
    if (!AD_ACCOUNTS.includes(node)) return unknownNode(res, node);
    res.json({
      account_id: node.slice(4),
      name: node === good.ad_account_id ? 'Sutra Sandbox Ads' : 'Sutra Sandbox Ads 2',
      currency: 'INR',
      timezone_name: 'Asia/Kolkata',
      id: node,
    });
  });
  return router;
}
