import { jest } from '@jest/globals';
import type { ParcelView } from '../../src/sandbox/commerce/parcels.js';
import { doc, gql, newUserToken, startTestServer, type TestServer } from '../support/server.js';
import { connectSandbox, jobEnded } from '../support/sync.js';

/** The sandbox's parcel book starts at 21:30 IST, so Delhivery's NDR window (§7.5) is open in book time. */
const BOOK_START = new Date('2026-12-06T16:00:00.000Z');
/** One lifecycle stage per minute of book time; the test moves the book's clock itself. */
const STEP_MS = 60_000;

interface ShipmentNode {
  id: string;
  trackingNumber: string;
  status: string;
  attempts: number;
  lastAttemptAt: string | null;
  lastAttemptReason: string | null;
  labelUrl: string | null;
  shippingCost: { amount: string } | null;
  rtoCost: { amount: string } | null;
  chargesEstimated: boolean;
}
type ShipmentList = { shipments: { edges: Array<{ node: ShipmentNode }> } };
const FIELDS = 'id trackingNumber status attempts lastAttemptAt lastAttemptReason labelUrl shippingCost { amount } rtoCost { amount } chargesEstimated';
const FAILED = doc<ShipmentList>(
  `query($s: ShipmentStatus) { shipments(filter: { failedAttempt: true, status: $s }, first: 100) { edges { node { ${FIELDS} } } } }`,
);
const BY_STATUS = doc<ShipmentList>(`query($s: ShipmentStatus) { shipments(status: $s, first: 100) { edges { node { ${FIELDS} } } } }`);
const REATTEMPT = doc<{ requestReattempt: { shipmentId: string; trackingNumber: string; requestId: string } }>(
  'mutation($id: ID!) { requestReattempt(shipmentId: $id) { shipmentId trackingNumber requestId } }',
);
const LABEL = doc<{ generateShipmentLabel: { shipmentId: string; trackingNumber: string; labelUrl: string } }>(
  'mutation($id: ID!) { generateShipmentLabel(shipmentId: $id) { shipmentId trackingNumber labelUrl } }',
);
const SET_CARD = doc<{ setShippingRateCard: Record<string, unknown> }>('mutation($c: JSONObject!) { setShippingRateCard(rateCard: $c) }');
const ORDER = doc<{ order: { status: string; shipments: Array<{ rtoCost: { amount: string } | null }> } }>(
  'query($id: ID!) { order(id: $id) { status shipments { rtoCost { amount } } } }',
);

/** The seller's rate card, from Gurgaon (the sandbox's origin, 122001): every book destination is zone D from there. */
const slab = (first: string, additional: string) => ({ first, additional });
const CARD = {
  originPincode: '122001',
  slabGrams: 500,
  forward: { A: slab('30', '25'), B: slab('35', '30'), C: slab('40', '35'), D: slab('51.25', '40.10'), E: slab('70', '60') },
  rto: { A: slab('28', '22'), B: slab('33', '27'), C: slab('38', '31'), D: slab('47.35', '36.60'), E: slab('66', '55') },
};
/** Zone D at CARD's rates, in paise, for a parcel of `grams` (unknown: one slab). */
const zoneD = (leg: 'forward' | 'rto', grams: number | null) => {
  const slabs = grams ? Math.ceil(grams / 500) : 1;
  const [first, additional] = leg === 'forward' ? [5_125, 4_010] : [4_735, 3_660];
  return first + additional * (slabs - 1);
};
const paise = (amount: string) => Math.round(Number(amount) * 100);

/** The latest moment before now whose clock in India reads hh:mm. */
function lastIst(hh: number, mm: number): Date {
  const now = Date.now();
  const istMidnight = Math.floor((now + 330 * 60_000) / 86_400_000) * 86_400_000 - 330 * 60_000;
  const today = istMidnight + (hh * 60 + mm) * 60_000;
  return new Date(today <= now ? today : today - 86_400_000);
}

