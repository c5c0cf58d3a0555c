import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OrderStatus } from '../../src/domain/index.js';
import { createLogger } from '../../src/logger.js';
import { SellerApi } from '../../src/providers/flipkart/client.js';
import { flipkartOrders } from '../../src/providers/flipkart/orders.js';
import { ProviderError } from '../../src/domain/errors.js';
import type { SyncSession } from '../../src/providers/types.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { SELLER_LOCATIONS } from '../../src/sandbox/commerce/flipkart-orders.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { testConfig } from '../support/env.js';

/**
 * Each rule the Flipkart sandbox enforces (docs/providers.md §3.2, §3.5): Flipkart's refusal body,
 * and Sutra's own calls, recorded on their way through a full sync, accepted.
 */

interface Call {
  method: string;
  path: string;
  query: URLSearchParams;
  body?: {
    filter: Record<string, unknown> & { type: string; states?: string[]; cancellationType?: string; modifiedDate?: { from: string; to: string } };
    pagination: { pageSize: number };
  };
  status: number;
}

let sandbox: Sandbox;
let proxy: Server;
let token: string;
const calls: Call[] = [];
let session: SyncSession;

/** A recording pass-through in front of the sandbox, so the tests see exactly what Sutra sent. */
async function startRecorder(target: string): Promise<string> {
  proxy = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const upstream = await fetch(target + req.url, {
      method: req.method,
      headers: { authorization: req.headers.authorization ?? '', 'content-type': req.headers['content-type'] ?? 'application/json' },
      body: body.length ? body : undefined,
    });
    const text = await upstream.text();
    const url = new URL(req.url!, target);
    calls.push({
      method: req.method!,
      path: url.pathname.replace(/^\/flipkart/, ''),
      query: url.searchParams,
      body: body.length ? JSON.parse(body.toString()) : undefined,
      status: upstream.status,
    });
    res.writeHead(upstream.status, { 'content-type': upstream.headers.get('content-type') ?? 'application/json' }).end(text);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

/** A call straight to the sandbox's Seller API, with a valid token. */
async function raw(path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${sandbox.url}/flipkart/sellers${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

const refusal = (code: number, description: string, path: string) => ({ status: 400, body: { errors: [{ severity: 'ERROR', code, description, path }] } });
const dates = { from: '2026-08-01T00:00:00.000+05:30', to: '2026-08-07T00:00:00.000+05:30' };
const searches = () => calls.filter((c) => c.method === 'POST' && c.path === '/sellers/v3/shipments/filter');

beforeAll(async () => {
  sandbox = await startSandbox({ orders: 1000 });
  const recorder = await startRecorder(sandbox.url);
  const basic = Buffer.from(`${SANDBOX_CREDENTIALS.flipkart.app_id}:${SANDBOX_CREDENTIALS.flipkart.app_secret}`).toString('base64');
  token = (
    (await (
      await fetch(`${sandbox.url}/flipkart/oauth-service/oauth/token?grant_type=client_credentials&scope=Seller_Api`, {
        headers: { authorization: `Basic ${basic}` },
      })
    ).json()) as { access_token: string }
  ).access_token;
  session = {
    credentials: { ...SANDBOX_CREDENTIALS.flipkart },
    since: new Date(0),
    firstSyncFrom: new Date(0),
    endpoints: testConfig({ FLIPKART_BASE_URL: `${recorder}/flipkart` }).providers,
    log: createLogger({ level: 'silent', pretty: false }),
  };
  // One whole sync, as the sync engine runs it: every call Sutra makes goes through the recorder.
  for await (const page of flipkartOrders.pages(session)) if (page.done) break;
});
afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve));
  await sandbox.stop();
});

it('Sutra’s whole sync was accepted, call by call', () => {
  expect(calls.length).toBeGreaterThan(10);
  expect(calls.filter((c) => c.status !== 200)).toEqual([]);
});

