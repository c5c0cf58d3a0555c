import { createHmac } from 'node:crypto';
import { daysBefore } from '../../src/sandbox/commerce/ad-spend.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { metaAdsControls, metaBookKey, type MetaAdsControls } from '../../src/sandbox/meta-ads.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';

/** The Meta sandbox's insights, as strict as Meta (docs/providers.md §5.2, §5.3): its checks, bodies, headers, paging and report runs. */

const good = SANDBOX_CREDENTIALS.meta_ads;
const proof = createHmac('sha256', good.app_secret).update(good.access_token).digest('hex');
let sandbox: Sandbox;
let controls: MetaAdsControls;

const today = () => new Date().toISOString().slice(0, 10);
const week = () => ({ since: daysBefore(today(), 7), until: daysBefore(today(), 1) });

async function graph(path: string, params: Record<string, string> = {}, method = 'GET') {
  const url = new URL(`${sandbox.url}/meta/v27.0/${path}`);
  for (const [k, v] of Object.entries({ appsecret_proof: proof, ...params })) url.searchParams.set(k, v);
  const res = await fetch(url, { method, headers: { authorization: `Bearer ${good.access_token}` } });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- test reads of Meta's JSON
}
const insights = (params: Record<string, string>) =>
  graph(`${good.ad_account_id}/insights`, { level: 'account', fields: 'spend,account_id,date_start,date_stop', time_increment: '1', ...params });

beforeAll(async () => {
  sandbox = await startSandbox({ orders: 5 });
  controls = metaAdsControls(sandbox.adSpend);
});
afterAll(() => sandbox.stop());
beforeEach(() => controls.reset());

describe('insights parameters', () => {
  it.each([
    [{ level: 'business' }, /level must be one of/],
    [{ fields: 'spend,cost_micros' }, /cost_micros is not valid for fields param/],
    [{ time_increment: '0' }, /time_increment/],
    [{ time_increment: 'daily' }, /time_increment/],
    [{ time_range: '{}' }, /param time_range must be non-empty/],
    [{ time_range: 'last week' }, /param time_range must be non-empty/],
    [{ time_range: JSON.stringify({ since: '2026/08/01', until: '2026-08-07' }) }, /YYYY-MM-DD/],
    [{ time_range: JSON.stringify({ since: '2026-08-07', until: '2026-08-01' }) }, /since must be on or before until/],
    [{ limit: '0' }, /limit/],
    [{ limit: 'many' }, /limit/],
  ])('refuses %j with code 100', async (params, message) => {
    const { status, body } = await insights({ time_range: JSON.stringify(week()), ...params });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 100, type: 'OAuthException' });
    expect(body.error.message).toMatch(message);
    expect(body.error.fbtrace_id).toBeDefined();
  });

  it('refuses a range starting more than 37 months back with #3018', async () => {
    const { status, body } = await insights({ time_range: JSON.stringify({ since: '2021-01-01', until: '2021-01-31' }) });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 3018, message: '(#3018) The start date of the time range cannot be beyond 37 months from the current date' });
  });

  it('refuses an account the user does not reach, as Meta does', async () => {
    const { body } = await graph('act_42/insights', { time_range: JSON.stringify(week()) });
    expect(body.error).toMatchObject({ code: 100, error_subcode: 33, type: 'GraphMethodException' });
  });
});

