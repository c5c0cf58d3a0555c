import { ProviderError } from '../../src/domain/errors.js';
import { createLogger } from '../../src/logger.js';
import { graphFailure } from '../../src/providers/meta-ads/client.js';
import { classifyGraphError } from '../../src/providers/meta-ads/graph-errors.js';
import { halves, spendRows } from '../../src/providers/meta-ads/normalize.js';
import { daysOf, windowLength } from '../../src/providers/spend-window.js';
import { MAX_PAUSE_MS, MIN_PAUSE_MS, MetaPacer, type MetaTiming } from '../../src/providers/meta-ads/pacing.js';
import { graphErrorBody, insightsPage, parseUsage, reportRun, reportRunState } from '../../src/providers/meta-ads/payloads.js';

/** Meta's daily spend, read without the network: payloads, normalizer, usage headers, error codes (docs/providers.md §5.2, §5.3). */

// The sample answer of docs/providers.md §5.2 (values illustrative).
const SAMPLE = {
  data: [
    { account_id: '1234567890', account_currency: 'INR', spend: '2450.37', date_start: '2026-08-01', date_stop: '2026-08-01' },
    { account_id: '1234567890', account_currency: 'INR', spend: '1980.10', date_start: '2026-08-02', date_stop: '2026-08-02' },
  ],
  paging: {
    cursors: { before: 'MAZDZD', after: 'MQZDZD' },
    next: 'https://graph.facebook.com/v27.0/act_1234567890/insights?...&after=MQZDZD',
  },
};
const ACCOUNT = { accountId: '1234567890', currency: 'INR', timezone: 'Asia/Kolkata' };

describe('insights rows → SpendRow', () => {
  it('reads the sample payload, its spend exact and in the account currency and time zone', () => {
    const page = insightsPage.parse(SAMPLE);
    expect(page.paging?.cursors?.after).toBe('MQZDZD');
    expect(page.paging?.next).toContain('after=MQZDZD');
    expect(spendRows(page.data, { from: '2026-08-01', to: '2026-08-02' }, ACCOUNT)).toEqual([
      { date: '2026-08-01', accountId: '1234567890', spend: '2450.37', currency: 'INR', timezone: 'Asia/Kolkata', impressions: 0, clicks: 0 },
      { date: '2026-08-02', accountId: '1234567890', spend: '1980.10', currency: 'INR', timezone: 'Asia/Kolkata', impressions: 0, clicks: 0 },
    ]);
  });

  it('keeps the decimal string as Meta wrote it (no float on the way)', () => {
    const rows = insightsPage.parse({ data: [{ ...SAMPLE.data[0], spend: '9007199254740993.07' }] }).data;
    expect(spendRows(rows, { from: '2026-08-01', to: '2026-08-01' }, ACCOUNT)[0]!.spend).toBe('9007199254740993.07');
  });

  it('reads impressions and clicks, which Meta writes as strings', () => {
    const rows = insightsPage.parse({ data: [{ ...SAMPLE.data[0], impressions: '12034', clicks: '187' }] }).data;
    expect(spendRows(rows, { from: '2026-08-01', to: '2026-08-01' }, ACCOUNT)[0]).toMatchObject({ impressions: 12034, clicks: 187 });
  });

  it('fills every day without a row with spend 0.00 across the window', () => {
    const rows = insightsPage.parse(SAMPLE).data;
    const filled = spendRows(rows, { from: '2026-07-31', to: '2026-08-04' }, ACCOUNT);
    expect(filled.map((r) => [r.date, r.spend])).toEqual([
      ['2026-07-31', '0.00'],
      ['2026-08-01', '2450.37'],
      ['2026-08-02', '1980.10'],
      ['2026-08-03', '0.00'],
      ['2026-08-04', '0.00'],
    ]);
    expect(filled[0]).toEqual({
      date: '2026-07-31',
      accountId: '1234567890',
      spend: '0.00',
      currency: 'INR',
      timezone: 'Asia/Kolkata',
      impressions: 0,
      clicks: 0,
    });
    expect(spendRows([], { from: '2026-02-27', to: '2026-03-01' }, ACCOUNT).map((r) => r.date)).toEqual(['2026-02-27', '2026-02-28', '2026-03-01']);
  });

  it('keeps a day Meta repeated once, and refuses rows that are not one day of this account', () => {
    const rows = insightsPage.parse({ data: [SAMPLE.data[0], SAMPLE.data[0]] }).data;
    expect(spendRows(rows, { from: '2026-08-01', to: '2026-08-01' }, ACCOUNT)).toHaveLength(1);
    const week = insightsPage.parse({ data: [{ ...SAMPLE.data[0], date_stop: '2026-08-07' }] }).data;
    expect(() => spendRows(week, { from: '2026-08-01', to: '2026-08-07' }, ACCOUNT)).toThrow(RangeError);
    const other = insightsPage.parse({ data: [{ ...SAMPLE.data[0], account_id: '999' }] }).data;
    expect(() => spendRows(other, { from: '2026-08-01', to: '2026-08-01' }, ACCOUNT)).toThrow(RangeError);
  });

  it('refuses a spend that is not a decimal string', () => {
    expect(insightsPage.safeParse({ data: [{ ...SAMPLE.data[0], spend: 2450.37 }] }).success).toBe(false);
    expect(insightsPage.safeParse({ data: [{ ...SAMPLE.data[0], spend: '-3.00' }] }).success).toBe(false);
  });
});