describe('the shipment search', () => {
  it('refuses a missing or unknown filter.type; Sutra names one of the three', async () => {
    expect(await raw('/v3/shipments/filter', { filter: { states: ['APPROVED'] }, pagination: { pageSize: 20 } })).toEqual(
      refusal(4001, 'filter.type is required: one of preDispatch, postDispatch, cancelled', 'filter.type'),
    );
    expect(await raw('/v3/shipments/filter', { filter: { type: 'returned' } })).toEqual(
      refusal(4001, 'Invalid filter.type "returned": one of preDispatch, postDispatch, cancelled', 'filter.type'),
    );
    expect(new Set(searches().map((c) => c.body!.filter.type))).toEqual(new Set(['preDispatch', 'postDispatch', 'cancelled']));
  });

  it('refuses states the search type does not take; Sutra sends exactly the type’s states', async () => {
    expect(await raw('/v3/shipments/filter', { filter: { type: 'postDispatch', states: ['SHIPPED', 'RETURNED', 'COMPLETED'] } })).toEqual(
      refusal(4002, 'States RETURNED, COMPLETED are not allowed for postDispatch shipments; allowed: SHIPPED, DELIVERED, PICKUP_COMPLETE', 'filter.states'),
    );
    expect((await raw('/v3/shipments/filter', { filter: { type: 'preDispatch', states: ['SHIPPED'] } })).status).toBe(400);
    const statesOf = (type: string) =>
      new Set(
        searches()
          .filter((c) => c.body!.filter.type === type)
          .map((c) => c.body!.filter.states!.join(',')),
      );
    expect(statesOf('preDispatch')).toEqual(new Set(['APPROVED,PACKING_IN_PROGRESS,FORM_FAILED,PACKED,READY_TO_DISPATCH']));
    expect(statesOf('postDispatch')).toEqual(new Set(['SHIPPED,DELIVERED,PICKUP_COMPLETE']));
    expect(statesOf('cancelled')).toEqual(new Set(['CANCELLED']));
  });

  it('refuses a cancelled search without a known cancellationType; Sutra searches once per type', async () => {
    expect(await raw('/v3/shipments/filter', { filter: { type: 'cancelled', states: ['CANCELLED'] } })).toEqual(
      refusal(
        4003,
        'filter.cancellationType is required for cancelled shipments: one of sellerCancellation, buyerCancellation, marketplaceCancellation',
        'filter.cancellationType',
      ),
    );
    expect(await raw('/v3/shipments/filter', { filter: { type: 'cancelled', cancellationType: 'courierCancellation' } })).toEqual(
      refusal(
        4003,
        'Invalid filter.cancellationType "courierCancellation": one of sellerCancellation, buyerCancellation, marketplaceCancellation',
        'filter.cancellationType',
      ),
    );
    expect(
      searches()
        .filter((c) => c.body!.filter.type === 'cancelled')
        .map((c) => c.body!.filter.cancellationType),
    ).toEqual(['sellerCancellation', 'buyerCancellation', 'marketplaceCancellation']);
  });

  it('refuses a page size above 20 (UNVERIFIED maximum); Sutra asks for 20', async () => {
    expect(await raw('/v3/shipments/filter', { filter: { type: 'preDispatch' }, pagination: { pageSize: 50 } })).toEqual(
      refusal(4004, 'pagination.pageSize must be between 1 and 20', 'pagination.pageSize'),
    );
    expect(new Set(searches().map((c) => c.body!.pagination.pageSize))).toEqual(new Set([20]));
  });

  it('refuses a date window that ends before it starts; Sutra’s window runs forward', async () => {
    expect(await raw('/v3/shipments/filter', { filter: { type: 'preDispatch', modifiedDate: { from: dates.to, to: dates.from } } })).toEqual(
      refusal(4005, 'filter.modifiedDate.from must not be after filter.modifiedDate.to', 'filter.modifiedDate'),
    );
    expect((await raw('/v3/shipments/filter', { filter: { type: 'preDispatch', orderDate: { from: 'yesterday' } } })).status).toBe(400);
    for (const c of searches()) expect(Date.parse(c.body!.filter.modifiedDate!.from)).toBeLessThanOrEqual(Date.parse(c.body!.filter.modifiedDate!.to));
  });

  it('refuses a next page it did not give; Sutra follows nextPageUrl with GET, and says what Flipkart said', async () => {
    expect(await raw('/v3/shipments/filter?next_token=bm90LWEtdG9rZW4')).toEqual(
      refusal(4006, 'Invalid next_token: use the nextPageUrl of the previous page as it is', 'next_token'),
    );
    const nextPages = calls.filter((c) => c.method === 'GET' && c.path === '/sellers/v3/shipments/filter');
    expect(nextPages.length).toBeGreaterThan(0);
    await expect(new SellerApi(session).searchNext('/v3/shipments/filter?next_token=bm90LWEtdG9rZW4')).rejects.toThrow(
      new ProviderError(
        'flipkart',
        'request',
        'Flipkart refused the next page of the shipments search (HTTP 400): Invalid next_token: use the nextPageUrl of the previous page as it is',
      ),
    );
  });
});

