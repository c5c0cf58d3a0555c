import { ProviderError } from '../../src/domain/errors.js';
import { createLogger } from '../../src/logger.js';
import { googleAds } from '../../src/providers/google-ads/index.js';
import { MAX_QUOTA_WAIT_MS } from '../../src/providers/google-ads/spend.js';
import { fromPaise } from '../../src/providers/money.js';
import type { SpendRow, SpendWindow, SyncSession } from '../../src/providers/types.js';
import { daysBefore } from '../../src/sandbox/commerce/ad-spend.js';
import { SANDBOX_CREDENTIALS, SANDBOX_GOOGLE_ADS_MANAGED, SANDBOX_GOOGLE_ADS_USD } from '../../src/sandbox/credentials.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { testConfig } from '../support/env.js';

/**
 * Google Ads daily cost through the connector, against the sandbox (docs/providers.md §6): a
 * direct account, a manager's clients, quota refusals waited out or reported, restated days.
 */

let sandbox: Sandbox;
const marketing = googleAds.marketing!;
const MANAGER = SANDBOX_GOOGLE_ADS_MANAGED.login_customer_id;

const session = (credentials: Record<string, string>, version?: string): SyncSession => ({
  credentials: { ...credentials },
  firstSyncFrom: new Date(0),
  endpoints: testConfig({ ...sandbox.env, ...(version ? { GOOGLE_ADS_API_VERSION: version } : {}) }).providers,
  log: createLogger({ level: 'silent', pretty: false }),
});

/** Every row of a sync, page by page. */
async function read(s: SyncSession, window: SpendWindow): Promise<SpendRow[]> {
  const rows: SpendRow[] = [];
  for await (const page of marketing.spend(s, window)) rows.push(...page.rows);
  return rows;
}

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: unknown) => err as ProviderError,
  );

/** What the book says the account spent on `date`, to the paisa (0.00 on a day without delivery). */
const bookSpend = (accountId: string, date: string) => fromPaise(sandbox.adSpend.delivery(accountId, date)?.spendMinor ?? 0);

const today = () => new Date().toISOString().slice(0, 10);
/** The nightly window: 30 days up to yesterday. */
const last30 = (): SpendWindow => ({ from: daysBefore(today(), 30), to: daysBefore(today(), 1) });