/** Runs `fn` with this process's clock (Sutra's, in-process) reading `instant`, ticking on from it. */
async function atInstant<T>(instant: Date, fn: () => Promise<T>): Promise<T> {
  jest.useFakeTimers({
    now: instant,
    advanceTimers: true,
    doNotFake: [
      'nextTick',
      'setImmediate',
      'clearImmediate',
      'setInterval',
      'clearInterval',
      'setTimeout',
      'clearTimeout',
      'queueMicrotask',
      'hrtime',
      'performance',
    ],
  });
  try {
    return await fn();
  } finally {
    jest.useRealTimers();
  }
}

describe('failed deliveries (NDR), labels and return freight, against the sandbox Delhivery', () => {
  let server: TestServer;
  let token: string;
  let userId: string;
  let accountId: string;
  let bookNow = BOOK_START.getTime();
  const ids = new Map<string, string>();
  let codOrderId: string;
  const awb: Record<'retry' | 'rto' | 'badCode' | 'third' | 'delivered' | 'unknown', string> = {} as never;

  const book = () => server.sandbox!.parcels;
  const pick = (test: (v: ParcelView) => boolean, from = 0) => {
    const i = book().find('delhivery', test, from);
    if (i === undefined) throw new Error('the sandbox book has no such parcel');
    return book().awb('delhivery', i);
  };
  const failedNow = (v: ParcelView) => v.current.stage === 'failed_attempt' && !!v.current.ndr;
  const stageAt = (tracking: string, stage: string) =>
    book()
      .parcel('delhivery', tracking)!
      .plan.find((s) => s.stage === stage)!
      .at.getTime();

  const sync = async () => {
    const queued = await gql(server, doc<{ syncProvider: { id: string } }>('mutation { syncProvider(providerId: "delhivery") { id } }'), {}, token);
    expect(queued.errors).toBeUndefined();
    expect(await jobEnded(server, token, queued.data!.syncProvider.id)).toEqual({ status: 'SUCCEEDED', error: null });
  };
  const failedList = async (status?: string) => {
    const res = await gql(server, FAILED, { s: status ?? null }, token);
    expect(res.errors).toBeUndefined();
    return new Map(res.data!.shipments.edges.map(({ node }) => [node.trackingNumber, node]));
  };
  const shipment = async (tracking: string) => {
    const res = await gql(server, BY_STATUS, { s: null }, token);
    expect(res.errors).toBeUndefined();
    return res.data!.shipments.edges.map((e) => e.node).find((n) => n.trackingNumber === tracking)!;
  };

  beforeAll(async () => {
    server = await startTestServer({ sandbox: { parcels: { now: BOOK_START, stepMs: STEP_MS, clock: () => new Date(bookNow) } } });
    const seller = await newUserToken('ndr');
    token = seller.token;
    await connectSandbox(server, token, 'delhivery');
    const db = server.db.em.getConnection();
    const [user] = await db.execute<{ id: string }[]>('select id from users where subject = ?', [seller.subject]);
    userId = user!.id;
    const [account] = await db.execute<{ id: string }[]>("select id from channel_accounts where user_id = ? and provider_id = 'delhivery'", [userId]);
    accountId = account!.id;

    awb.retry = pick((v) => v.parcel.lifecycle === 'attempt_then_delivered' && failedNow(v) && v.current.ndr!.reattemptable);
    awb.rto = pick((v) => v.parcel.lifecycle === 'attempts_then_rto' && v.parcel.cod && failedNow(v) && v.attempts === 1);
    awb.badCode = pick((v) => failedNow(v) && !v.current.ndr!.reattemptable && v.attempts <= 2);
    awb.third = pick((v) => failedNow(v) && v.current.ndr!.reattemptable && v.attempts === 3);
    awb.delivered = pick((v) => v.parcel.lifecycle === 'delivered' && v.closed);
    // An AWB of Delhivery's form that its book never issued.
    awb.unknown = `1490${String(book().size + 17).padStart(10, '0')}`;

    // A COD order of a sales channel of the seller's, shipped with the parcel that will go back.
    const [order] = await db.execute<{ id: string }[]>(
      `with a as (insert into channel_accounts (id, user_id, provider_id, channel_type, external_id, display_name)
             values (gen_random_uuid(), ?, 'shopify', 'SHOPIFY', 'ndr-shop.myshopify.com', 'ndr-shop') returning id, user_id)
       insert into orders (id, user_id, channel_account_id, provider_id, external_id, order_number, status, raw_status, payment_method, currency,
         ordered_at, source_updated_at, total)
       select gen_random_uuid(), a.user_id, a.id, 'shopify', '9001', '#9001', 'SHIPPED', 'PAID/FULFILLED', 'COD', 'INR', now(), now(), '1499.00' from a
       returning id`,
      [userId],
    );
    codOrderId = order!.id;
    // The seller's parcels with their Delhivery account, as shipments from orders or trackShipment leave them.
    for (const tracking of Object.values(awb)) {
      const [row] = await db.execute<{ id: string }[]>(
        `insert into shipments (id, user_id, order_id, provider_id, tracking_number, carrier, courier_account_id, status)
         values (gen_random_uuid(), ?, ?, 'delhivery', ?, 'Delhivery', ?, 'CREATED') returning id`,
        [userId, tracking === awb.rto ? codOrderId : null, tracking, accountId],
      );
      ids.set(tracking, row!.id);
    }

    const set = await gql(server, SET_CARD, { c: CARD }, token);
    expect(set.errors).toBeUndefined();
    await sync();
  });
  afterAll(() => server?.stop());

  it('lists the parcels with a failed attempt still out for delivery, with their attempts and reason, and not the delivered one', async () => {
    const list = await failedList();
    expect([...list.keys()].sort()).toEqual([awb.retry, awb.rto, awb.badCode, awb.third].sort());
    for (const tracking of [awb.retry, awb.rto, awb.third]) {
      const view = book().view('delhivery', tracking)!;
      const node = list.get(tracking)!;
      expect(node.status).not.toMatch(/DELIVERED|RTO/);
      expect(node.attempts).toBe(view.attempts);
      expect(new Date(node.lastAttemptAt!).getTime()).toBe(view.current.at.getTime());
      expect(node.lastAttemptReason).toBeTruthy();
    }
    // The old argument still works, and a filter for a delivered status finds no failed attempt.
    expect((await gql(server, BY_STATUS, { s: 'DELIVERED' }, token)).data!.shipments.edges.map((e) => e.node.trackingNumber)).toEqual([awb.delivered]);
    expect((await failedList('DELIVERED')).size).toBe(0);
  });

  it('refuses a re-attempt before 21:00 IST, saying when to ask', async () => {
    const res = await atInstant(lastIst(10, 0), () => gql(server, REATTEMPT, { id: ids.get(awb.retry) }, token));
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toContain('after 21:00 IST');
    expect(book().reattemptsOf(awb.retry)).toHaveLength(0);
  });

  it('asks Delhivery for a re-attempt after 21:00 IST and answers its request id', async () => {
    const res = await atInstant(lastIst(21, 30), () => gql(server, REATTEMPT, { id: ids.get(awb.retry) }, token));
    expect(res.errors).toBeUndefined();
    expect(res.data!.requestReattempt).toMatchObject({ shipmentId: ids.get(awb.retry), trackingNumber: awb.retry });
    expect(res.data!.requestReattempt.requestId).toMatch(/\S/);
    expect(book().reattemptsOf(awb.retry)).toHaveLength(1);
  });

  it("refuses a re-attempt where Delhivery's rules forbid it, saying why", async () => {
    const ask = (tracking: string) => atInstant(lastIst(21, 30), () => gql(server, REATTEMPT, { id: ids.get(tracking) }, token));
    const badCode = await ask(awb.badCode);
    expect(badCode.errors![0]!.message).toContain(book().view('delhivery', awb.badCode)!.current.ndr!.code);
    expect(badCode.errors![0]!.message).toContain('EOD-74');
    const third = await ask(awb.third);
    expect(third.errors![0]!.message).toContain('first or second failed attempt');
    const delivered = await ask(awb.delivered);
    expect(delivered.errors![0]!.message).toBe(`No re-attempt for ${awb.delivered}: it was delivered`);
    for (const tracking of [awb.badCode, awb.third, awb.delivered]) expect(book().reattemptsOf(tracking)).toHaveLength(0);
  });

  it("returns and keeps the sandbox's label link, and says so when Delhivery has none", async () => {
    const res = await gql(server, LABEL, { id: ids.get(awb.retry) }, token);
    expect(res.errors).toBeUndefined();
    const url = `${server.sandbox!.env.DELHIVERY_BASE_URL}/_s3/packing-slips/${awb.retry}.pdf?X-Amz-Expires=86400`;
    expect(res.data!.generateShipmentLabel).toEqual({ shipmentId: ids.get(awb.retry), trackingNumber: awb.retry, labelUrl: url });
    expect((await shipment(awb.retry)).labelUrl).toBe(url);
    const pdf = await fetch(url);
    expect(pdf.headers.get('content-type')).toContain('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');

    const refused = await gql(server, LABEL, { id: ids.get(awb.unknown) }, token);
    expect(refused.errors![0]!.message).toContain(awb.unknown);
    expect(refused.errors![0]!.message).toMatch(/packing slip/);
    expect((await shipment(awb.unknown)).labelUrl).toBeNull();

    const stranger = await newUserToken('ndr-other');
    const other = await gql(server, LABEL, { id: ids.get(awb.retry) }, stranger.token);
    expect(other.errors![0]!.extensions?.code).toBe('NOT_FOUND');
  });

  it('drops a parcel from the list once it is delivered, and another once it turns back', async () => {
    bookNow = stageAt(awb.retry, 'delivered');
    await sync();
    let list = await failedList();
    expect(list.has(awb.retry)).toBe(false);
    expect((await shipment(awb.retry)).status).toBe('DELIVERED');
    expect(list.has(awb.rto)).toBe(!book().view('delhivery', awb.rto)!.current.stage.startsWith('rto'));

    bookNow = Math.max(bookNow, stageAt(awb.rto, 'rto_initiated'));
    await sync();
    list = await failedList();
    expect(list.has(awb.rto)).toBe(false);
    expect((await shipment(awb.rto)).status).toMatch(/^RTO_/);
  });

  it('shows a new seller the default rate card and refuses a card with a mistake, naming where', async () => {
    const fresh = await newUserToken('ndr-card');
    const card = await gql(server, doc<{ shippingRateCard: typeof CARD }>('{ shippingRateCard }'), {}, fresh.token);
    expect(card.errors).toBeUndefined();
    expect(card.data!.shippingRateCard).toMatchObject({
      slabGrams: 500,
      forward: { D: { first: '48.00', additional: '44.00' } },
      rto: { D: { first: '48.00' } },
    });
    const bad = await gql(server, SET_CARD, { c: { ...CARD, rto: { ...CARD.rto, D: slab('47.355', '36.60') } } }, fresh.token);
    expect(bad.errors![0]!.extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.errors![0]!.message).toContain('rateCard.rto.D.first');
    // The first seller's card stands as set.
    expect((await gql(server, doc<{ shippingRateCard: typeof CARD }>('{ shippingRateCard }'), {}, token)).data!.shippingRateCard).toEqual(CARD);
  });

  it("costs an RTO'd COD order's return leg from the rate card, to the paisa", async () => {
    bookNow = Math.max(bookNow, stageAt(awb.rto, 'rto_delivered'));
    await sync();
    const parcel = await shipment(awb.rto);
    expect(parcel.status).toBe('RTO_DELIVERED');
    const [stored] = await server.db.em
      .getConnection()
      .execute<{ weight_grams: number | null }[]>('select weight_grams from shipments where id = ?', [ids.get(awb.rto)]);
    // Delhivery's tracking reports no charges (docs/providers.md §7.3): both legs are the card's.
    expect(parcel.chargesEstimated).toBe(true);
    expect(paise(parcel.shippingCost!.amount)).toBe(zoneD('forward', stored!.weight_grams));
    expect(paise(parcel.rtoCost!.amount)).toBe(zoneD('rto', stored!.weight_grams));

    const order = await gql(server, ORDER, { id: codOrderId }, token);
    expect(order.errors).toBeUndefined();
    expect(order.data!.order.status).toBe('RTO');
    expect(order.data!.order.shipments.map((s) => s.rtoCost?.amount)).toEqual([parcel.rtoCost!.amount]);
  });
});