describe('the details calls', () => {
  const ids = (n: number) => Array.from({ length: n }, (_, i) => `5b1e0d2c-0000-4000-8000-${i.toString(16).padStart(12, '0')}`).join(',');

  it('refuses more than 100 ids in one call; Sutra sends up to 100 shipments per details call', async () => {
    expect(await raw(`/v3/shipments/${ids(101)}`)).toEqual(refusal(4011, 'At most 100 shipmentIds are allowed per request; got 101', 'shipmentIds'));
    expect(await raw(`/v3/shipments?orderItemIds=${Array.from({ length: 101 }, (_, i) => String(i)).join(',')}`)).toEqual(
      refusal(4011, 'At most 100 orderItemIds are allowed per request; got 101', 'orderItemIds'),
    );
    const details = calls.filter((c) => /^\/sellers\/v3\/shipments\/[^/]+$/.test(c.path) && !c.path.endsWith('/filter'));
    const sizes = details.map((c) => decodeURIComponent(c.path.split('/').at(-1)!).split(',').length);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(100);
    // Several search pages share one details call.
    expect(Math.max(...sizes)).toBeGreaterThan(20);
  });

  it('refuses mixed id kinds; Sutra looks returned items up by orderItemIds alone', async () => {
    expect(await raw('/v3/shipments?shipmentIds=a&orderIds=b')).toEqual(
      refusal(4012, 'Only one of shipmentIds, orderIds, orderItemIds is accepted per request; got shipmentIds, orderIds', 'shipmentIds,orderIds'),
    );
    const lookups = calls.filter((c) => c.path === '/sellers/v3/shipments');
    expect(lookups.length).toBeGreaterThan(0);
    for (const c of lookups) expect([...c.query.keys()]).toEqual(['orderItemIds']);
  });

  it('gives addresses and couriers by path only, never by ?shipmentIds=', async () => {
    type Details = { deliveryAddress?: unknown; subShipments?: Array<{ courierDetails?: unknown }> };
    const byPath = (await raw(`/v3/shipments/${ids(3)}`)).body as { shipments: Details[] };
    const byQuery = (await raw(`/v3/shipments?shipmentIds=${ids(3)}`)).body as { shipments: Details[] };
    expect(byPath.shipments.every((s) => s.deliveryAddress)).toBe(true);
    // The courier is per sub-shipment (fk docs get-shipment-details), not on the shipment.
    expect(byPath.shipments.every((s) => s.subShipments?.every((sub) => sub.courierDetails) && !('courierDetails' in s))).toBe(true);
    expect(byQuery.shipments.some((s) => 'deliveryAddress' in s)).toBe(false);
    expect(calls.some((c) => c.query.has('shipmentIds'))).toBe(false);
  });
});