beforeAll(async () => {
  sandbox = await startSandbox({ orders: 10 });
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.googleAds.clear());

it('revises 30 days back', () => {
  expect(marketing.restatementDays).toBe(30);
});

it('reads a direct account’s 30 days, equal to the book’s to the paisa, a day without delivery as 0.00', async () => {
  const id = SANDBOX_CREDENTIALS.google_ads.customer_id;
  const window = last30();
  const rows = await read(session(SANDBOX_CREDENTIALS.google_ads), window);
  expect(rows).toHaveLength(30);
  expect(rows.map((r) => [r.date, r.spend])).toEqual(rows.map((r) => [r.date, bookSpend(id, r.date)]));
  expect(rows.every((r) => r.accountId === id && r.currency === 'INR' && r.timezone === 'Asia/Calcutta')).toBe(true);
  // The book leaves about one day in twelve without delivery: Google sends no row, the connector says 0.
  const quiet = rows.filter((r) => !sandbox.adSpend.delivery(id, r.date));
  expect(quiet.every((r) => r.spend === '0.00' && r.impressions === 0 && r.clicks === 0)).toBe(true);
  const busy = rows.find((r) => sandbox.adSpend.delivery(id, r.date))!;
  expect(busy.impressions).toBe(sandbox.adSpend.delivery(id, busy.date)!.impressions);
  expect(busy.clicks).toBe(sandbox.adSpend.delivery(id, busy.date)!.clicks);
  // One customer query, one days query; no login-customer-id for an account reached directly.
  expect(sandbox.googleAds.calls.map((c) => [c.method, c.customerId, c.login, c.status])).toEqual([
    ['googleAds:searchStream', id, undefined, 200],
    ['googleAds:searchStream', id, undefined, 200],
  ]);
});

it('reads a manager’s enabled client accounts through it, each in its own currency, never the manager’s own metrics', async () => {
  const window = { from: daysBefore(today(), 7), to: daysBefore(today(), 1) };
  const pages = [];
  for await (const page of marketing.spend(session({ ...SANDBOX_CREDENTIALS.google_ads, customer_id: MANAGER }), window)) pages.push(page);
  // The INR client and the USD one; the cancelled client is left out.
  expect(pages.map((p) => [p.rows[0]!.accountId, p.rows[0]!.currency, p.rows[0]!.timezone, p.total])).toEqual([
    [SANDBOX_GOOGLE_ADS_MANAGED.customer_id, 'INR', 'Asia/Calcutta', 14],
    [SANDBOX_GOOGLE_ADS_USD.customer_id, 'USD', 'America/New_York', 14],
  ]);
  for (const row of pages.flatMap((p) => p.rows)) expect(row.spend).toBe(bookSpend(row.accountId, row.date));
  const days = sandbox.googleAds.calls.filter((c) => c.query?.includes('metrics.cost_micros'));
  expect(days.map((c) => [c.customerId, c.login])).toEqual([
    [SANDBOX_GOOGLE_ADS_MANAGED.customer_id, MANAGER],
    [SANDBOX_GOOGLE_ADS_USD.customer_id, MANAGER],
  ]);
});

it('reads a client connected through its manager as that one account', async () => {
  const window = { from: daysBefore(today(), 3), to: daysBefore(today(), 1) };
  const rows = await read(session(SANDBOX_GOOGLE_ADS_USD), window);
  expect(rows.map((r) => [r.accountId, r.currency, r.spend])).toEqual(
    ['3', '2', '1'].map((n) => [SANDBOX_GOOGLE_ADS_USD.customer_id, 'USD', bookSpend(SANDBOX_GOOGLE_ADS_USD.customer_id, daysBefore(today(), Number(n)))]),
  );
});

it('waits out a short RESOURCE_TEMPORARILY_EXHAUSTED as long as Google asks', async () => {
  sandbox.googleAds.refuseQuota(2, { error: 'RESOURCE_TEMPORARILY_EXHAUSTED', retryDelay: '0.05s' });
  const started = Date.now();
  const rows = await read(session(SANDBOX_CREDENTIALS.google_ads), { from: daysBefore(today(), 2), to: daysBefore(today(), 1) });
  expect(rows).toHaveLength(2);
  expect(Date.now() - started).toBeGreaterThanOrEqual(100);
  expect(sandbox.googleAds.calls.map((c) => c.status)).toEqual([429, 429, 200, 200]);
});

it('fails at once on the daily quota, in Google’s words and saying when it may run again', async () => {
  sandbox.googleAds.refuseQuota(1, { error: 'RESOURCE_EXHAUSTED', retryDelay: '40591s' });
  expect(40_591_000).toBeGreaterThan(MAX_QUOTA_WAIT_MS);
  const started = Date.now();
  const err = await failure(read(session(SANDBOX_CREDENTIALS.google_ads), last30()));
  expect(Date.now() - started).toBeLessThan(5_000);
  expect(err).toBeInstanceOf(ProviderError);
  expect(err.kind).toBe('unavailable');
  expect(err.status).toBe(429);
  expect(err.message).toContain('Too many requests. Retry in 40591 seconds.');
  expect(err.message).toMatch(/Google asks to wait 11 h 17 min: the sync may run again after \d{4}-\d\d-\d\dT\d\d:\d\dZ/);
  expect(sandbox.googleAds.calls).toHaveLength(1);
});

it('reads a restated day’s new figure', async () => {
  const id = SANDBOX_CREDENTIALS.google_ads.customer_id;
  const window = { from: daysBefore(today(), 10), to: daysBefore(today(), 1) };
  const before = await read(session(SANDBOX_CREDENTIALS.google_ads), window);
  sandbox.adSpend.restate();
  const after = await read(session(SANDBOX_CREDENTIALS.google_ads), window);
  expect(after.map((r) => r.spend)).toEqual(after.map((r) => bookSpend(id, r.date)));
  const changed = after.filter((r, i) => r.spend !== before[i]!.spend).map((r) => r.date);
  // The book revises the days within 3 of today; older ones stay as they were.
  expect(changed.length).toBeGreaterThan(0);
  expect(changed.every((d) => d >= daysBefore(today(), sandbox.adSpend.restatedDays))).toBe(true);
});

describe('refusals', () => {
  it('a managed client without its manager’s id: access refused, kind auth, with what to enter', async () => {
    const { login_customer_id: _, ...withoutManager } = SANDBOX_GOOGLE_ADS_MANAGED;
    const err = await failure(read(session(withoutManager), last30()));
    expect(err.kind).toBe('auth');
    expect(err.message).toContain(`Google refused access to customer ${SANDBOX_GOOGLE_ADS_MANAGED.customer_id} (HTTP 403)`);
    expect(err.message).toContain('enter the manager (MCC) customer id too');
  });

  it('a sunset version: Google’s words', async () => {
    const err = await failure(read(session(SANDBOX_CREDENTIALS.google_ads, 'v22'), last30()));
    expect(err.kind).toBe('request');
    expect(err.message).toContain('Version v22 is deprecated. Requests to this version will be blocked.');
  });

  it('a refused refresh token: kind auth', async () => {
    const err = await failure(read(session({ ...SANDBOX_CREDENTIALS.google_ads, refresh_token: '1//revoked' }), last30()));
    expect(err.kind).toBe('auth');
    expect(err.message).toContain('Token has been expired or revoked.');
  });
});
