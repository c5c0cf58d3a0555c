import { SANDBOX_CREDENTIALS, SANDBOX_GOOGLE_ADS_MANAGED, SANDBOX_GOOGLE_ADS_USD } from '../../src/sandbox/credentials.js';
import { costMicros } from '../../src/sandbox/google-ads.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';

/**
 * The Google Ads sandbox answers as Google does (docs/providers.md §6): the GAQL it serves and
 * Google's queryError for the rest, live and sunset versions, login-customer-id, a manager
 * without metrics, quota refusals on demand, and no row for a day without delivery.
 */

let sandbox: Sandbox;
let token: string;
const google = SANDBOX_CREDENTIALS.google_ads;
const MANAGER = SANDBOX_GOOGLE_ADS_MANAGED.login_customer_id;
const DAYS = (from: string, to: string) =>
  `SELECT customer.id, segments.date, metrics.cost_micros, metrics.impressions, metrics.clicks FROM customer WHERE segments.date BETWEEN '${from}' AND '${to}' ORDER BY segments.date`;

async function stream(customerId: string, query: string, { login, version = 'v26' }: { login?: string; version?: string } = {}) {
  const res = await fetch(`${sandbox.url}/google-ads/${version}/customers/${customerId}/googleAds:searchStream`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...(login ? { 'login-customer-id': login } : {}) },
    body: JSON.stringify({ query }),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // Not JSON: Google's bare 404 page.
  }
  return { status: res.status, body: body as any }; // eslint-disable-line @typescript-eslint/no-explicit-any -- Google's bodies, read loosely by each test
}

const queryError = (body: { error: { details: Array<{ errors: Array<{ errorCode: Record<string, string> }> }> } }) =>
  body.error.details[0]!.errors[0]!.errorCode;

