import type { Client } from 'graphql-ws';
import { sql } from 'kysely';
import { forUser } from '../../src/db/tenant-filter.js';
import { normalizeTracking } from '../../src/providers/delhivery/normalize.js';
import { trackedShipment as trackedShipmentSchema } from '../../src/providers/delhivery/payloads.js';
import { trackedShipment } from '../../src/sandbox/commerce/delhivery-parcels.js';
import { parcelAwb } from '../../src/sandbox/commerce/parcels.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { doc, gql, newUserToken, startTestServer, wsClient, type GraphQLResponse, type TestServer } from '../support/server.js';
import { collectProgress, jobEnded } from '../support/sync.js';

const ORDERS = 60;
/** The parcel book's stage time (its default): the test moves the couriers' clock by whole stages. */
const STEP_MS = 2 * 3_600_000;

const CONNECT = doc<{ connectProvider: { status: { channelAccountId: string }; push: { url: string; token: string } | null } }>(
  'mutation($p: ID!, $c: JSONObject!) { connectProvider(providerId: $p, credentials: $c) { status { channelAccountId } push { url token } } }',
);
const SYNC = doc<{ syncProvider: { id: string } }>('mutation($p: ID!) { syncProvider(providerId: $p) { id } }');

interface ShipmentNode {
  id: string;
  orderId: string | null;
  providerId: string;
  trackingNumber: string;
  carrier: string | null;
  tracked: boolean;
  status: string;
  attempts: number;
  lastAttemptReason: string | null;
  shippingCost: { amount: string } | null;
  rtoCost: { amount: string } | null;
  events: Array<{ status: string }>;
}
type ShipmentPage = { shipments: { edges: Array<{ node: ShipmentNode }>; pageInfo: { hasNextPage: boolean; endCursor: string | null } } };
const SHIPMENTS = doc<ShipmentPage>(
  `query($after: String) { shipments(first: 100, after: $after) { edges { node { id orderId providerId trackingNumber carrier tracked status attempts
    lastAttemptReason shippingCost { amount } rtoCost { amount } events { status } } } pageInfo { hasNextPage endCursor } } }`,
);
const ORDER_SHIPMENTS = doc<{ order: { shipments: Array<{ trackingNumber: string; status: string }> } }>(
  'query($id: ID!) { order(id: $id) { shipments { trackingNumber status } } }',
);
const ORDER = doc<{ order: { status: string; paymentMethod: string } }>('query($id: ID!) { order(id: $id) { status paymentMethod } }');
const TRACK = doc<{ trackShipment: ShipmentNode }>(
  'mutation($o: ID!, $n: String!) { trackShipment(orderId: $o, providerId: "delhivery", trackingNumber: $n) { id trackingNumber tracked status providerId } }',
);

interface Change {
  shipmentId: string;
  trackingNumber: string;
  status: string;
  previousStatus: string | null;
}

/**
 * The tracking engine end to end: a seller's Amazon and Shopify orders carry Delhivery and
 * Selloship AWBs (and Blue Dart's, which Sutra does not connect); the seller has connected
 * Delhivery only. The couriers' clock is the test's, moved by whole parcel stages.
 */