describe('insights answers', () => {
  it('answers one row a day with delivery, none for a day without, and the usage headers', async () => {
    const range = { since: daysBefore(today(), 60), until: daysBefore(today(), 1) };
    const { status, headers, body } = await insights({ time_range: JSON.stringify(range), limit: '100' });
    expect(status).toBe(200);
    for (const h of ['x-app-usage', 'x-ad-account-usage', 'x-business-use-case-usage', 'x-fb-ads-insights-throttle'])
      expect(JSON.parse(headers.get(h)!)).toBeTruthy();
    const delivered: string[] = [];
    for (let d = range.since; d <= range.until; d = daysBefore(d, -1)) if (sandbox.adSpend.delivery(metaBookKey(good.ad_account_id), d)) delivered.push(d);
    // Pages of at most 25 rows: the first of them.
    expect(body.data.map((r: { date_start: string }) => r.date_start)).toEqual(delivered.slice(0, 25));
    expect(body.data[0]).toEqual({ spend: expect.stringMatching(/^\d+\.\d{2}$/), account_id: '1234567890', date_start: delivered[0], date_stop: delivered[0] });
  });

  it('pages by after cursor, with a next link keeping the query', async () => {
    const range = { since: daysBefore(today(), 40), until: daysBefore(today(), 1) };
    const first = await insights({ time_range: JSON.stringify(range), limit: '10' });
    expect(first.body.data).toHaveLength(10);
    const next = new URL(first.body.paging.next);
    expect(next.searchParams.get('after')).toBe(first.body.paging.cursors.after);
    expect(next.searchParams.get('appsecret_proof')).toBe(proof);
    const second = await fetch(next, { headers: { authorization: `Bearer ${good.access_token}` } }).then((r) => r.json() as Promise<Record<string, any>>); // eslint-disable-line @typescript-eslint/no-explicit-any -- Meta's JSON
    expect(second.data[0].date_start > first.body.data[9].date_start).toBe(true);
    const bad = await insights({ time_range: JSON.stringify(range), after: 'garbage' });
    expect(bad.body.error).toMatchObject({ code: 100 });
  });

  it('sums the days of all_days and monthly rows', async () => {
    const range = { since: '2026-10-01', until: '2026-11-30' };
    const all = await insights({ time_range: JSON.stringify(range), time_increment: 'all_days', fields: 'impressions' });
    let impressions = 0;
    for (let d = range.since; d <= range.until; d = daysBefore(d, -1))
      impressions += sandbox.adSpend.delivery(metaBookKey(good.ad_account_id), d)?.impressions ?? 0;
    expect(all.body.data).toEqual([{ impressions: String(impressions), date_start: range.since, date_stop: range.until }]);
    const monthly = await insights({ time_range: JSON.stringify(range), time_increment: 'monthly' });
    expect(monthly.body.data.map((r: { date_start: string; date_stop: string }) => [r.date_start, r.date_stop])).toEqual([
      ['2026-10-01', '2026-10-31'],
      ['2026-11-01', '2026-11-30'],
    ]);
  });

  it('answers a due throttle with Meta’s body and the regain time in the BUC header', async () => {
    controls.throttle({ code: 17, count: 1, regainMinutes: 4 });
    const { status, headers, body } = await insights({ time_range: JSON.stringify(week()) });
    expect(status).toBe(400);
    expect(body.error).toMatchObject({ code: 17, error_subcode: 2446079, is_transient: true, message: '(#17) User request limit reached' });
    const buc = JSON.parse(headers.get('x-business-use-case-usage')!) as Record<string, Array<{ estimated_time_to_regain_access: number; call_count: number }>>;
    expect(Object.values(buc)[0]![0]).toMatchObject({ estimated_time_to_regain_access: 4, call_count: 100 });
    expect((await insights({ time_range: JSON.stringify(week()) })).status).toBe(200);
  });
});

describe('report runs', () => {
  it('runs a report over a few polls, then pages its rows', async () => {
    const range = { since: daysBefore(today(), 100), until: daysBefore(today(), 1) };
    const started = await graph(
      `${good.ad_account_id}/insights`,
      { level: 'account', fields: 'spend,date_start,date_stop', time_increment: '1', time_range: JSON.stringify(range) },
      'POST',
    );
    const id = started.body.report_run_id as string;
    expect(id).toMatch(/^\d+$/);
    const early = await graph(`${id}/insights`);
    expect(early.body.error).toMatchObject({ code: 100 });
    const statuses: string[] = [];
    for (let i = 0; i <= controls.reportPolls; i++) statuses.push((await graph(id)).body.async_status);
    expect(statuses).toEqual(['Job Not Started', 'Job Started', 'Job Running', 'Job Completed']);
    const rows = await graph(`${id}/insights`, { limit: '500' });
    expect(rows.body.data).toHaveLength(25);
    expect(rows.body.paging.next).toContain(`/${id}/insights`);
  });

  it('fails a run with -2/2490547 and its error fields when told to', async () => {
    controls.failReports = 1;
    controls.reportPolls = 0;
    const started = await graph(`${good.ad_account_id}/insights`, { time_range: JSON.stringify(week()) }, 'POST');
    const run = await graph(started.body.report_run_id as string);
    expect(run.body).toMatchObject({ async_status: 'Job Failed', error_code: -2, error_subcode: 2490547, error_message: 'Report Failed' });
  });

  it('checks the parameters of a report as of a synchronous call', async () => {
    const { body } = await graph(`${good.ad_account_id}/insights`, { time_range: '{}' }, 'POST');
    expect(body.error).toMatchObject({ code: 100, message: '(#100) param time_range must be non-empty.' });
  });
});
