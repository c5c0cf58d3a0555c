import { createLogger } from '../../src/logger.js';
import { SpApiOperation } from '../../src/providers/amazon/client.js';
import { amazonOrders } from '../../src/providers/amazon/orders.js';
import { ProviderError } from '../../src/domain/errors.js';
import type { CommonOrder, SyncSession } from '../../src/providers/types.js';
import { amazonFulfillmentStatus, amazonOrderId, SANDBOX_RULE_HEADER } from '../../src/sandbox/commerce/amazon-orders.js';
import { rupees } from '../../src/sandbox/commerce/order-book.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { testConfig } from '../support/env.js';

/**
 * The sandbox's searchOrders refuses what SP-API refuses (docs/providers.md §2.3–2.4), each rule
 * with Amazon's ErrorList body and words; and the request Sutra's connector really sent is accepted.
 * Amazon does not say which rule failed: the sandbox's own header names it.
 */

/** searchOrders' words for any invalid parameter (selling-partner-api-models#5144, #5365). */
const INVALID_INPUT = 'The input you have submitted is not valid. Please check your input and try again.';
/** …and for a paginationToken sent with other filters (amzn/selling-partner-api-sdk#717). */
const TOKEN_MISMATCH = 'The paginationToken you have submitted is not valid. All parameters must match the original request except maxResultsPerPage.';

const ORDERS = 250;
const DAY_MS = 86_400_000;

interface Answer {
  status: number;
  body: { errors?: Array<{ code: string; message: string; details: string }>; orders?: unknown[]; pagination?: { nextToken?: string } };
  rateLimit: string | null;
  /** The sandbox's name for the rule that refused the request. */
  rule: string | null;
}

const sessionFor = (sandbox: Sandbox, extra: Partial<SyncSession> = {}): SyncSession => ({
  credentials: { ...SANDBOX_CREDENTIALS.amazon },
  firstSyncFrom: new Date(Date.now() - 30 * DAY_MS),
  endpoints: testConfig(sandbox.env).providers,
  log: createLogger({ level: 'silent', pretty: false }),
  ...extra,
});

async function sync(session: SyncSession): Promise<{ orders: CommonOrder[]; cursors: string[] }> {
  const orders: CommonOrder[] = [];
  const cursors: string[] = [];
  for await (const page of amazonOrders.pages(session)) {
    orders.push(...page.orders);
    cursors.push(page.cursor);
  }
  return { orders, cursors };
}

const calls = async (sandbox: Sandbox) =>
  (await (await fetch(`${sandbox.url}/amazon/_sandbox/calls`)).json()) as { searchOrders: number; throttled: number; requests: string[] };

async function lwaToken(sandbox: Sandbox): Promise<string> {
  const c = SANDBOX_CREDENTIALS.amazon;
  const res = await fetch(sandbox.env.AMAZON_LWA_TOKEN_URL!, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: c.refresh_token, client_id: c.lwa_client_id, client_secret: c.lwa_client_secret }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

/** A request as sent (path and query under the SP-API base), with some parameters changed (undefined: removed). */
function changed(request: string, changes: Record<string, string | undefined>): string {
  const url = new URL(request, 'http://x');
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) url.searchParams.delete(name);
    else url.searchParams.set(name, value);
  }
  return url.pathname + url.search;
}

/** A 400 with Amazon's body, refused by the sandbox rule matching `rule`. */
const invalidInput = (rule: string | RegExp, message = INVALID_INPUT) => ({
  status: 400,
  body: { errors: [{ code: 'InvalidInput', message, details: '' }] },
  rule: expect.stringMatching(rule),
});