describe('courier tracking of the parcels of a seller’s orders', () => {
  let shift = 0;
  let server: TestServer;
  let seller: string;
  let other: string;
  let delhiveryAccount: string;
  let push: { url: string; token: string };
  let clients: Client[] = [];
  const toldSeller: Change[] = [];
  const toldOther: Change[] = [];

  const subscribe = (token: string, into: Change[]) => {
    const client = wsClient(server, token);
    clients.push(client);
    client.subscribe<{ shipmentStatusChanged: Change }>(
      { query: 'subscription { shipmentStatusChanged { shipmentId trackingNumber status previousStatus } }' },
      { next: ({ data }) => into.push(data!.shipmentStatusChanged), error: () => undefined, complete: () => undefined },
    );
    return client;
  };
  const sync = async (providerId: string) => {
    const client = wsClient(server, seller);
    clients.push(client);
    const progress = collectProgress(client);
    await new Promise((r) => setTimeout(r, 150));
    const queued = await gql(server, SYNC, { p: providerId }, seller);
    expect(queued.errors).toBeUndefined();
    expect(await progress.ended).toMatchObject({ status: 'SUCCEEDED' });
  };
  const shipments = async (token = seller): Promise<ShipmentNode[]> => {
    const all: ShipmentNode[] = [];
    let after: string | null = null;
    for (;;) {
      const res: GraphQLResponse<ShipmentPage> = await gql(server, SHIPMENTS, { after }, token);
      expect(res.errors).toBeUndefined();
      all.push(...res.data!.shipments.edges.map((e) => e.node));
      if (!res.data!.shipments.pageInfo.hasNextPage) return all;
      after = res.data!.shipments.pageInfo.endCursor;
    }
  };
  /** What Delhivery's sandbox says of an AWB now, read by Sutra's own normalizer. */
  const delhiverySays = (awb: string) => {
    const view = server.sandbox!.parcels.view('delhivery', awb)!;
    return normalizeTracking(trackedShipmentSchema.parse((trackedShipment(view) as { Shipment: unknown }).Shipment));
  };
  const ofDelhivery = (all: ShipmentNode[]) => all.filter((s) => s.carrier === 'Delhivery');
  const settle = () => new Promise((r) => setTimeout(r, 300));

  beforeAll(async () => {
    server = await startTestServer({
      sandbox: { orders: ORDERS, rateScale: 500, parcels: { clock: () => new Date(Date.now() + shift) } },
    });
    seller = (await newUserToken('tracking')).token;
    other = (await newUserToken('tracking-other')).token;
    const connect = async (token: string, providerId: keyof typeof SANDBOX_CREDENTIALS) => {
      const res = await gql(server, CONNECT, { p: providerId, c: SANDBOX_CREDENTIALS[providerId] }, token);
      expect(res.errors).toBeUndefined();
      return res.data!.connectProvider;
    };
    const delhivery = await connect(seller, 'delhivery');
    delhiveryAccount = delhivery.status.channelAccountId;
    // PUBLIC_URL names the deployment's address; the test server listens on a port of its own.
    push = { ...delhivery.push!, url: `${server.url}${new URL(delhivery.push!.url).pathname}` };
    expect(delhivery.push!.url).toMatch(new RegExp(`/api/webhooks/delhivery/${delhiveryAccount}$`));
    await connect(seller, 'amazon');
    await connect(seller, 'shopify');
    await connect(other, 'delhivery');
    subscribe(seller, toldSeller);
    subscribe(other, toldOther);
    await sync('amazon');
    await sync('shopify');
  }, 120_000);
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    clients = [];
    await server.stop();
  });

  it('makes the orders’ Delhivery AWBs shipments of the seller’s Delhivery account, and lists other carriers untracked', async () => {
    const all = await shipments();
    const delhivery = ofDelhivery(all);
    expect(delhivery.length).toBeGreaterThan(5);
    expect(new Set(delhivery.map((s) => s.providerId))).toEqual(new Set(['amazon', 'shopify']));
    expect(delhivery.every((s) => s.tracked)).toBe(true);
    const { rows } = await sql<{ courier: string | null }>`
      select courier_account_id as courier from shipments where id = any(${delhivery.map((s) => s.id)}::uuid[])`.execute(server.db.em.getKysely());
    expect(new Set(rows.map((r) => r.courier))).toEqual(new Set([delhiveryAccount]));
    // Selloship is not connected, Blue Dart is no courier of Sutra's: listed, untracked, with the carrier's name.
    const untracked = all.filter((s) => s.carrier === 'Selloship' || s.carrier === 'Blue Dart');
    expect(untracked.length).toBeGreaterThan(0);
    expect(untracked.every((s) => !s.tracked)).toBe(true);
  });

  it('registers a parcel by hand (trackShipment) for the Delhivery account to track', async () => {
    const order = (await shipments()).find((s) => s.orderId)!.orderId!;
    const res = await gql(server, TRACK, { o: order, n: parcelAwb('delhivery', 5_001) }, seller);
    expect(res.errors).toBeUndefined();
    expect(res.data!.trackShipment).toMatchObject({ trackingNumber: parcelAwb('delhivery', 5_001), tracked: true, providerId: 'delhivery', status: 'CREATED' });
    const refused = await gql(server, TRACK, { o: order, n: 'no spaces allowed' }, seller);
    expect(refused.errors![0]!.message).toMatch(/trackingNumber must be the courier's AWB/);
  });

  it('moves a parcel on a scan push, before any poll', async () => {
    // A parcel on its way (picked up, not yet closed), registered by hand: Sutra has heard nothing of it yet.
    const parcels = server.sandbox!.parcels;
    const i = parcels.find('delhivery', (v) => !v.closed && v.current.stage !== 'manifested', 6_000)!;
    const awb = parcelAwb('delhivery', i);
    const order = (await shipments()).find((s) => s.orderId)!.orderId!;
    const registered = (await gql(server, TRACK, { o: order, n: awb }, seller)).data!.trackShipment;
    expect(registered.status).toBe('CREATED');
    const expected = delhiverySays(awb).status;
    expect(expected).not.toBe('CREATED');
    const before = toldSeller.length;
    const results = await server.sandbox!.delhiveryPush.push(awb, { url: push.url, headers: { authorization: `Bearer ${push.token}` } });
    expect(results.length).toBeGreaterThan(1);
    expect(results.every((r) => r.status === 200)).toBe(true);
    // Resent, the same scans are stored once; a wrong token is refused.
    const again = await server.sandbox!.delhiveryPush.push(awb, { url: push.url, headers: { authorization: `Bearer ${push.token}` } }, { after: new Date(0) });
    expect(again.every((r) => r.status === 200 && JSON.parse(r.body).duplicate === true)).toBe(true);
    const refused = await server.sandbox!.delhiveryPush.send({ url: push.url, headers: { authorization: 'Bearer wrong' } }, {});
    expect(refused.status).toBe(401);
    const deadline = Date.now() + 20_000;
    let now: ShipmentNode | undefined;
    while (Date.now() < deadline) {
      now = (await shipments()).find((s) => s.id === registered.id);
      if (now?.status === expected && now.events.length === results.length) break;
      await settle();
    }
    expect(now).toMatchObject({ status: expected });
    expect(now!.events).toHaveLength(results.length);
    await settle();
    const told = toldSeller.slice(before).filter((c) => c.shipmentId === registered.id);
    expect(told.at(-1)).toMatchObject({ status: expected });
    for (let k = 1; k < told.length; k++) expect(told[k]!.previousStatus).toBe(told[k - 1]!.status);
  }, 60_000);

  it('moves every open parcel to what Delhivery says, telling each change once, in order, to its seller only', async () => {
    await sync('delhivery');
    const check = async () => {
      await settle();
      const tracked = (await shipments()).filter((s) => s.tracked && (s.carrier === 'Delhivery' || s.providerId === 'delhivery'));
      for (const s of tracked) expect([s.trackingNumber, s.status]).toEqual([s.trackingNumber, delhiverySays(s.trackingNumber).status]);
      return tracked;
    };
    const first = await check();
    expect(first.some((s) => s.events.length > 1)).toBe(true);
    // A day of the couriers' time later, the next poll moves them on.
    shift += 12 * STEP_MS;
    await sync('delhivery');
    const second = await check();
    expect(second.filter((s, i) => s.status !== first[i]?.status).length).toBeGreaterThan(0);

    // Each parcel's changes chain from one status to the next: none told twice, none skipped, the last as stored.
    const byShipment = new Map<string, Change[]>();
    for (const c of toldSeller) byShipment.set(c.shipmentId, [...(byShipment.get(c.shipmentId) ?? []), c]);
    for (const s of second) {
      const told = byShipment.get(s.id) ?? [];
      for (let i = 1; i < told.length; i++) expect(told[i]!.previousStatus).toBe(told[i - 1]!.status);
      if (told.length) expect(told.at(-1)!.status).toBe(s.status);
    }
    expect(toldOther).toEqual([]);
  }, 120_000);

  it('turns an RTO’d COD order to RTO with its return leg costed, and never polls a closed parcel again', async () => {
    shift += 30 * STEP_MS;
    await sync('delhivery');
    await settle();
    const all = await shipments();
    const rto = ofDelhivery(all).filter((s) => s.status === 'RTO_DELIVERED' && s.tracked && s.orderId);
    expect(rto.length).toBeGreaterThan(0);
    let sawCod = false;
    for (const s of rto) {
      const order = (await gql(server, ORDER, { id: s.orderId }, seller)).data!.order;
      expect(order.status).toBe('RTO');
      sawCod ||= order.paymentMethod === 'COD';
      expect(s.attempts).toBeGreaterThanOrEqual(2);
      expect(s.lastAttemptReason).toBeTruthy();
      expect(Number(s.rtoCost?.amount)).toBeGreaterThan(0);
    }
    expect(sawCod).toBe(true);
    const delivered = all.filter((s) => s.status === 'DELIVERED' && s.carrier === 'Delhivery' && s.orderId);
    const orders = await Promise.all(delivered.map(async (s) => (await gql(server, ORDER, { id: s.orderId }, seller)).data!.order.status));
    expect(orders).toContain('DELIVERED');
    expect(orders).not.toContain('SHIPPED');

    // Closed parcels are not asked about again: the next job sees only the open ones.
    const open = ofDelhivery(all).filter((s) => s.tracked && !['DELIVERED', 'RTO_DELIVERED', 'CANCELLED', 'LOST'].includes(s.status));
    const client = wsClient(server, seller);
    clients.push(client);
    const progress = collectProgress(client);
    await new Promise((r) => setTimeout(r, 150));
    await gql(server, SYNC, { p: 'delhivery' }, seller);
    const ended = await progress.ended;
    expect(ended.status).toBe('SUCCEEDED');
    expect(ended.total).toBe(
      open.length + (all.some((s) => s.providerId === 'delhivery' && !['DELIVERED', 'RTO_DELIVERED', 'CANCELLED', 'LOST'].includes(s.status)) ? 1 : 0),
    );
  }, 120_000);

  it('takes on the untracked parcels of a courier the seller connects later (Selloship), and tracks them', async () => {
    const before = (await shipments()).filter((s) => s.carrier === 'Selloship');
    expect(before.length).toBeGreaterThan(0);
    expect(before.every((s) => !s.tracked)).toBe(true);
    expect((await gql(server, CONNECT, { p: 'selloship', c: SANDBOX_CREDENTIALS.selloship }, seller)).errors).toBeUndefined();
    await sync('selloship');
    const after = (await shipments()).filter((s) => s.carrier === 'Selloship');
    expect(after.every((s) => s.tracked)).toBe(true);
    // The channel's word was replaced by Selloship's for at least some parcels (their scans are stored).
    expect(after.some((s) => s.events.length > 0)).toBe(true);
  }, 60_000);
});