beforeAll(async () => {
  sandbox = await startSandbox({ orders: 5 });
  const res = await fetch(`${sandbox.url}/google-oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      client_id: google.client_id,
      client_secret: google.client_secret,
      refresh_token: google.refresh_token,
    }),
  });
  token = ((await res.json()) as { access_token: string }).access_token;
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.googleAds.clear());

it('streams one row a day of delivery, none for a day without, costs in micros as strings', async () => {
  const { status, body } = await stream(google.customer_id, DAYS('2026-11-01', '2026-11-30'));
  expect(status).toBe(200);
  expect(body).toHaveLength(1);
  const rows = body[0].results as Array<{ segments: { date: string }; metrics: { costMicros: string; impressions: string } }>;
  const delivered = Array.from({ length: 30 }, (_, i) => `2026-11-${String(i + 1).padStart(2, '0')}`).filter((d) =>
    sandbox.adSpend.delivery(google.customer_id, d),
  );
  expect(rows.map((r) => r.segments.date)).toEqual(delivered);
  expect(delivered.length).toBeLessThan(30);
  const first = sandbox.adSpend.delivery(google.customer_id, rows[0]!.segments.date)!;
  expect(rows[0]!.metrics).toEqual({
    costMicros: costMicros(google.customer_id, rows[0]!.segments.date, first.spendMinor),
    impressions: String(first.impressions),
    clicks: String(first.clicks),
  });
  // Within half a paisa of the book's figure.
  expect(Math.abs(Number(BigInt(rows[0]!.metrics.costMicros) - BigInt(first.spendMinor) * 10_000n))).toBeLessThan(5_000);
  expect(body[0].fieldMask).toBe('customer.id,segments.date,metrics.costMicros,metrics.impressions,metrics.clicks');
});

it('refuses GAQL it does not serve with Google’s queryError', async () => {
  const refused = async (query: string) => {
    const { status, body } = await stream(google.customer_id, query);
    expect(status).toBe(400);
    expect(body.error.status).toBe('INVALID_ARGUMENT');
    return queryError(body).queryError;
  };
  expect(await refused("SELECT customer.id, segments.date, metrics.cost_micros FROM customer WHERE segments.date BETWEEN '2026/11/01' AND '2026-11-02'")).toBe(
    'INVALID_VALUE_WITH_BETWEEN_OPERATOR',
  );
  expect(await refused("SELECT customer.id, segments.date, metrics.cost_micros FROM customer WHERE segments.date BETWEEN '2026-02-30' AND '2026-03-02'")).toBe(
    'INVALID_VALUE_WITH_BETWEEN_OPERATOR',
  );
  expect(await refused("SELECT segments.date, metrics.cost_micros FROM customer WHERE segments.date BETWEEN '2026-11-01'")).toBe('EXPECTED_AND');
  expect(await refused(DAYS('2026-11-02', '2026-11-01'))).toBe('DATE_RANGE_TOO_NARROW');
  expect(await refused('SELECT segments.date, metrics.cost_micros FROM customer')).toBe('EXPECTED_FILTERS_ON_DATE_RANGE');
  expect(await refused("SELECT metrics.cost_micros FROM customer WHERE segments.date BETWEEN '2026-11-01' AND '2026-11-02' ORDER BY segments.date")).toBe(
    'EXPECTED_DIMENSION_FIELD_IN_SELECT_CLAUSE',
  );
  expect(await refused('SELECT campaign.id FROM campaign')).toBe('BAD_RESOURCE_TYPE_IN_FROM_CLAUSE');
  expect(await refused('SELECT customer.id, metrics.nonsense FROM customer')).toBe('UNRECOGNIZED_FIELD');
  expect(await refused('customer.id FROM customer')).toBe('EXPECTED_SELECT');
});

it('serves the live versions; a sunset one answers UNSUPPORTED_VERSION, one Google never had a bare 404', async () => {
  expect((await stream(google.customer_id, DAYS('2026-11-01', '2026-11-02'), { version: 'v23' })).status).toBe(200);
  const sunset = await stream(google.customer_id, DAYS('2026-11-01', '2026-11-02'), { version: 'v22' });
  expect(sunset.status).toBe(400);
  expect(sunset.body.error.details[0].errors[0]).toEqual({
    errorCode: { requestError: 'UNSUPPORTED_VERSION' },
    message: 'Version v22 is deprecated. Requests to this version will be blocked.',
  });
  expect(await stream(google.customer_id, DAYS('2026-11-01', '2026-11-02'), { version: 'v27' })).toEqual({ status: 404, body: 'Not Found' });
});

it('a manager: no metrics of its own, its clients listed with itself at level 0', async () => {
  const metrics = await stream(MANAGER, DAYS('2026-11-01', '2026-11-02'));
  expect(metrics.status).toBe(400);
  expect(queryError(metrics.body)).toEqual({ queryError: 'REQUESTED_METRICS_FOR_MANAGER' });
  const clients = await stream(
    MANAGER,
    'SELECT customer_client.id, customer_client.manager, customer_client.status, customer_client.level, customer_client.currency_code FROM customer_client WHERE customer_client.level <= 1',
    { login: MANAGER },
  );
  expect(clients.status).toBe(200);
  expect(clients.body[0].results.map((r: { customerClient: Record<string, unknown> }) => r.customerClient)).toEqual([
    { resourceName: `customers/${MANAGER}/customerClients/${MANAGER}`, id: MANAGER, manager: true, status: 'ENABLED', level: '0', currencyCode: 'INR' },
    expect.objectContaining({ id: SANDBOX_GOOGLE_ADS_MANAGED.customer_id, manager: false, status: 'ENABLED', level: '1', currencyCode: 'INR' }),
    expect.objectContaining({ id: SANDBOX_GOOGLE_ADS_USD.customer_id, manager: false, status: 'ENABLED', level: '1', currencyCode: 'USD' }),
    expect.objectContaining({ id: '5550003333', status: 'CANCELED', level: '1' }),
  ]);
});

it('a managed client: refused without login-customer-id, served with its manager’s', async () => {
  const refused = await stream(SANDBOX_GOOGLE_ADS_USD.customer_id, DAYS('2026-11-01', '2026-11-02'));
  expect(refused.status).toBe(403);
  expect(queryError(refused.body)).toEqual({ authorizationError: 'USER_PERMISSION_DENIED' });
  expect((await stream(SANDBOX_GOOGLE_ADS_USD.customer_id, DAYS('2026-11-01', '2026-11-02'), { login: MANAGER })).status).toBe(200);
  const closed = await stream('5550003333', DAYS('2026-11-01', '2026-11-02'), { login: MANAGER });
  expect(closed.status).toBe(403);
  expect(queryError(closed.body)).toEqual({ authorizationError: 'CUSTOMER_NOT_ENABLED' });
});

it('refuses the next N calls for quota, with retryDelay, then serves again', async () => {
  sandbox.googleAds.refuseQuota(2, { error: 'RESOURCE_TEMPORARILY_EXHAUSTED', retryDelay: '3s' });
  const first = await stream(google.customer_id, DAYS('2026-11-01', '2026-11-02'));
  expect(first.status).toBe(429);
  expect(first.body.error.status).toBe('RESOURCE_EXHAUSTED');
  expect(first.body.error.details[0].errors[0]).toMatchObject({
    errorCode: { quotaError: 'RESOURCE_TEMPORARILY_EXHAUSTED' },
    message: 'Too many requests. Retry in 3 seconds.',
    details: { quotaErrorDetails: { retryDelay: '3s' } },
  });
  expect((await stream(google.customer_id, DAYS('2026-11-01', '2026-11-02'))).status).toBe(429);
  expect((await stream(google.customer_id, DAYS('2026-11-01', '2026-11-02'))).status).toBe(200);
  expect(sandbox.googleAds.calls.map((c) => c.status)).toEqual([429, 429, 200]);
});
