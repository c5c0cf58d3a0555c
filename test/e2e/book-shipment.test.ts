import type { Client } from 'graphql-ws';
import { sql } from 'kysely';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { doc, gql, newUserToken, startTestServer, wsClient, type TestServer } from '../support/server.js';
import { collectProgress } from '../support/sync.js';

/** The parcel book's stage time (its default): the test moves the couriers' clock by whole stages. */
const STEP_MS = 2 * 3_600_000;

const CONNECT = doc<{ connectProvider: { status: { channelAccountId: string } } }>(
  'mutation($p: ID!, $c: JSONObject!) { connectProvider(providerId: $p, credentials: $c) { status { channelAccountId } } }',
);
const SYNC = doc<{ syncProvider: { id: string } }>('mutation($p: ID!) { syncProvider(providerId: $p) { id } }');
interface OrderNode {
  id: string;
  orderNumber: string | null;
  paymentMethod: string;
  priced: boolean;
  total: { amount: string };
}
const ORDERS = doc<{ orders: { edges: Array<{ node: OrderNode }> } }>(
  'query { orders(first: 50) { edges { node { id orderNumber paymentMethod priced total { amount } } } } }',
);
interface Booked {
  id: string;
  orderId: string;
  providerId: string;
  trackingNumber: string;
  carrier: string;
  tracked: boolean;
  status: string;
  labelUrl: string | null;
  events: Array<{ status: string }>;
}
const FIELDS = 'id orderId providerId trackingNumber carrier tracked status labelUrl events { status }';
const BOOK = doc<{ bookShipment: Booked }>(
  `mutation($o: ID!, $r: ShipmentRecipientInput!, $w: Int, $a: ID) {
    bookShipment(orderId: $o, providerId: "delhivery", recipient: $r, weightGrams: $w, channelAccountId: $a) { ${FIELDS} } }`,
);
const ORDER_SHIPMENTS = doc<{ order: { shipments: Booked[] } }>(`query($id: ID!) { order(id: $id) { shipments { ${FIELDS} } } }`);

const RECIPIENT = { name: 'Asha Rao', phone: '+91 98765 43210', address: 'Flat 4B, Lake View Apartments, Indiranagar' };

/**
 * Booking a parcel with Delhivery through Sutra (issue 18: "a label generated through Sutra
 * creates one"): the seller's order goes to the sandbox's create call; the AWB and label come
 * back as the order's shipment, which tracking then moves. Refusals write nothing.
 */