describe('a courier account that stores no token of its own', () => {
  let server: TestServer;
  afterAll(async () => server?.stop());

  it('connects and tracks with the deployment’s DELHIVERY_API_TOKEN, which is never stored with the seller’s fields', async () => {
    server = await startTestServer({ sandbox: true, env: { DELHIVERY_API_TOKEN: SANDBOX_CREDENTIALS.delhivery.api_token } });
    const { token } = await newUserToken('tracking-default-token');
    const res = await gql(server, CONNECT, { p: 'delhivery', c: { pickup_location: SANDBOX_CREDENTIALS.delhivery.pickup_location } }, token);
    expect(res.errors).toBeUndefined();
    const account = res.data!.connectProvider.status.channelAccountId;
    const { rows } = await sql<{ user_id: string }>`select user_id from channel_accounts where id = ${account}::uuid`.execute(server.db.em.getKysely());
    const stored = await forUser(server.app.services.orm.em, rows[0]!.user_id).transactional((em) => server.app.services.credentials.read(em, account));
    expect(stored).toEqual({ pickup_location: SANDBOX_CREDENTIALS.delhivery.pickup_location });

    const order = await gql(server, doc<{ syncProvider: { id: string } }>('mutation { syncProvider(providerId: "delhivery") { id } }'), {}, token);
    expect(order.errors).toBeUndefined();
    expect(await jobEnded(server, token, order.data!.syncProvider.id)).toEqual({ status: 'SUCCEEDED', error: null });
  }, 60_000);
});