describe('the Amazon sandbox is as strict as searchOrders, and Sutra’s own requests pass', () => {
  let sandbox: Sandbox;
  let token: string;
  /** The first and second page requests Sutra's connector sent. */
  let first: string;
  let second: string;
  let imported: CommonOrder[];
  const send = async (request: string, accessToken: string | undefined = token): Promise<Answer> => {
    const res = await fetch(sandbox.env.AMAZON_SP_API_BASE_URL + request, { headers: accessToken ? { 'x-amz-access-token': accessToken } : {} });
    return {
      status: res.status,
      body: (await res.json()) as Answer['body'],
      rateLimit: res.headers.get('x-amzn-ratelimit-limit'),
      rule: res.headers.get(SANDBOX_RULE_HEADER),
    };
  };

  beforeAll(async () => {
    // Fast enough that the rules below never meet the usage plan; its own test slows it down.
    sandbox = await startSandbox({ orders: ORDERS, rateScale: 100_000 });
    imported = (await sync(sessionFor(sandbox))).orders;
    const seen = await calls(sandbox);
    expect(seen.requests).toHaveLength(3);
    [first, second] = seen.requests as [string, string];
    token = await lwaToken(sandbox);
  });
  afterAll(() => sandbox.stop());

  it('sends one window: marketplace, lastUpdatedAfter/Before, the datasets it reads and 100 a page; later pages add only the token', () => {
    const q = new URL(first, 'http://x').searchParams;
    expect(new URL(first, 'http://x').pathname).toBe('/orders/2026-01-01/orders');
    expect(Object.fromEntries(q)).toEqual({
      marketplaceIds: 'A21TJRUUN4KGV',
      lastUpdatedAfter: expect.any(String),
      lastUpdatedBefore: expect.any(String),
      includedData: 'PROCEEDS,FULFILLMENT,RECIPIENT,PACKAGES',
      maxResultsPerPage: '100',
    });
    expect(Date.now() - Date.parse(q.get('lastUpdatedBefore')!)).toBeGreaterThanOrEqual(120_000);
    const next = new URL(second, 'http://x').searchParams;
    expect(next.get('paginationToken')).toBeTruthy();
    next.delete('paginationToken');
    expect(Object.fromEntries(next)).toEqual(Object.fromEntries(q));
  });

  it('renders the book as Amazon would, and Sutra reads every amount back to the paisa', () => {
    expect(imported.map((o) => o.externalId).sort()).toEqual(Array.from({ length: ORDERS }, (_, i) => amazonOrderId(i)).sort());
    const words = new Set<string>();
    for (const order of imported) {
      const book = sandbox.book.get(Number(order.externalId.split('-')[1]));
      words.add(order.rawStatus);
      expect(order.rawStatus).toBe(amazonFulfillmentStatus(book.status, book.index));
      expect(order.paymentMethod).toBe(book.cod ? 'COD' : 'PREPAID');
      expect(order.items.map((i) => [i.sku, i.quantity])).toEqual(book.lines.map((l) => [l.sku, l.quantity]));
      if (book.status === 'pending') {
        expect([order.itemSubtotal, order.discounts, order.shippingCharged, order.tax, order.total]).toEqual([null, null, null, null, null]);
        expect(order.items.every((i) => i.unitPrice === null && i.discount === null && i.tax === null)).toBe(true);
        continue;
      }
      expect(order.items.map((i) => [i.unitPrice, i.discount, i.tax])).toEqual(
        book.lines.map((l) => [rupees(l.unitPaise), rupees(l.discountPaise), rupees(l.taxPaise)]),
      );
      expect([order.itemSubtotal, order.discounts, order.shippingCharged, order.tax, order.total]).toEqual(
        [book.subtotalPaise, book.discountPaise, book.shippingPaise, book.taxPaise, book.totalPaise].map(rupees),
      );
    }
    // Every fulfillmentStatus the book can produce, the derived ones included.
    expect([...words].sort()).toEqual(['CANCELLED', 'PARTIALLY_SHIPPED', 'PENDING', 'PENDING_AVAILABILITY', 'SHIPPED', 'UNFULFILLABLE', 'UNSHIPPED']);
  });

  it('requires the x-amz-access-token header (403 Unauthorized)', async () => {
    expect(await send(first, '')).toMatchObject({
      status: 403,
      body: { errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: '' }] },
      rateLimit: null,
    });
    expect(await send(first, 'Atza|forged')).toMatchObject({ status: 403 });
    expect(await send(first)).toMatchObject({ status: 200, rateLimit: '560' });
  });

  it('takes marketplaceIds as optional, serves only the marketplaces named, and refuses one of another region', async () => {
    // Optional in orders_2026-01-01.json: without it, all of the seller's marketplaces.
    expect((await send(changed(first, { marketplaceIds: undefined }))).body.orders).toHaveLength(100);
    // The UK is served by the same endpoint, but the seller's orders are all amazon.in's.
    expect(await send(changed(first, { marketplaceIds: 'A1F83G8C2ARO7P' }))).toMatchObject({ status: 200, body: { orders: [] } });
    expect((await send(changed(first, { marketplaceIds: 'A1F83G8C2ARO7P,A21TJRUUN4KGV' }))).body.orders).toHaveLength(100);
    // Japan is not (selling-partner-api-models#5126: Amazon's answer, word for word).
    expect(await send(changed(first, { marketplaceIds: 'A1VC38T7YXB528' }))).toMatchObject({
      status: 403,
      body: {
        errors: [
          { code: 'Unauthorized', message: 'Access to requested resource is denied.', details: 'The marketplaces you provided are not valid for region.' },
        ],
      },
      rateLimit: null,
      rule: expect.stringMatching('region'),
    });
    expect((await send(first)).status).toBe(200);
  });

  it('requires exactly one of createdAfter and lastUpdatedAfter', async () => {
    expect(await send(changed(first, { lastUpdatedAfter: undefined, lastUpdatedBefore: undefined }))).toMatchObject(
      invalidInput('Exactly one of createdAfter and lastUpdatedAfter'),
    );
    expect((await send(first)).status).toBe(200);
  });

  it('refuses createdAfter together with lastUpdatedAfter, and mixing created with updated bounds', async () => {
    const after = new URL(first, 'http://x').searchParams.get('lastUpdatedAfter')!;
    expect(await send(changed(first, { createdAfter: after }))).toMatchObject(invalidInput('cannot both be provided'));
    expect(await send(changed(first, { lastUpdatedAfter: undefined, createdAfter: after }))).toMatchObject(
      invalidInput('lastUpdatedBefore cannot be provided with createdAfter'),
    );
    expect(await send(changed(first, { createdBefore: after }))).toMatchObject(invalidInput('createdBefore cannot be provided with lastUpdatedAfter'));
    expect((await send(first)).status).toBe(200);
  });

  it('requires ISO 8601 dates', async () => {
    expect(await send(changed(first, { lastUpdatedAfter: 'yesterday' }))).toMatchObject(invalidInput('lastUpdatedAfter must be an ISO 8601 date-time'));
    expect((await send(first)).status).toBe(200);
  });

  it('requires lastUpdatedBefore at or after lastUpdatedAfter', async () => {
    const after = new URL(first, 'http://x').searchParams.get('lastUpdatedAfter')!;
    const earlier = new Date(Date.parse(after) - 1000).toISOString();
    expect(await send(changed(first, { lastUpdatedBefore: earlier }))).toMatchObject(
      invalidInput('lastUpdatedBefore must be equal to or after lastUpdatedAfter'),
    );
    expect((await send(first)).status).toBe(200);
  });

  it('requires lastUpdatedBefore (and createdBefore) at least two minutes before now', async () => {
    const recent = new Date(Date.now() - 60_000).toISOString();
    expect(await send(changed(first, { lastUpdatedBefore: recent }))).toMatchObject(
      invalidInput('lastUpdatedBefore must be at least two minutes before the time of the request'),
    );
    const after = new URL(first, 'http://x').searchParams.get('lastUpdatedAfter')!;
    expect(await send(changed(first, { lastUpdatedAfter: undefined, lastUpdatedBefore: undefined, createdAfter: after, createdBefore: recent }))).toMatchObject(
      invalidInput('createdBefore must be at least two minutes'),
    );
    expect((await send(first)).status).toBe(200);
  });

  it('takes maxResultsPerPage from 1 to 100 only', async () => {
    for (const size of ['0', '101', 'ten'])
      expect(await send(changed(first, { maxResultsPerPage: size }))).toMatchObject(invalidInput('maxResultsPerPage must be between 1 and 100'));
    expect(((await send(changed(first, { maxResultsPerPage: '1' }))).body.orders ?? []).length).toBe(1);
    expect((await send(first)).body.orders).toHaveLength(100);
  });

  it('takes includedData, fulfillmentStatuses and fulfilledBy values from their enums only', async () => {
    expect(await send(changed(first, { includedData: 'PROCEEDS,ITEMS' }))).toMatchObject(invalidInput("Invalid value 'ITEMS' for includedData"));
    expect(await send(changed(first, { fulfillmentStatuses: 'Shipped' }))).toMatchObject(invalidInput("Invalid value 'Shipped' for fulfillmentStatuses"));
    expect(await send(changed(first, { fulfilledBy: 'AFN' }))).toMatchObject(invalidInput("Invalid value 'AFN' for fulfilledBy"));
    const cancelled = await send(changed(first, { fulfillmentStatuses: 'CANCELLED,UNFULFILLABLE' }));
    expect(cancelled.status).toBe(200);
    expect(
      (cancelled.body.orders as Array<{ fulfillment: { fulfillmentStatus: string } }>).every((o) =>
        ['CANCELLED', 'UNFULFILLABLE'].includes(o.fulfillment.fulfillmentStatus),
      ),
    ).toBe(true);
    expect((await send(first)).status).toBe(200);
  });

  it('serves only the datasets named in includedData', async () => {
    const bare = (await send(changed(first, { includedData: undefined, maxResultsPerPage: '5' }))).body.orders as Array<Record<string, unknown>>;
    expect(bare.some((o) => 'proceeds' in o || 'fulfillment' in o || 'recipient' in o || 'packages' in o)).toBe(false);
    expect(bare.every((o) => Array.isArray(o.orderItems))).toBe(true);
  });

  it('takes a paginationToken only with the filters it was issued for (page size and datasets may change)', async () => {
    const after = new URL(first, 'http://x').searchParams.get('lastUpdatedAfter')!;
    const moved = new Date(Date.parse(after) + 1000).toISOString();
    expect(await send(changed(second, { lastUpdatedAfter: moved }))).toMatchObject(invalidInput('issued for other filters', TOKEN_MISMATCH));
    expect(await send(changed(second, { lastUpdatedBefore: undefined }))).toMatchObject(invalidInput('issued for other filters', TOKEN_MISMATCH));
    expect((await send(changed(second, { maxResultsPerPage: '10', includedData: 'FULFILLMENT' }))).status).toBe(200);
    const page = await send(second);
    expect(page.status).toBe(200);
    expect(page.body.orders).toHaveLength(100);
  });

  it('refuses a garbled or expired paginationToken; Sutra then reads the window again from its start', async () => {
    const tokenOf = new URL(second, 'http://x').searchParams.get('paginationToken')!;
    expect(await send(changed(second, { paginationToken: 'not-a-token' }))).toMatchObject(invalidInput('not a token the sandbox issued'));
    // The sandbox's tokens are its own JSON; one issued 25 hours ago has expired (docs/providers.md §2.3: 24 h).
    const stale = { ...JSON.parse(Buffer.from(tokenOf, 'base64url').toString()), t: Date.now() - 25 * 3_600_000 };
    expect(await send(changed(second, { paginationToken: Buffer.from(JSON.stringify(stale)).toString('base64url') }))).toMatchObject(
      invalidInput('expired: it lives 24 hours'),
    );

    const before = (await calls(sandbox)).searchOrders;
    const q = new URL(second, 'http://x').searchParams;
    const cursor = JSON.stringify({ after: q.get('lastUpdatedAfter'), before: q.get('lastUpdatedBefore'), next: 'not-a-token' });
    const { orders } = await sync(sessionFor(sandbox, { cursor }));
    expect(orders).toHaveLength(ORDERS);
    const now = await calls(sandbox);
    const sent = now.requests.slice(before - now.searchOrders);
    expect(new URL(sent[0]!, 'http://x').searchParams.get('paginationToken')).toBe('not-a-token');
    expect(new URL(sent[1]!, 'http://x').searchParams.get('paginationToken')).toBeNull();
  });

  it("puts Amazon's own words into the error the seller sees", async () => {
    // A saved window whose end is now too recent for Amazon (it cannot be saved so, but a cursor is data).
    const recent = new Date(Date.now() - 60_000).toISOString();
    const cursor = JSON.stringify({ after: new Date(Date.now() - DAY_MS).toISOString(), before: recent });
    await expect(sync(sessionFor(sandbox, { cursor }))).rejects.toThrow(
      new ProviderError('amazon', 'request', `Amazon refused the orders search (HTTP 400): InvalidInput: ${INVALID_INPUT}`),
    );
    // Amazon's details, when it gives any, are part of what the seller reads.
    const japan = sync(sessionFor(sandbox, { credentials: { ...SANDBOX_CREDENTIALS.amazon, marketplace_id: 'A1VC38T7YXB528' } }));
    await expect(japan).rejects.toMatchObject({
      kind: 'auth',
      message: expect.stringContaining(
        'Amazon refused the orders search (HTTP 403): Unauthorized: Access to requested resource is denied.' +
          ' The marketplaces you provided are not valid for region. Reconnect Amazon',
      ),
    });
    const search = new SpApiOperation(sessionFor(sandbox), 'searchOrders', 'the orders search', { rate: 1, burst: 1 });
    const denied = search.failure({
      status: 403,
      headers: {},
      body: { errors: [{ code: 'Unauthorized', message: 'Access to requested resource is denied.', details: '' }] },
    });
    search.close();
    expect(denied).toMatchObject({
      kind: 'auth',
      message:
        'Amazon refused the orders search (HTTP 403): Unauthorized: Access to requested resource is denied.' +
        ' Reconnect Amazon, and check that the app has the Inventory and Order Tracking role in Seller Central',
    });
  });
});

