import { createLogger } from '../../src/logger.js';
import { amazonFees } from '../../src/providers/amazon/finances.js';
import type { OrderFees, SyncSession } from '../../src/providers/types.js';
import { amazonFeeEventTimes, expectedAmazonFees } from '../../src/sandbox/commerce/amazon-finances.js';
import { amazonOrderId } from '../../src/sandbox/commerce/amazon-orders.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { testConfig } from '../support/env.js';

/**
 * Amazon's fees per order through the connector (Finances v2024-06-19 listTransactions, docs/providers.md
 * §2.5) against the sandbox, which posts each shipped order's fees a day after shipment and refunds
 * after returns: the fees Sutra reads equal the sandbox's own figure, worked out from its fee schedule
 * alone, to the paisa, over several pages, through throttling.
 */

// Four days of book: one order every 10 minutes.
const ORDERS = 600;
let sandbox: Sandbox;

const session = (credentials: Record<string, string> = { ...SANDBOX_CREDENTIALS.amazon }): SyncSession => ({
  credentials,
  firstSyncFrom: new Date(0),
  endpoints: testConfig(sandbox.env).providers,
  log: createLogger({ level: 'silent', pretty: false }),
});

async function readAll(postedAfter: Date, s = session()): Promise<OrderFees[]> {
  const out: OrderFees[] = [];
  for await (const batch of amazonFees(s, postedAfter)) out.push(...batch);
  return out;
}

const calls = async () =>
  ((await (await fetch(`${sandbox.url}/amazon/_sandbox/calls`)).json()) as { finances: { listTransactions: number; throttled: number; requests: string[] } })
    .finances;

type ListBody = { errors?: Array<{ code: string; message: string }>; payload?: { transactions: unknown[]; nextToken?: string } };

beforeAll(async () => {
  // rateScale: the plan (0.5 rps after a burst of 10) twenty times faster, still paced.
  sandbox = await startSandbox({ orders: ORDERS, stepMs: 10 * 60_000, rateScale: 20 });
});
afterAll(() => sandbox.stop());
beforeEach(() => sandbox.faults.clear());

