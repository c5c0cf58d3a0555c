import { ProviderError } from '../../src/domain/errors.js';
import { createLogger } from '../../src/logger.js';
import { metaAds } from '../../src/providers/meta-ads/index.js';
import { readSpend } from '../../src/providers/meta-ads/insights.js';
import type { MetaTiming } from '../../src/providers/meta-ads/pacing.js';
import type { SpendRow, SpendWindow, SyncSession } from '../../src/providers/types.js';
import { daysBefore } from '../../src/sandbox/commerce/ad-spend.js';
import { SANDBOX_CREDENTIALS, SANDBOX_SECOND_ACCOUNTS } from '../../src/sandbox/credentials.js';
import { metaAdsControls, metaBookKey, type MetaAdsControls } from '../../src/sandbox/meta-ads.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { testConfig } from '../support/env.js';

/**
 * Meta Ads' daily spend against the sandbox (docs/providers.md §5.2, §5.3): the figures of the
 * sandbox's ad spend book to the paisa, paging, the asynchronous report, restatement, throttling
 * waited out as Meta announces it, and refusals in Meta's words. The clock and the waits are
 * injected, so a wait of minutes takes none.
 */

let sandbox: Sandbox;
let controls: MetaAdsControls;
let clock = 0;
let slept: number[] = [];
const timing: MetaTiming = {
  now: () => clock,
  sleep: async (ms) => {
    slept.push(ms);
    clock += ms;
  },
};

const session = (credentials: Record<string, string> = { ...SANDBOX_CREDENTIALS.meta_ads }): SyncSession => ({
  credentials,
  firstSyncFrom: new Date(0),
  endpoints: testConfig(sandbox.env).providers,
  log: createLogger({ level: 'silent', pretty: false }),
});

const today = () => new Date().toISOString().slice(0, 10);
/** The `days` days up to yesterday. */
const lastDays = (days: number): SpendWindow => ({ from: daysBefore(today(), days), to: daysBefore(today(), 1) });

async function read(window: SpendWindow, s = session()): Promise<SpendRow[]> {
  const rows: SpendRow[] = [];
  for await (const page of readSpend(s, window, { timing })) rows.push(...page.rows);
  return rows;
}

/** What the sandbox's book says of each day of the window, as Meta writes it: rupees to the paisa, no delivery as 0.00. */
function expected(window: SpendWindow, adAccountId: string = SANDBOX_CREDENTIALS.meta_ads.ad_account_id): Array<[string, string, number, number]> {
  const out: Array<[string, string, number, number]> = [];
  for (let d = window.from; d <= window.to; d = daysBefore(d, -1)) {
    const day = sandbox.adSpend.delivery(metaBookKey(adAccountId), d);
    out.push([
      d,
      day ? `${Math.floor(day.spendMinor / 100)}.${String(day.spendMinor % 100).padStart(2, '0')}` : '0.00',
      day?.impressions ?? 0,
      day?.clicks ?? 0,
    ]);
  }
  return out;
}
const figures = (rows: SpendRow[]) => rows.map((r) => [r.date, r.spend, r.impressions, r.clicks]);
const insightsCalls = (method: string) => controls.calls.filter((c) => c.method === method && c.path.endsWith('/insights'));

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: unknown) => err,
  );

beforeAll(async () => {
  sandbox = await startSandbox({ orders: 5 });
  controls = metaAdsControls(sandbox.adSpend);
});
afterAll(() => sandbox.stop());
beforeEach(() => {
  controls.reset();
  slept = [];
  clock = 0;
});

