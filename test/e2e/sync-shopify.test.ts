import { CATALOG_SKUS, rupees } from '../../src/sandbox/commerce/order-book.js';
import { SANDBOX_LOCATIONS, sandboxOnHand, shopifyView } from '../../src/sandbox/commerce/shopify-orders.js';
import { gql, newUserToken, startTestServer, wsClient, type TestServer } from '../support/server.js';
import { collectProgress, connectSandbox } from '../support/sync.js';
import { SHOPIFY_QUERIES } from '../../src/providers/shopify/orders.js';
import { parcelAwb } from '../../src/sandbox/commerce/parcels.js';

const ORDERS = 60;
/** Order i of the book is Shopify order 1,000,000,000 + i in the sandbox. */
const idOf = (i: number) => String(1_000_000_000 + i);

interface StoredOrder {
  external_id: string;
  status: string;
  item_subtotal: string;
  discounts: string;
  shipping_charged: string;
  tax: string;
  total: string;
  customer_city: string | null;
  customer_state: string | null;
  customer_pincode: string | null;
}
interface StoredItem {
  external_id: string;
  sku: string;
  quantity: number;
  unit_price: string;
  discount: string;
  tax: string;
}

/** Paise of a stored amount, so sums stay exact. */
const paise = (amount: string) => Math.round(Number(amount) * 100);
const revenueOf = (o: StoredOrder) => paise(o.item_subtotal) - paise(o.discounts) + paise(o.shipping_charged);