describe('the Amazon sandbox enforces the searchOrders usage plan, and Sutra paces itself to it', () => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    // 0.0056 rps × 100 = 0.56 rps after a burst of 20: 23 pages take about five seconds.
    sandbox = await startSandbox({ orders: 2_300, rateScale: 100 });
  });
  afterAll(() => sandbox.stop());

  it('paces 23 pages to the rate Amazon reports without one 429, and answers a burst past it with QuotaExceeded', async () => {
    const started = Date.now();
    const { orders } = await sync(sessionFor(sandbox));
    expect(orders).toHaveLength(2_300);
    const seen = await calls(sandbox);
    expect(seen.throttled).toBe(0);
    // 23 pages, plus at most one call refused with an earlier sandbox's cached access token.
    expect(seen.searchOrders).toBeLessThanOrEqual(24);
    expect(Date.now() - started).toBeGreaterThan(4_000);

    const token = await lwaToken(sandbox);
    const request = seen.requests[0]!;
    const answers = [];
    for (let n = 0; n < 21; n++) {
      const res = await fetch(sandbox.env.AMAZON_SP_API_BASE_URL + request, { headers: { 'x-amz-access-token': token } });
      answers.push({
        status: res.status,
        body: await res.json(),
        requestId: res.headers.get('x-amzn-requestid'),
        rateLimit: res.headers.get('x-amzn-ratelimit-limit'),
      });
    }
    expect(answers.slice(0, 20).every((a) => a.status === 200 && a.rateLimit === '0.56')).toBe(true);
    expect(answers[20]).toEqual({
      status: 429,
      body: { errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.', details: '' }] },
      requestId: expect.any(String),
      rateLimit: null,
    });
  }, 30_000);
});