describe('the repeating tracking job', () => {
  let server: TestServer;
  afterAll(async () => server?.stop());

  it('tracks every connected courier account’s open parcels every SHIPMENT_SYNC_INTERVAL, with no one asking', async () => {
    server = await startTestServer({ sandbox: { orders: 30, rateScale: 500 }, env: { SHIPMENT_SYNC_INTERVAL: '2 seconds' } });
    const { token } = await newUserToken('tracking-schedule');
    for (const p of ['delhivery', 'amazon'] as const) expect((await gql(server, CONNECT, { p, c: SANDBOX_CREDENTIALS[p] }, token)).errors).toBeUndefined();
    const i = server.sandbox!.parcels.find('delhivery', (v) => v.current.stage === 'in_transit')!;
    const ORDERS = doc<{ orders: { edges: Array<{ node: { id: string; status: string } }> } }>('query { orders(first: 50) { edges { node { id status } } } }');
    const queued = (await gql(server, doc<{ syncProvider: { id: string } }>('mutation { syncProvider(providerId: "amazon") { id } }'), {}, token)).data!
      .syncProvider;
    expect(await jobEnded(server, token, queued.id)).toEqual({ status: 'SUCCEEDED', error: null });
    // An order not shipped yet: the courier's first scans carry it to SHIPPED.
    const order = (await gql(server, ORDERS, {}, token)).data!.orders.edges.find((e) => ['CONFIRMED', 'PACKED', 'PENDING'].includes(e.node.status))!.node.id;
    const awb = parcelAwb('delhivery', i);
    const registered = await gql(server, TRACK, { o: order, n: awb }, token);
    expect(registered.errors).toBeUndefined();
    const deadline = Date.now() + 30_000;
    let status = 'CREATED';
    while (Date.now() < deadline && status === 'CREATED') {
      await new Promise((r) => setTimeout(r, 500));
      status = (await gql(server, ORDER_SHIPMENTS, { id: order }, token)).data!.order.shipments.find((x) => x.trackingNumber === awb)!.status;
    }
    expect(status).toBe('IN_TRANSIT');
    expect((await gql(server, ORDER, { id: order }, token)).data!.order.status).toBe('SHIPPED');
  }, 60_000);
});