describe('a Shopify sync: current amounts, the tax split, and stock at every location', () => {
  let server: TestServer;
  let orders: Map<string, StoredOrder>;
  let items: Map<string, StoredItem[]>;
  let seller: { subject: string; token: string };

  beforeAll(async () => {
    server = await startTestServer({ sandbox: { orders: ORDERS, rateScale: 500 } });
    seller = await newUserToken('shopify-money');
    await connectSandbox(server, seller.token, 'shopify');
    const client = wsClient(server, seller.token);
    const progress = collectProgress(client);
    await new Promise((r) => setTimeout(r, 200));
    const queued = await gql(server, 'mutation { syncProvider(providerId: "shopify", scope: ORDERS_AND_INVENTORY) { id } }', {}, seller.token);
    expect(queued.errors).toBeUndefined();
    expect(await progress.ended).toMatchObject({ status: 'SUCCEEDED', processed: ORDERS });
    await client.dispose();

    const db = server.db.em.getConnection();
    const rows = await db.execute<StoredOrder[]>(
      `select o.external_id, o.status, o.item_subtotal::text, o.discounts::text, o.shipping_charged::text, o.tax::text, o.total::text,
              o.customer_city, o.customer_state, o.customer_pincode
         from orders o join users u on u.id = o.user_id where u.subject = ?`,
      [seller.subject],
    );
    orders = new Map(rows.map((r) => [r.external_id, r]));
    const lines = await db.execute<StoredItem[]>(
      `select o.external_id, i.sku, i.quantity, i.unit_price::text, i.discount::text, i.tax::text
         from order_items i join orders o on o.id = i.order_id join users u on u.id = o.user_id
        where u.subject = ? order by o.external_id, i.external_line_id`,
      [seller.subject],
    );
    items = new Map();
    for (const l of lines) items.set(l.external_id, [...(items.get(l.external_id) ?? []), l]);
  });
  afterAll(() => server.stop());

  it('stores every order at what the buyer pays now, tax apart, revenue = total − tax to the paisa', () => {
    expect(orders.size).toBe(ORDERS);
    let expected = 0;
    let stored = 0;
    for (let i = 0; i < ORDERS; i++) {
      const view = shopifyView(server.sandbox!.book.get(i));
      const o = orders.get(idOf(i))!;
      expect({ i, total: o.total, tax: o.tax }).toEqual({ i, total: rupees(view.current.total), tax: rupees(view.current.tax) });
      expect(revenueOf(o)).toBe(paise(o.total) - paise(o.tax));
      expected += view.current.total;
      stored += paise(o.total);
    }
    expect(stored).toBe(expected);
  });

  it('a partial refund, prices tax-inclusive: the fully refunded line stays with quantity 0, the amounts are the current ones', () => {
    // Order 2 (delivered, prepaid, 12 % GST inside every price): 2 × ₹806 less ₹161.20, 3 × ₹938 less ₹281.40, and
    // 1 × ₹1,099 less ₹109.90, refunded without return. What is left: ₹1,450.80 + ₹174.10 GST and ₹2,532.60 + ₹303.91 GST.
    expect(orders.get(idOf(2))).toMatchObject({
      status: 'DELIVERED',
      item_subtotal: '4426.00',
      discounts: '442.60',
      shipping_charged: '0.00',
      tax: '478.01',
      total: '4461.41',
    });
    expect(items.get(idOf(2))!.map(({ quantity, unit_price, discount, tax }) => ({ quantity, unit_price, discount, tax }))).toEqual([
      { quantity: 2, unit_price: '806.00', discount: '161.20', tax: '174.10' },
      { quantity: 3, unit_price: '938.00', discount: '281.40', tax: '303.91' },
      { quantity: 0, unit_price: '1099.00', discount: '0.00', tax: '0.00' },
    ]);
  });

  it('a partial refund, prices tax-exclusive: ₹1,240 + 12 % GST + ₹49 shipping left of ₹3,498.60', () => {
    expect(orders.get(idOf(7))).toMatchObject({
      status: 'DELIVERED',
      item_subtotal: '1240.00',
      discounts: '0.00',
      shipping_charged: '49.00',
      tax: '148.80',
      total: '1437.80',
    });
    expect(items.get(idOf(7))!.map((l) => l.quantity)).toEqual([1, 0]);
  });

  it('keeps every line of an order with more lines than come with it (the rest paged on)', () => {
    const big = server.sandbox!.book.get(49);
    expect(big.lines.length).toBeGreaterThan(SHOPIFY_QUERIES.LINES_PER_ORDER);
    expect(items.get(idOf(49))!.map((l) => l.sku)).toEqual(big.lines.map((l) => l.sku));
  });

  it('splits the GST inside a tax-inclusive shipping charge off it', () => {
    // Order 4: ₹1,993 and ₹2,217 of goods and ₹49 shipping, 12 % GST inside all three: ₹505.20 on the goods, ₹5.25 on shipping.
    expect(orders.get(idOf(4))).toMatchObject({ item_subtotal: '4210.00', shipping_charged: '43.75', tax: '510.45', total: '4764.20' });
  });

  it('reads money back apart from goods back: returned, cancelled, refunded before shipping', () => {
    expect(orders.get(idOf(44))).toMatchObject({ status: 'RETURNED', total: '0.00' });
    expect(orders.get(idOf(9))).toMatchObject({ status: 'CANCELLED', total: '0.00' });
    // Refunded in full while unfulfilled, and not cancelled: still a confirmed order, worth nothing now.
    expect(orders.get(idOf(3))).toMatchObject({ status: 'CONFIRMED', total: '0.00', tax: '0.00' });
  });

  it('keeps orders whose address Shopify withheld, without city, state or pincode', () => {
    expect(orders.get(idOf(5))).toMatchObject({ customer_city: null, customer_state: null, customer_pincode: null });
    const book = server.sandbox!.book;
    expect(orders.get(idOf(11))).toMatchObject({ customer_city: null, customer_state: book.get(11).state, customer_pincode: null });
    expect(orders.get(idOf(4))).toMatchObject({ customer_city: book.get(4).city, customer_pincode: book.get(4).pincode });
  });

  it('imports the stock of every location, more than one page of them', async () => {
    const inventory = await gql<{ inventory: Array<{ sku: string; location: string; onHand: number }> }>(
      server,
      '{ inventory { sku location onHand } }',
      {},
      seller.token,
    );
    expect(inventory.errors).toBeUndefined();
    const atLocations = inventory.data!.inventory;
    expect(SANDBOX_LOCATIONS.length).toBeGreaterThan(10);
    expect(atLocations).toHaveLength(CATALOG_SKUS.length * SANDBOX_LOCATIONS.length);
    const last = SANDBOX_LOCATIONS.at(-1)!;
    expect(atLocations.find((l) => l.sku === 'WALLET-WHT-XL' && l.location === last.name)).toMatchObject({ onHand: sandboxOnHand('WALLET-WHT-XL', last.id) });
  });

  it('records a fulfilment’s tracking number and courier as the order’s shipment', async () => {
    const res = await gql<{
      orders: { edges: Array<{ node: { externalId: string; shipments: Array<{ trackingNumber: string; carrier: string | null; status: string }> } }> };
    }>(
      server,
      '{ orders(filter: { providerId: "shopify" }, first: 100) { edges { node { externalId shipments { trackingNumber carrier status } } } } }',
      {},
      seller.token,
    );
    expect(res.errors).toBeUndefined();
    const shipped = res.data!.orders.edges.find((e) => e.node.externalId === idOf(4))!.node;
    // The sandbox's order 4 ships as Delhivery parcel 9 (parcels.ts: Shopify's order i is parcel 2i + 1).
    expect(shipped.shipments).toEqual([{ trackingNumber: parcelAwb('delhivery', 9), carrier: 'Delhivery', status: 'IN_TRANSIT' }]);
  });
});
