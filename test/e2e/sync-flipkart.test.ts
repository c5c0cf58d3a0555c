import type { BookOrder } from '../../src/sandbox/commerce/order-book.js';
import {
  CANCELLATION_TYPES,
  flipkartView,
  linesOf,
  orderId,
  orderItemId,
  returnPlan,
  sellingPaise,
  shipmentId,
  shipmentPlans,
  shippingPaise,
} from '../../src/sandbox/commerce/flipkart-orders.js';
import { gql, newUserToken, startTestServer, wsClient, type TestServer } from '../support/server.js';
import { collectProgress, connectSandbox, SYNC_MUTATION } from '../support/sync.js';

const ORDERS = 240;

interface StoredOrder {
  external_id: string;
  status: string;
  total: string;
  tax: string;
  customer_city: string | null;
}
interface StoredLine {
  order_id: string;
  external_line_id: string;
  status: string | null;
  quantity: number;
  unit_price: string;
  discount: string;
  shipping: string | null;
}
interface StoredShipment {
  order_id: string;
  external_id: string;
  tracking_number: string | null;
  carrier: string | null;
  status: string;
}

/** Paise of a stored amount, so sums stay exact. */
const paise = (amount: string | null) => Math.round(Number(amount ?? 0) * 100);

/** The line statuses Flipkart's states stand for in Sutra (normalize.ts), for the states the sandbox uses. */
const LINE_STATUS: Record<string, string> = {
  APPROVED: 'CONFIRMED',
  PACKING_IN_PROGRESS: 'CONFIRMED',
  FORM_FAILED: 'CONFIRMED',
  PACKED: 'PACKED',
  READY_TO_DISPATCH: 'PACKED',
  PICKUP_COMPLETE: 'SHIPPED',
  SHIPPED: 'SHIPPED',
  DELIVERED: 'DELIVERED',
  CANCELLED: 'CANCELLED',
};

/** What Sutra must hold for book order `o` as Flipkart shows it: each line's status and shipment, the order's status, what the buyer paid. */
function expected(o: BookOrder) {
  const ret = returnPlan(o.index, o.status);
  const returned = ret && ret.status !== 'CANCELLED' ? (ret.source === 'courier_return' ? 'RTO' : 'RETURNED') : undefined;
  const lines = shipmentPlans(o.index, o.status).flatMap((plan) =>
    linesOf(o, plan).map((l) => {
      const n = o.lines.indexOf(l);
      return {
        id: orderItemId(o, n),
        shipment: shipmentId(o.index, plan.part),
        status: returned ?? LINE_STATUS[plan.state]!,
      };
    }),
  );
  const live = lines.filter((l) => l.status !== 'CANCELLED');
  // The buyer pays for what was not cancelled (flipkartView); an order cancelled whole keeps its priced total.
  return {
    lines,
    status: (live[0] ?? lines[0]!).status,
    total: flipkartView(o).totalPaise,
    shipments: shipmentPlans(o.index, o.status).map((p) => shipmentId(o.index, p.part)),
  };
}

/** What a shipmentStatusChanged subscriber is told. */
interface ParcelEvent {
  trackingNumber: string;
  providerId: string;
  status: string;
  previousStatus: string | null;
}