describe('the returns API', () => {
  const returns = () => calls.filter((c) => c.path === '/sellers/v2/returns');

  it('refuses a missing or unknown source (ReturnsRef: source is mandatory); Sutra asks for courier and customer returns', async () => {
    expect(await raw('/v2/returns?modifiedAfter=2026-08-01T00:00:00Z')).toEqual(
      refusal(4020, 'source is required: one of courier_return, customer_return', 'source'),
    );
    expect(await raw('/v2/returns?source=rto')).toEqual(refusal(4020, 'Invalid source "rto": one of courier_return, customer_return', 'source'));
    expect(returns().map((c) => c.query.get('source'))).toEqual(['courier_return', 'customer_return']);
  });

  it('gives at most 25 return items a page, the next one at nextUrl under /sellers/v2; Sutra follows it', async () => {
    type Page = { hasMore: boolean; nextUrl: string | null; returnItems: unknown[] };
    let page = (await raw('/v2/returns?source=customer_return')).body as Page;
    let pages = 1;
    expect(page.returnItems.length).toBeLessThanOrEqual(25);
    while (page.hasMore) {
      expect(page.nextUrl).toMatch(/^\/returns\/search\/[\w-]+$/);
      page = (await raw(`/v2${page.nextUrl}`)).body as Page;
      expect(page.returnItems.length).toBeLessThanOrEqual(25);
      pages++;
    }
    expect(pages).toBeGreaterThan(1);
    expect(await raw('/v2/returns/search/bm90LWEtdG9rZW4')).toEqual(
      refusal(4006, 'Invalid next page: use the nextUrl of the previous page as it is', 'nextUrl'),
    );
    const nextPages = calls.filter((c) => c.path.startsWith('/sellers/v2/returns/search/'));
    expect(nextPages.length).toBeGreaterThan(0);
    expect(nextPages.every((c) => c.status === 200)).toBe(true);
  });

  it('refuses a window that ends before it starts; Sutra’s runs forward', async () => {
    expect(
      await raw(`/v2/returns?source=courier_return&modifiedAfter=${dates.to.replace('+', '%2B')}&modifiedBefore=${dates.from.replace('+', '%2B')}`),
    ).toEqual(refusal(4005, 'modifiedAfter must not be after modifiedBefore', 'modifiedAfter'));
    for (const c of returns()) expect(Date.parse(c.query.get('modifiedAfter')!)).toBeLessThanOrEqual(Date.parse(c.query.get('modifiedBefore')!));
  });
});

describe('the access token', () => {
  it('is fetched again once when Flipkart answers 401, then the seller is told to reconnect', async () => {
    const api = new SellerApi(session);
    // Tokens Flipkart stopped honouring while the application is still good: one refresh and on.
    sandbox.revoke();
    sandbox.restore();
    await expect(api.returns('courier_return', dates.from, dates.to)).resolves.toMatchObject({ returnItems: [] });
    // The application itself revoked: the refresh is refused too.
    sandbox.revoke();
    const failure = api.returns('courier_return', dates.from, dates.to);
    await expect(failure).rejects.toMatchObject({ kind: 'auth' });
    sandbox.restore();
  });
});

// Last: its syncs add calls the tests above would count.
describe('a seller who syncs one warehouse', () => {
  /** The orders a whole sync yields (parts of one order counted once), and the searches it sent. */
  async function syncOf(locationId?: string): Promise<{ orders: number; returned: string[]; searches: Call[] }> {
    const from = calls.length;
    const ids = new Set<string>();
    const returned: string[] = [];
    const credentials = { ...SANDBOX_CREDENTIALS.flipkart, ...(locationId ? { location_id: locationId } : {}) };
    for await (const page of flipkartOrders.pages({ ...session, credentials })) {
      for (const o of page.orders) {
        ids.add(o.externalId);
        if (o.status === OrderStatus.RTO || o.status === OrderStatus.RETURNED) returned.push(o.externalId);
      }
      if (page.done) break;
    }
    return { orders: ids.size, returned, searches: calls.slice(from).filter((c) => c.method === 'POST' && c.path === '/sellers/v3/shipments/filter') };
  }

  it('filters every search by its location: the two warehouses together are the whole book', async () => {
    const all = await syncOf();
    const [first, second] = [await syncOf(SELLER_LOCATIONS[0]), await syncOf(SELLER_LOCATIONS[1])];
    expect(second.orders).toBeGreaterThan(0);
    expect(first.orders + second.orders).toBe(all.orders);
    expect(first.searches.every((c) => c.body!.filter.locationId === SELLER_LOCATIONS[0])).toBe(true);
    expect(all.searches.some((c) => 'locationId' in c.body!.filter)).toBe(false);
  });

  it('keeps the returns of the other warehouse out (the returns API has no location filter)', async () => {
    // An order id ends in its book index (orderId in the sandbox): the second warehouse ships the indexes ending in 9.
    const { returned } = await syncOf(SELLER_LOCATIONS[1]);
    expect(returned.length).toBeGreaterThan(0);
    expect(returned.every((id) => Number(id.slice(-2)) % 10 === 9)).toBe(true);
  });
});