describe('windows', () => {
  it('counts and halves windows of calendar days', () => {
    const w = { from: '2026-01-30', to: '2026-02-02' };
    expect(daysOf(w)).toEqual(['2026-01-30', '2026-01-31', '2026-02-01', '2026-02-02']);
    expect(windowLength(w)).toBe(4);
    expect(windowLength({ from: '2026-01-01', to: '2026-01-01' })).toBe(1);
    expect(halves(w)).toEqual([
      { from: '2026-01-30', to: '2026-01-31' },
      { from: '2026-02-01', to: '2026-02-02' },
    ]);
    expect(halves({ from: '2026-01-01', to: '2026-01-03' })).toEqual([
      { from: '2026-01-01', to: '2026-01-01' },
      { from: '2026-01-02', to: '2026-01-03' },
    ]);
  });
});

describe('report runs', () => {
  const run = (fields: Record<string, unknown>) => reportRun.parse({ id: '6012345000001', ...fields });

  it('reads the statuses a run moves through', () => {
    expect(reportRunState(run({ async_status: 'Job Not Started', async_percent_completion: 0 }))).toBe('running');
    expect(reportRunState(run({ async_status: 'Job Started', async_percent_completion: 10 }))).toBe('running');
    expect(reportRunState(run({ async_status: 'Job Running', async_percent_completion: 60 }))).toBe('running');
    // Completed before 100 %: Airbyte waits for both; so does Sutra.
    expect(reportRunState(run({ async_status: 'Job Completed', async_percent_completion: 90 }))).toBe('running');
    expect(reportRunState(run({ async_status: 'Job Completed', async_percent_completion: 100 }))).toBe('completed');
    expect(reportRunState(run({ async_status: 'Job Skipped' }))).toBe('failed');
  });

  it("reads a failed run's error fields (v25.0 on)", () => {
    const failed = run({ async_status: 'Job Failed', async_percent_completion: 0, error_code: -2, error_subcode: 2490547, error_message: 'Report Failed' });
    expect(reportRunState(failed)).toBe('failed');
    expect(classifyGraphError({ code: failed.error_code!, error_subcode: failed.error_subcode, message: failed.error_message! })).toBe('transient');
  });
});

describe('usage headers', () => {
  // The shapes of docs/providers.md §5.3.
  const headers = {
    'x-business-use-case-usage': JSON.stringify({
      '1234': [
        { type: 'ads_insights', call_count: 95, total_cputime: 20, total_time: 20, estimated_time_to_regain_access: 7, ads_api_access_tier: 'standard_access' },
      ],
    }),
    'x-app-usage': JSON.stringify({ call_count: 28, total_time: 25, total_cputime: 25 }),
    'x-ad-account-usage': JSON.stringify({ acc_id_util_pct: 9.67, reset_time_duration: 100, ads_api_access_tier: 'standard_access' }),
    'x-fb-ads-insights-throttle': JSON.stringify({ app_id_util_pct: 0, acc_id_util_pct: 0 }),
  };

  it('takes the highest figure of every header and the longest announced wait', () => {
    expect(parseUsage(headers)).toEqual({ highestPct: 95, regainMinutes: 7 });
    expect(parseUsage({ 'x-ad-account-usage': JSON.stringify({ acc_id_util_pct: 99.5 }) })).toEqual({ highestPct: 99.5, regainMinutes: 0 });
    expect(parseUsage({ 'x-fb-ads-insights-throttle': JSON.stringify({ app_id_util_pct: 12, acc_id_util_pct: 40 }) }).highestPct).toBe(40);
  });

  it('counts a missing or garbled header as no usage', () => {
    expect(parseUsage({})).toEqual({ highestPct: 0, regainMinutes: 0 });
    expect(parseUsage({ 'x-app-usage': 'not json', 'x-business-use-case-usage': '[1,2]' })).toEqual({ highestPct: 0, regainMinutes: 0 });
  });

  let now = 0;
  let slept: number[] = [];
  const timing: MetaTiming = { now: () => now, sleep: async (ms) => void slept.push(ms) };
  const pacer = () => new MetaPacer(timing, createLogger({ level: 'silent', pretty: false }));
  const answer = (h: Record<string, string>) => ({ status: 200, headers: h, body: { data: [] } });
  const regain = (minutes: number) => ({
    'x-business-use-case-usage': JSON.stringify({ '1234': [{ type: 'ads_insights', call_count: 10, estimated_time_to_regain_access: minutes }] }),
  });
  beforeEach(() => {
    now = 0;
    slept = [];
  });

  it('pauses the next call once a figure reaches 95 %, for the announced wait and at least a minute', async () => {
    const p = pacer();
    p.observe(answer({ 'x-app-usage': JSON.stringify({ call_count: 50 }) }));
    await p.ready('the insights request');
    expect(slept).toEqual([]);
    p.observe(answer({ 'x-app-usage': JSON.stringify({ call_count: 96 }) }));
    now = 20_000;
    await p.ready('the insights request');
    expect(slept).toEqual([MIN_PAUSE_MS - 20_000]);
    now = 100_000;
    p.observe(answer(headers));
    await p.ready('the insights request');
    expect(slept).toEqual([MIN_PAUSE_MS - 20_000, 7 * 60_000]);
  });

  it('sits out an announced wait of up to 15 minutes', async () => {
    const p = pacer();
    p.observe(answer(regain(MAX_PAUSE_MS / 60_000)));
    await p.ready('the insights request');
    expect(slept).toEqual([MAX_PAUSE_MS]);
  });

  it('refuses the next call as unavailable, without waiting, when a 200 answer announces 60 minutes', async () => {
    const p = pacer();
    p.observe(answer(regain(60)));
    const err = await p.ready('the insights request').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'unavailable', providerId: 'meta_ads' });
    expect((err as Error).message).toBe('Meta asks to wait 60 minutes before the insights request (its usage headers); the sync will try again later');
    expect(slept).toEqual([]);
  });
});