describe('Meta Ads daily spend', () => {
  it('is the marketing slot, re-reading 28 days', () => {
    expect(metaAds.marketing?.restatementDays).toBe(28);
  });

  it('reads a 7-day window equal to the book to the paisa, in the account currency and time zone', async () => {
    const window = lastDays(7);
    const pages = [];
    for await (const page of metaAds.marketing!.spend(session(), window)) pages.push(page);
    const rows = pages.flatMap((p) => p.rows);
    expect(figures(rows)).toEqual(expected(window));
    expect(pages[0]!.total).toBe(7);
    expect(new Set(rows.map((r) => `${r.accountId} ${r.currency} ${r.timezone}`))).toEqual(new Set(['1234567890 INR Asia/Kolkata']));
    // One synchronous call, account level, one row a day, with the proof.
    const [call] = insightsCalls('GET');
    expect(call!.query).toMatchObject({ level: 'account', time_increment: '1', time_range: JSON.stringify({ since: window.from, until: window.to }) });
    expect(call!.query.appsecret_proof).toMatch(/^[0-9a-f]{64}$/);
  });

  it('reads the second account on its own figures', async () => {
    const window = lastDays(7);
    const rows = await read(window, session({ ...SANDBOX_SECOND_ACCOUNTS.meta_ads }));
    expect(figures(rows)).toEqual(expected(window, SANDBOX_SECOND_ACCOUNTS.meta_ads.ad_account_id));
    expect(rows[0]!.accountId).toBe('2234567890');
  });

  it('follows paging.next through a 40-day window', async () => {
    const window = lastDays(40);
    const rows = await read(window);
    expect(figures(rows)).toEqual(expected(window));
    const calls = insightsCalls('GET');
    expect(calls.length).toBeGreaterThanOrEqual(2);
    expect(calls[0]!.query.after).toBeUndefined();
    expect(calls[1]!.query.after).toBeDefined();
  });

  it('reads a 200-day window through an asynchronous report run, polled until done', async () => {
    const window = lastDays(200);
    const rows = await read(window);
    expect(rows).toHaveLength(200);
    expect(figures(rows)).toEqual(expected(window));
    expect(insightsCalls('POST')).toHaveLength(1);
    const polls = controls.calls.filter((c) => c.method === 'GET' && /^\/v\d+\.\d+\/\d+$/.test(c.path));
    expect(polls).toHaveLength(controls.reportPolls + 1);
    // 200 days with a few without delivery, 25 rows a page.
    expect(insightsCalls('GET').length).toBeGreaterThanOrEqual(7);
    expect(insightsCalls('GET').every((c) => /^\/v\d+\.\d+\/\d+\/insights$/.test(c.path))).toBe(true);
  });

  it('starts a report again that Meta failed with -2/2490547, and gives up in its words after three', async () => {
    controls.failReports = 1;
    const window = lastDays(120);
    expect(figures(await read(window))).toEqual(expected(window));
    expect(insightsCalls('POST')).toHaveLength(2);

    controls.reset();
    controls.failReports = 3;
    const err = await failure(read(window));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'unavailable' });
    expect((err as Error).message).toMatch(/Meta's insights report ended "Job Failed" \(code -2\/2490547\): Report Failed/);
    expect(insightsCalls('POST')).toHaveLength(3);
  });

  it('reads a restated day anew', async () => {
    const window = { from: daysBefore(today(), 3), to: today() };
    const before = await read(window);
    expect(figures(before)).toEqual(expected(window));
    sandbox.adSpend.restate();
    const after = await read(window);
    expect(figures(after)).toEqual(expected(window));
    // At least one delivered day moved (each revision shifts it by up to 3 %).
    expect(after.some((r, i) => r.spend !== before[i]!.spend)).toBe(true);
  });

  it('waits out a business-use-case throttle for the time Meta announces, then reads the window', async () => {
    controls.throttle({ code: 80000, count: 2, regainMinutes: 3 });
    const window = lastDays(7);
    expect(figures(await read(window))).toEqual(expected(window));
    expect(slept).toEqual([180_000, 180_000]);
    expect(controls.calls.filter((c) => c.status === 400)).toHaveLength(2);
  });

  it('waits at least a minute, doubling, when a throttle announces no time', async () => {
    controls.throttle({ code: 17, count: 2, regainMinutes: 0 });
    const window = lastDays(3);
    expect(figures(await read(window))).toEqual(expected(window));
    expect(slept).toEqual([60_000, 120_000]);
  });

  it('ends the sync as unavailable, in Meta words, when Meta asks for a longer wait than a sync holds', async () => {
    controls.throttle({ code: 4, count: 1, regainMinutes: 45 });
    const err = await failure(read(lastDays(3)));
    expect(err).toMatchObject({ kind: 'unavailable' });
    expect((err as Error).message).toMatch(
      /^Meta refused the ad account request \(HTTP 400\): \(#4\) Application request limit reached\. Meta asks to wait 45 minutes/,
    );
    expect(slept).toEqual([]);
  });

  it("tries again after Meta's passing failures: got's retries on HTTP 500, then the connector's backoff", async () => {
    controls.failNext(500, { message: '(#2) Service temporarily unavailable', type: 'OAuthException', is_transient: true, code: 2 }, 3);
    const window = lastDays(3);
    expect(figures(await read(window))).toEqual(expected(window));
    // Three 500s of the account call: two retried by got (http.ts), the third waited out here on an injected backoff.
    expect(controls.calls.filter((c) => c.status === 500)).toHaveLength(3);
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThanOrEqual(2_000);
    expect(slept[0]).toBeLessThan(2_100);
  });

  it('pauses before the next call once a usage header passes 95 %', async () => {
    controls.usagePct = 97;
    controls.regainMinutes = 2;
    const window = lastDays(7);
    expect(figures(await read(window))).toEqual(expected(window));
    // Account node, then the insights call: the second waits the announced two minutes.
    expect(slept).toEqual([120_000]);
  });

  it('ends the sync as unavailable, without waiting, when a usage header announces a longer wait than a sync holds', async () => {
    controls.usagePct = 97;
    controls.regainMinutes = 60;
    const err = await failure(read(lastDays(7)));
    expect(err).toMatchObject({ kind: 'unavailable' });
    expect((err as Error).message).toMatch(/^Meta asks to wait 60 minutes before the insights request/);
    expect(slept).toEqual([]);
  });

  it('asks again in halves for a range Meta times out on', async () => {
    controls.timeoutAboveDays = 10;
    const window = lastDays(40);
    expect(figures(await read(window))).toEqual(expected(window));
    const timedOut = insightsCalls('GET').filter((c) => c.status === 400);
    expect(timedOut.length).toBeGreaterThanOrEqual(3);
    for (const c of insightsCalls('GET').filter((call) => call.status === 200)) {
      const { since, until } = JSON.parse(c.query.time_range!) as { since: string; until: string };
      expect((Date.parse(until) - Date.parse(since)) / 86_400_000 + 1).toBeLessThanOrEqual(10);
    }
  });

  it('fails a bad token as an auth error in Meta words', async () => {
    const err = await failure(read(lastDays(7), session({ ...SANDBOX_CREDENTIALS.meta_ads, access_token: 'EAAnotavalidtoken' })));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ kind: 'auth', providerId: 'meta_ads' });
    expect((err as Error).message).toMatch(/Invalid OAuth access token/);
  });

  it('fails a revoked token as an auth error too', async () => {
    sandbox.revoke();
    try {
      expect(await failure(read(lastDays(3)))).toMatchObject({ kind: 'auth' });
    } finally {
      sandbox.restore();
    }
  });

  it('fails an ad account the token cannot read as an auth error', async () => {
    const err = await failure(read(lastDays(3), session({ ...SANDBOX_CREDENTIALS.meta_ads, ad_account_id: 'act_999' })));
    expect(err).toMatchObject({ kind: 'auth' });
    expect((err as Error).message).toMatch(/ad account act_999/);
  });

  it('refuses a window older than 37 months in Meta words, without retrying', async () => {
    const err = await failure(read({ from: '2020-01-01', to: '2020-01-07' }));
    expect(err).toMatchObject({ kind: 'request' });
    expect((err as Error).message).toMatch(/#3018/);
    expect(insightsCalls('GET')).toHaveLength(1);
  });
});