describe('a Flipkart sync: orders (OD…) assembled from their shipments, cancellations and returns', () => {
  let server: TestServer;
  let orders: Map<string, StoredOrder>;
  let lines: Map<string, StoredLine[]>;
  let shipments: Map<string, StoredShipment[]>;
  const parcels: ParcelEvent[] = [];
  const book = () => Array.from({ length: ORDERS }, (_, i) => server.sandbox!.book.get(i));

  beforeAll(async () => {
    server = await startTestServer({ sandbox: { orders: ORDERS, rateScale: 500 } });
    const seller = await newUserToken('flipkart-orders');
    await connectSandbox(server, seller.token, 'flipkart');
    const client = wsClient(server, seller.token);
    const progress = collectProgress(client);
    client.subscribe<{ shipmentStatusChanged: ParcelEvent }>(
      { query: 'subscription { shipmentStatusChanged { trackingNumber providerId status previousStatus } }' },
      { next: ({ data }) => parcels.push(data!.shipmentStatusChanged), error: () => undefined, complete: () => undefined },
    );
    await new Promise((r) => setTimeout(r, 200));
    const queued = await gql(server, SYNC_MUTATION, { p: 'flipkart' }, seller.token);
    expect(queued.errors).toBeUndefined();
    // The parcels of each page are told right after its progress, on the same socket: all are in by the end.
    expect(await progress.ended).toMatchObject({ status: 'SUCCEEDED', created: ORDERS });
    await client.dispose();

    const db = server.db.em.getConnection();
    const rows = await db.execute<StoredOrder[]>(
      `select o.external_id, o.status, o.total::text, o.tax::text, o.customer_city from orders o join users u on u.id = o.user_id where u.subject = ?`,
      [seller.subject],
    );
    orders = new Map(rows.map((r) => [r.external_id, r]));
    const group = <T extends { order_id: string }>(list: T[]) => {
      const byOrder = new Map<string, T[]>();
      for (const row of list) byOrder.set(row.order_id, [...(byOrder.get(row.order_id) ?? []), row]);
      return byOrder;
    };
    lines = group(
      await db.execute<StoredLine[]>(
        `select o.external_id as order_id, i.external_line_id, i.status, i.quantity, i.unit_price::text, i.discount::text, i.shipping::text
           from order_items i join orders o on o.id = i.order_id join users u on u.id = o.user_id
          where u.subject = ? order by i.external_line_id`,
        [seller.subject],
      ),
    );
    shipments = group(
      await db.execute<StoredShipment[]>(
        `select o.external_id as order_id, s.external_id, s.tracking_number, s.carrier, s.status
           from shipments s join orders o on o.id = s.order_id join users u on u.id = s.user_id
          where u.subject = ? and s.provider_id = 'flipkart' order by s.external_id`,
        [seller.subject],
      ),
    );
  });
  afterAll(() => server.stop());

  it('stores one order per Flipkart order id, with every line of it', () => {
    expect(orders.size).toBe(ORDERS);
    for (const o of book()) {
      expect(orders.has(orderId(o.index))).toBe(true);
      expect(lines.get(orderId(o.index))!.map((l) => l.external_line_id)).toEqual(o.lines.map((_, n) => orderItemId(o, n)).sort());
    }
  });

  it('makes an order split over two shipments one order holding both, at the sum of both', () => {
    const split = book().filter((o) => o.index % 4 === 1 && shipmentPlans(o.index, o.status).length === 2);
    expect(split.length).toBeGreaterThan(10);
    for (const o of split) {
      const id = orderId(o.index);
      expect(shipments.get(id)!.map((s) => s.external_id)).toEqual([shipmentId(o.index, 0), shipmentId(o.index, 1)]);
      // Nothing of it was cancelled: the buyer paid the whole order, shipping included.
      expect({ id, total: paise(orders.get(id)!.total), status: orders.get(id)!.status }).toEqual({ id, total: o.totalPaise, status: expected(o).status });
    }
  });

  it('does not cancel an order with one of its lines cancelled, and charges only what is left', () => {
    const partly = book().filter(
      (o) => shipmentPlans(o.index, o.status).some((p) => p.search === 'cancelled') && shipmentPlans(o.index, o.status).length === 2,
    );
    expect(partly.length).toBeGreaterThan(10);
    for (const o of partly) {
      const id = orderId(o.index);
      const stored = lines.get(id)!;
      expect(stored.find((l) => l.external_line_id === orderItemId(o, 0))!.status).toBe('CANCELLED');
      expect(stored.filter((l) => l.external_line_id !== orderItemId(o, 0)).every((l) => l.status !== 'CANCELLED')).toBe(true);
      expect(orders.get(id)!.status).not.toBe('CANCELLED');
      expect({ id, total: paise(orders.get(id)!.total) }).toEqual({ id, total: o.totalPaise - sellingPaise(o.lines[0]!) });
    }
  });

  it('imports cancelled orders of every cancellation type', () => {
    const cancelled = book().filter((o) => o.status === 'cancelled');
    for (const type of CANCELLATION_TYPES) {
      const ofType = cancelled.filter((o) => shipmentPlans(o.index, o.status)[0]!.cancellationType === type);
      expect({ type, some: ofType.length > 0 }).toEqual({ type, some: true });
      for (const o of ofType) expect(orders.get(orderId(o.index))).toMatchObject({ status: 'CANCELLED' });
    }
  });

  it('learns from the returns API which orders came back: courier returns are RTO, customer returns RETURNED', () => {
    const rto = book().filter((o) => o.status === 'rto');
    const returned = book().filter((o) => o.status === 'returned');
    expect(rto.length).toBeGreaterThan(3);
    expect(returned.length).toBeGreaterThan(3);
    for (const o of rto) {
      const id = orderId(o.index);
      expect(orders.get(id)!.status).toBe('RTO');
      expect(lines.get(id)!.every((l) => l.status === 'RTO')).toBe(true);
      expect(shipments.get(id)![0]).toMatchObject({ status: returnPlan(o.index, o.status)!.status === 'COMPLETED' ? 'RTO_DELIVERED' : 'RTO_INITIATED' });
    }
    for (const o of returned) {
      expect(orders.get(orderId(o.index))!.status).toBe('RETURNED');
      expect(lines.get(orderId(o.index))!.every((l) => l.status === 'RETURNED')).toBe(true);
    }
    // A return the buyer withdrew brings nothing back.
    const withdrawn = book().filter((o) => returnPlan(o.index, o.status)?.status === 'CANCELLED');
    expect(withdrawn.length).toBeGreaterThan(0);
    for (const o of withdrawn) expect(orders.get(orderId(o.index))!.status).toBe('DELIVERED');
  });

  it('gives every line its own status, and every order the status of what is left of it', () => {
    for (const o of book()) {
      const want = expected(o);
      const id = orderId(o.index);
      expect({ id, lines: lines.get(id)!.map((l) => [l.external_line_id, l.status]) }).toEqual({ id, lines: want.lines.map((l) => [l.id, l.status]).sort() });
      expect({ id, status: orders.get(id)!.status }).toEqual({ id, status: want.status });
    }
  });

  it('stores every order at what the buyer paid, to the paisa, GST inside the prices', () => {
    let stored = 0;
    let paid = 0;
    for (const o of book()) {
      const id = orderId(o.index);
      const want = expected(o);
      expect({ id, total: paise(orders.get(id)!.total), tax: orders.get(id)!.tax }).toEqual({ id, total: want.total, tax: '0.00' });
      // unit × quantity − discount is each line's price exactly.
      for (const l of lines.get(id)!) {
        const n = o.lines.findIndex((_, k) => orderItemId(o, k) === l.external_line_id);
        expect(paise(l.unit_price) * l.quantity - paise(l.discount)).toBe(sellingPaise(o.lines[n]!));
        expect(paise(l.shipping)).toBe(shippingPaise(o, n));
      }
      stored += paise(orders.get(id)!.total);
      paid += want.total;
    }
    expect(stored).toBe(paid);
  });

  it('keeps each shipment with its courier once dispatched, and the buyer’s city from the shipment details', () => {
    for (const o of book()) {
      const id = orderId(o.index);
      expect(shipments.get(id)!.map((s) => s.external_id)).toEqual(expected(o).shipments);
      for (const [part, plan] of shipmentPlans(o.index, o.status).entries()) {
        const s = shipments.get(id)![part]!;
        if (plan.search === 'postDispatch') expect(s).toMatchObject({ tracking_number: expect.stringMatching(/^FMPC/), carrier: expect.any(String) });
        else expect(s.tracking_number).toBeNull();
      }
      expect(orders.get(id)!.customer_city).toBe(o.city);
    }
  });

  it('tells shipmentStatusChanged subscribers of every dispatched parcel as it is written', () => {
    const tracked = [...shipments.values()].flat().filter((p) => p.tracking_number);
    expect(tracked.length).toBeGreaterThan(0);
    expect(new Set(parcels.map((e) => e.trackingNumber))).toEqual(new Set(tracked.map((p) => p.tracking_number)));
    expect(parcels.every((e) => e.providerId === 'flipkart')).toBe(true);
    // The first word of a parcel is its first sighting; its last, the status stored.
    const last = new Map(parcels.map((e) => [e.trackingNumber, e.status]));
    for (const p of tracked) {
      expect(parcels.find((e) => e.trackingNumber === p.tracking_number)!.previousStatus).toBeNull();
      expect(last.get(p.tracking_number!)).toBe(p.status);
    }
  });
});