describe('booking a Delhivery parcel for an order', () => {
  let shift = 0;
  let server: TestServer;
  let seller: string;
  let other: string;
  let delhiveryAccount: string;
  let orders: OrderNode[];
  const clients: Client[] = [];

  const sync = async (providerId: string, token = seller) => {
    const client = wsClient(server, token);
    clients.push(client);
    const progress = collectProgress(client);
    await new Promise((r) => setTimeout(r, 150));
    const queued = await gql(server, SYNC, { p: providerId }, token);
    expect(queued.errors).toBeUndefined();
    expect(await progress.ended).toMatchObject({ status: 'SUCCEEDED' });
  };
  const shipmentRows = async (orderId: string) =>
    (
      await sql<{ tracking_number: string; courier_account_id: string | null; weight_grams: number | null; destination_pincode: string | null }>`
        select tracking_number, courier_account_id, weight_grams, destination_pincode from shipments
        where order_id = ${orderId}::uuid and provider_id = 'delhivery'`.execute(server.db.em.getKysely())
    ).rows;
  const orderRow = async (orderId: string) =>
    (await sql<{ customer_pincode: string }>`select customer_pincode from orders where id = ${orderId}::uuid`.execute(server.db.em.getKysely())).rows[0]!;

  beforeAll(async () => {
    server = await startTestServer({
      sandbox: { orders: 20, parcels: { clock: () => new Date(Date.now() + shift) } },
    });
    seller = (await newUserToken('booking')).token;
    other = (await newUserToken('booking-other')).token;
    const connect = async (token: string, providerId: keyof typeof SANDBOX_CREDENTIALS) => {
      const res = await gql(server, CONNECT, { p: providerId, c: SANDBOX_CREDENTIALS[providerId] }, token);
      expect(res.errors).toBeUndefined();
      return res.data!.connectProvider.status.channelAccountId;
    };
    delhiveryAccount = await connect(seller, 'delhivery');
    await connect(seller, 'shopify');
    await connect(other, 'delhivery');
    await sync('shopify');
    orders = (await gql(server, ORDERS, {}, seller)).data!.orders.edges.map((e) => e.node).filter((o) => o.priced);
    expect(orders.length).toBeGreaterThan(3);
  }, 120_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server.stop();
  });

  it('books the order with Delhivery: the shipment carries the sandbox’s AWB and label, tracked by the seller’s account', async () => {
    const order = orders.find((o) => o.paymentMethod === 'COD') ?? orders[0]!;
    const res = await gql(server, BOOK, { o: order.id, r: RECIPIENT, w: 750 }, seller);
    expect(res.errors).toBeUndefined();
    const booked = res.data!.bookShipment;
    const parcel = server.sandbox!.parcels.view('delhivery', booked.trackingNumber)!.parcel;
    expect(booked).toMatchObject({ orderId: order.id, providerId: 'delhivery', carrier: 'Delhivery', tracked: true, status: 'CREATED' });
    expect(booked.labelUrl).toMatch(new RegExp(`/packing-slips/${booked.trackingNumber}\\.pdf`));
    // What Delhivery was told: the order's pincode, its amount to the paisa, collected on delivery when COD.
    const { customer_pincode } = await orderRow(order.id);
    expect(parcel).toMatchObject({ destinationPincode: customer_pincode, weightGrams: 750, cod: order.paymentMethod === 'COD' });
    expect(parcel.invoicePaise).toBe(Math.round(Number(order.total.amount) * 100));
    expect(parcel.codPaise).toBe(order.paymentMethod === 'COD' ? parcel.invoicePaise : 0);
    expect(await shipmentRows(order.id)).toEqual([
      { tracking_number: booked.trackingNumber, courier_account_id: delhiveryAccount, weight_grams: 750, destination_pincode: customer_pincode },
    ]);
    // The label link opens the PDF.
    const pdf = await fetch(booked.labelUrl!);
    expect(pdf.headers.get('content-type')).toMatch(/application\/pdf/);

    // Three stages later Delhivery has picked it up; tracking (syncProvider delhivery) moves the shipment.
    shift += 3 * STEP_MS;
    await sync('delhivery');
    const after = (await gql(server, ORDER_SHIPMENTS, { id: order.id }, seller)).data!.order.shipments.find((s) => s.id === booked.id)!;
    expect(after.status).toBe('IN_TRANSIT');
    expect(after.events.length).toBeGreaterThanOrEqual(2);
  }, 60_000);

  it('writes nothing when Delhivery refuses the booking: the same order twice, an unknown pickup location', async () => {
    const order = orders.find((o) => o.paymentMethod !== 'COD') ?? orders[1]!;
    const first = await gql(server, BOOK, { o: order.id, r: RECIPIENT }, seller);
    expect(first.errors).toBeUndefined();
    const twice = await gql(server, BOOK, { o: order.id, r: RECIPIENT }, seller);
    expect(twice.errors![0]!.message).toMatch(/Delhivery refused the booking of order .*Duplicate order id/);
    expect(await shipmentRows(order.id)).toHaveLength(1);

    // A second Delhivery account whose pickup location Delhivery has not registered.
    const unregistered = await gql(server, CONNECT, { p: 'delhivery', c: { ...SANDBOX_CREDENTIALS.delhivery, pickup_location: 'Old Warehouse' } }, seller);
    expect(unregistered.errors).toBeUndefined();
    const account = unregistered.data!.connectProvider.status.channelAccountId;
    expect(account).not.toBe(delhiveryAccount);
    const another = orders.find((o) => o.id !== order.id && o.id !== orders.find((x) => x.paymentMethod === 'COD')?.id)!;
    const refused = await gql(server, BOOK, { o: another.id, r: RECIPIENT, a: account }, seller);
    expect(refused.errors![0]!.message).toMatch(/Delhivery refused the booking .*ClientWarehouse matching query does not exist/);
    expect(await shipmentRows(another.id)).toHaveLength(0);
  }, 60_000);

  it('refuses a recipient Delhivery would not take before asking it, and writes nothing', async () => {
    const order = orders[orders.length - 1]!;
    const before = await shipmentRows(order.id);
    const hash = await gql(server, BOOK, { o: order.id, r: { ...RECIPIENT, address: '#12, 3rd Cross, Koramangala' }, a: delhiveryAccount }, seller);
    expect(hash.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'recipient.address' });
    expect(hash.errors![0]!.message).toMatch(/"#".*Delhivery does not accept/);
    const phone = await gql(server, BOOK, { o: order.id, r: { ...RECIPIENT, phone: '12345' }, a: delhiveryAccount }, seller);
    expect(phone.errors![0]!.message).toMatch(/recipient.phone must be a 10-digit Indian mobile number/);
    expect(await shipmentRows(order.id)).toEqual(before);
  });

  it('answers another seller’s order as NOT_FOUND, booking nothing', async () => {
    const order = orders[2]!;
    const before = await shipmentRows(order.id);
    const res = await gql(server, BOOK, { o: order.id, r: RECIPIENT }, other);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', field: 'orderId' });
    expect(await shipmentRows(order.id)).toEqual(before);
  });
});