describe('error codes', () => {
  const error = (code: number, error_subcode?: number, message = 'x') =>
    graphErrorBody.parse({ error: { message, type: 'OAuthException', code, error_subcode } }).error;

  it.each([
    [4, 1504022, 'throttled'],
    [4, 1504039, 'throttled'],
    [17, 2446079, 'throttled'],
    [32, undefined, 'throttled'],
    [613, 1487742, 'throttled'],
    [80000, 2446079, 'throttled'],
    [80004, undefined, 'throttled'],
    [2, undefined, 'transient'],
    [2, 1504043, 'transient'],
    [1, 99, 'transient'],
    [-2, 2490547, 'transient'],
    [100, 1504018, 'timeout'],
    [2, 1504038, 'timeout'],
    [2, 1504041, 'refused'],
    [2, 1504042, 'refused'],
    [100, undefined, 'refused'],
    [1, undefined, 'refused'],
    [190, 460, 'auth'],
    [190, undefined, 'auth'],
    [10, undefined, 'auth'],
    [200, undefined, 'auth'],
  ])('code %s/%s is %s', (code, subcode, kind) => {
    expect(classifyGraphError(error(code, subcode))).toBe(kind);
  });

  it('tells a missing appsecret_proof (code 100) apart by its text', () => {
    expect(classifyGraphError(error(100, undefined, 'API calls from the server require an appsecret_proof argument'))).toBe('auth');
  });

  it('reads a code 100 on the ad account node as the token not reading it', () => {
    expect(classifyGraphError(error(100, 33), true)).toBe('auth');
    expect(classifyGraphError(error(100, 1504018), true)).toBe('timeout');
  });

  describe("the refusal's kind is the class's", () => {
    const ctx = { endpoints: { metaGraphVersion: 'v25.0' }, log: createLogger({ level: 'silent', pretty: false }) } as Parameters<typeof graphFailure>[2];
    const failure = (status: number, code: number, adAccountId?: string) =>
      graphFailure({ status, headers: {}, body: { error: { message: `(#${code}) said`, code } } }, {}, ctx, adAccountId);

    it.each([
      [400, 190, undefined, 'auth'],
      [403, 200, undefined, 'auth'],
      [403, 250, undefined, 'auth'],
      [400, 100, 'act_1', 'auth'],
      [400, 100, undefined, 'request'],
      [400, 2635, undefined, 'request'],
      [400, 4, undefined, 'unavailable'],
      [500, 2, undefined, 'unavailable'],
      // A 5xx with a code of no class stays a passing failure.
      [500, 1, undefined, 'unavailable'],
    ])('HTTP %s code %s (ad account %s) is %s', (status, code, adAccountId, kind) => {
      expect(failure(status, code, adAccountId)).toMatchObject({ kind, providerId: 'meta_ads' });
    });

    it('keeps the hint for the seller', () => {
      expect(failure(403, 250).message).toBe('Meta refused the call (HTTP 403): (#250) said. Grant the token ads_read');
      expect(failure(400, 100, 'act_1').message).toMatch(/^Meta refused ad account act_1 \(HTTP 400\): \(#100\) said\. Check the id/);
    });
  });
});