describe('Amazon fees per order (listTransactions)', () => {
  it('reads the fees of every order with an event posted, equal to the sandbox’s own figure to the paisa, over several pages', async () => {
    const before = await calls();
    const started = Date.now();
    const fees = await readAll(new Date(started - 30 * 86_400_000));
    const after = await calls();
    // The connector reads up to 150 s before it started; events near that edge may fall either side.
    const edge = started - 150_000;
    const near = (t?: number) => t !== undefined && Math.abs(t - edge) < 5_000;
    const expected = new Map<string, string>();
    const ambiguous = new Set<string>();
    for (let i = 0; i < ORDERS; i++) {
      const o = sandbox.book.get(i);
      const times = amazonFeeEventTimes(o);
      const id = amazonOrderId(i);
      if (near(times.shipment) || near(times.refund)) ambiguous.add(id);
      else if (times.shipment !== undefined && times.shipment < edge) expected.set(id, expectedAmazonFees(o, new Date(edge)));
    }
    const got = new Map(fees.filter((f) => !ambiguous.has(f.externalOrderId)).map((f) => [f.externalOrderId, f.fees]));
    expect(expected.size).toBeGreaterThan(150);
    expect(got).toEqual(expected);
    expect(new Set(fees.map((f) => f.currency))).toEqual(new Set(['INR']));
    // Each order once per call.
    expect(new Set(fees.map((f) => f.externalOrderId)).size).toBe(fees.length);
    // At most 100 transactions a page: several pages, each with the same window and the page's token.
    const requests = after.requests.slice(-(after.listTransactions - before.listTransactions));
    expect(requests.length).toBeGreaterThan(2);
    expect(requests.slice(1).every((r) => r.includes('nextToken='))).toBe(true);
    const windowOf = (r: string) => {
      const q = new URLSearchParams(r.split('?')[1]);
      return [q.get('postedAfter'), q.get('postedBefore'), q.get('marketplaceId')];
    };
    expect(new Set(requests.map((r) => JSON.stringify(windowOf(r)))).size).toBe(1);
  });

  it('nets refunds: a returned order keeps its fees less the referral fee given back, an RTO keeps its closing fees', async () => {
    const fees = new Map((await readAll(new Date(Date.now() - 30 * 86_400_000))).map((f) => [f.externalOrderId, f.fees]));
    const edge = Date.now() - 600_000;
    const refunded = (status: string) => {
      for (let i = 0; i < ORDERS; i++) {
        const o = sandbox.book.get(i);
        if (o.status === status && (amazonFeeEventTimes(o).refund ?? Infinity) < edge) return o;
      }
      throw new Error(`no ${status} order refunded yet`);
    };
    for (const o of [refunded('returned'), refunded('rto')]) {
      const id = amazonOrderId(o.index);
      expect(fees.get(id)).toBe(expectedAmazonFees(o));
      // Less than the shipment alone charged.
      expect(Number(fees.get(id))).toBeLessThan(Number(expectedAmazonFees(o, new Date(amazonFeeEventTimes(o).refund!))));
    }
  });

  it('waits out Amazon’s QuotaExceeded answers and still reads everything', async () => {
    const plain = await readAll(new Date(Date.now() - 3 * 86_400_000));
    sandbox.faults.set('amazon', { kind: '429', count: 2 });
    const throttled = await readAll(new Date(Date.now() - 3 * 86_400_000));
    expect(throttled.length).toBeGreaterThan(0);
    expect(new Set(throttled.map((f) => f.externalOrderId))).toEqual(new Set(plain.map((f) => f.externalOrderId)));
  });

  it('reads nothing for a window that has not closed yet, and says which role to check when Amazon refuses access', async () => {
    expect(await readAll(new Date(Date.now() - 60_000))).toEqual([]);
    // amazon.com's marketplace on the Europe endpoint: 403 Unauthorized.
    const wrong = session({ ...SANDBOX_CREDENTIALS.amazon, marketplace_id: 'ATVPDKIKX0DER' });
    await expect(readAll(new Date(Date.now() - 86_400_000), wrong)).rejects.toThrow(/not valid for region.*Finance and Accounting/);
  });

  it('refuses what Amazon refuses, with Amazon’s error bodies', async () => {
    const c = SANDBOX_CREDENTIALS.amazon;
    const token = (
      (await (
        await fetch(`${sandbox.url}/amazon/auth/o2/token`, {
          method: 'POST',
          body: new URLSearchParams({
            grant_type: 'refresh_token',
            refresh_token: c.refresh_token,
            client_id: c.lwa_client_id,
            client_secret: c.lwa_client_secret,
          }),
        })
      ).json()) as { access_token: string }
    ).access_token;
    // Paced by hand: a 429 (the usage plan) is waited out, as the connector does.
    const list = async (q: Record<string, string>): Promise<{ status: number; body: ListBody }> => {
      for (;;) {
        const res = await fetch(`${sandbox.url}/amazon/sp-api/finances/2024-06-19/transactions?${new URLSearchParams(q)}`, {
          headers: { 'x-amz-access-token': token },
        });
        if (res.status !== 429) return { status: res.status, body: (await res.json()) as ListBody };
        await new Promise((r) => setTimeout(r, 200));
      }
    };
    const day = 86_400_000;
    const iso = (ms: number) => new Date(ms).toISOString();
    // The model's own example: postedBefore alone.
    expect(await list({ postedBefore: iso(Date.now() - day) })).toEqual({
      status: 400,
      body: { errors: [{ code: 'InvalidInput', message: 'Start date cannot be null', details: 'Start date cannot be null' }] },
    });
    const refused: Array<Record<string, string>> = [
      { postedAfter: 'yesterday' },
      { postedAfter: iso(Date.now() - 60_000) },
      { postedAfter: iso(Date.now() - day), postedBefore: iso(Date.now() - 30_000) },
      { postedAfter: iso(Date.now() - day), postedBefore: iso(Date.now() - 2 * day) },
      { postedAfter: iso(Date.now() - day), transactionStatus: 'SETTLED' },
      { postedAfter: iso(Date.now() - day), relatedIdentifierName: 'SHIPMENT_ID', relatedIdentifierValue: '1' },
    ];
    for (const q of refused) {
      const res = await list(q);
      expect([q, res.status, res.body.errors?.[0]?.code]).toEqual([q, 400, 'InvalidInput']);
    }
    // More than 180 days apart: an empty answer, not an error.
    expect(await list({ postedAfter: iso(Date.now() - 200 * day), postedBefore: iso(Date.now() - day) })).toEqual({
      status: 200,
      body: { payload: { transactions: [] } },
    });
    // A nextToken with other arguments than its own.
    const first = await list({ postedAfter: iso(Date.now() - 30 * day) });
    expect(first.body.payload?.nextToken).toBeDefined();
    const other = await list({ postedAfter: iso(Date.now() - 29 * day), nextToken: first.body.payload!.nextToken! });
    expect([other.status, other.body.errors?.[0]?.code]).toEqual([400, 'InvalidInput']);
    // One order's transactions by its id: its shipment, and its refund once posted.
    const o = sandbox.book.get([...Array(ORDERS).keys()].find((i) => (amazonFeeEventTimes(sandbox.book.get(i)).refund ?? Infinity) < Date.now() - 600_000)!);
    const one = await list({ relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: amazonOrderId(o.index) });
    expect((one.body.payload?.transactions as Array<{ transactionType: string }>).map((t) => t.transactionType)).toEqual(['Shipment', 'Refund']);
  });
});
