import { createHash, randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { OrderBook, rupees, type BookOrder } from '../../src/sandbox/commerce/order-book.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { myntraOrderId, pushMyntraOrders } from '../../src/sandbox/myntra-push.js';
import { startSutraProcess, type SutraProcess } from '../support/process.js';
import { doc, gql, newUserToken, startTestServer, type TestServer } from '../support/server.js';
import { readAllOrders } from '../support/sync.js';

const CONNECT = doc<{ connectProvider: { channelAccount: { id: string }; push: { url: string; token: string; header: string } } }>(`mutation($c: JSONObject!) {
  connectProvider(providerId: "myntra", credentials: $c) { channelAccount { id } push { url token header } }
}`);
const PUBLIC_URL = 'https://sutra.example.com';
const REFUSED = { status: 401, body: { error: 'unknown account or wrong push token' } };

interface Connected {
  accountId: string;
  push: { url: string; token: string; header: string };
  /** The receiver on the test server (the push URL names the public address). */
  receiver: string;
}

async function connectMyntra(server: TestServer, token: string): Promise<Connected> {
  const res = await gql(server, CONNECT, { c: SANDBOX_CREDENTIALS.myntra }, token);
  if (res.errors) throw new Error(res.errors[0]!.message);
  const { channelAccount, push } = res.data!.connectProvider;
  return { accountId: channelAccount.id, push, receiver: `${server.url}${new URL(push.url).pathname}` };
}

const sql = <T>(server: TestServer, query: string, params: unknown[]) => server.db.em.getConnection().execute<T[]>(query, params);

const eventsOf = (server: TestServer, accountId: string) =>
  sql<{ id: string; status: string; error: string | null; user_id: string }>(
    server,
    'select id, status, error, user_id from webhook_events where channel_account_id = ? order by received_at',
    [accountId],
  );

async function settled(server: TestServer, eventId: string): Promise<{ status: string; error: string | null }> {
  for (let t = 0; t < 200; t++) {
    const [row] = await sql<{ status: string; error: string | null }>(server, 'select status, error from webhook_events where id = ?', [eventId]);
    if (row && row.status !== 'RECEIVED') return row;
    await sleep(50);
  }
  throw new Error(`push ${eventId} was not processed within 10 s`);
}

type PushJob = { providerId: string; trigger: string; scope: string; status: string; processed: number; created: number; error: string | null };
const HISTORY = doc<{ syncHistory: { edges: Array<{ node: PushJob }> } }>(
  '{ syncHistory { edges { node { providerId trigger scope status processed created error } } } }',
);

/** The seller's sync jobs, newest first, once none is still queued or running. */
async function finishedJobs(server: TestServer, token: string): Promise<PushJob[]> {
  for (let t = 0; t < 200; t++) {
    const jobs = (await gql(server, HISTORY, {}, token)).data!.syncHistory.edges.map((e) => e.node);
    if (jobs.every((j) => j.status === 'SUCCEEDED' || j.status === 'FAILED')) return jobs;
    await sleep(50);
  }
  throw new Error('a push job did not end within 10 s');
}

/** The stored order's money, as PostgreSQL holds it. */
const storedOrder = async (server: TestServer, accountId: string, externalId: string) =>
  (
    await sql<Record<string, string>>(
      server,
      `select item_subtotal::text as subtotal, discounts::text as discounts, shipping_charged::text as shipping, tax::text as tax, total::text as total,
         (select count(*)::int from order_items i where i.order_id = o.id) as lines
       from orders o where channel_account_id = ? and external_id = ?`,
      [accountId, externalId],
    )
  )[0];

const money = (o: BookOrder) => ({
  subtotal: rupees(o.subtotalPaise),
  discounts: rupees(o.discountPaise),
  shipping: rupees(o.shippingPaise),
  tax: rupees(o.taxPaise),
  total: rupees(o.totalPaise),
  lines: o.lines.reduce((t, l) => t + l.quantity, 0),
});

describe('Myntra pushes its orders to Sutra', () => {
  let server: TestServer;
  const book = new OrderBook({ size: 10, seed: 11 });
  const issued: string[] = [];

  beforeAll(async () => {
    server = await startTestServer({ env: { PUBLIC_URL: `${PUBLIC_URL}/` }, captureLogs: true });
  });
  afterAll(() => server.stop());

  it('connecting issues a push URL and token, once; only the token’s hash is kept, and there is nothing to pull', async () => {
    const seller = await newUserToken('myntra');
    const { accountId, push } = await connectMyntra(server, seller.token);
    issued.push(push.token);
    expect(push.url).toBe(`${PUBLIC_URL}/api/webhooks/myntra/${accountId}`);
    expect(push.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(push.header).toBe(`Authorization: Bearer ${push.token}`);
    const [row] = await sql<{ push_token_hash: string }>(server, 'select push_token_hash from channel_accounts where id = ?', [accountId]);
    expect(row!.push_token_hash).toBe(createHash('sha256').update(push.token).digest('hex'));

    const sync = await gql(server, 'mutation { syncProvider(providerId: "myntra") { id } }', {}, seller.token);
    expect(sync.errors![0]).toMatchObject({ message: 'Myntra pushes its orders to Sutra; there is nothing to pull', extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('stores one push sent three times once, as one order with the right total and lines', async () => {
    const seller = await newUserToken('myntra');
    const { accountId, push, receiver } = await connectMyntra(server, seller.token);
    issued.push(push.token);
    const order = book.get(3);
    const answers = await Promise.all([1, 2, 3].map(() => pushMyntraOrders(receiver, push.token, [order])));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    const bodies = answers.map((a) => a.body as { received: boolean; eventId: string; duplicate: boolean });
    expect(bodies.filter((b) => !b.duplicate)).toHaveLength(1);
    expect(new Set(bodies.map((b) => b.eventId)).size).toBe(1);

    expect(await settled(server, bodies[0]!.eventId)).toEqual({ status: 'PROCESSED', error: null });
    expect(await eventsOf(server, accountId)).toHaveLength(1);
    expect(await storedOrder(server, accountId, myntraOrderId(order))).toEqual(money(order));
    expect(await readAllOrders(server, seller.token, 'myntra')).toEqual({ count: 1, totalCount: 1, totalPaise: order.totalPaise, lines: money(order).lines });

    // A later push of the same orders, one of them changed since, is a new delivery; the order is updated in place.
    const again = await pushMyntraOrders(receiver, push.token, [order, book.get(4)]);
    expect(again).toMatchObject({ status: 200, body: { duplicate: false } });
    expect(await settled(server, (again.body as { eventId: string }).eventId)).toEqual({ status: 'PROCESSED', error: null });
    expect((await readAllOrders(server, seller.token, 'myntra')).count).toBe(2);

    // Each push is a sync job of its own, in the seller's history.
    const written = { providerId: 'myntra', trigger: 'WEBHOOK', scope: 'ORDERS', status: 'SUCCEEDED', error: null };
    expect(await finishedJobs(server, seller.token)).toEqual([
      { ...written, processed: 2, created: 1 },
      { ...written, processed: 1, created: 1 },
    ]);
  });

  it('answers a wrong token, another seller’s token and an unknown account with the same 401, storing nothing', async () => {
    const seller = await newUserToken('myntra');
    const other = await newUserToken('myntra-other');
    const mine = await connectMyntra(server, seller.token);
    const theirs = await connectMyntra(server, other.token);
    issued.push(mine.push.token, theirs.push.token);
    const order = [book.get(5)];
    const unknownAccount = mine.receiver.replace(mine.accountId, randomUUID());

    expect(await pushMyntraOrders(mine.receiver, `${mine.push.token.slice(0, -1)}${mine.push.token.endsWith('A') ? 'B' : 'A'}`, order)).toEqual(REFUSED);
    expect(await pushMyntraOrders(mine.receiver, theirs.push.token, order)).toEqual(REFUSED);
    expect(await pushMyntraOrders(mine.receiver, '', order)).toEqual(REFUSED);
    expect(await pushMyntraOrders(unknownAccount, mine.push.token, order)).toEqual(REFUSED);
    expect(await pushMyntraOrders(mine.receiver.replace(mine.accountId, 'not-an-id'), mine.push.token, order)).toEqual(REFUSED);

    expect(await eventsOf(server, mine.accountId)).toEqual([]);
    const [stored] = await sql<{ n: number }>(server, 'select count(*)::int as n from orders where channel_account_id = ?', [mine.accountId]);
    expect(stored!.n).toBe(0);
  });

  it('stops taking the old token once Myntra is connected again, and any token once disconnected', async () => {
    const seller = await newUserToken('myntra');
    const first = await connectMyntra(server, seller.token);
    const second = await connectMyntra(server, seller.token);
    issued.push(first.push.token, second.push.token);
    expect(second.accountId).toBe(first.accountId);
    expect(second.push.token).not.toBe(first.push.token);

    expect(await pushMyntraOrders(first.receiver, first.push.token, [book.get(6)])).toEqual(REFUSED);
    expect((await pushMyntraOrders(second.receiver, second.push.token, [book.get(6)])).status).toBe(200);

    await gql(server, 'mutation { disconnectProvider(providerId: "myntra") { state } }', {}, seller.token);
    expect(await pushMyntraOrders(second.receiver, second.push.token, [book.get(7)])).toEqual(REFUSED);
  });

  it('marks a push it cannot read FAILED with the reason, once, and refuses a body that is not JSON', async () => {
    const seller = await newUserToken('myntra');
    const { accountId, push, receiver } = await connectMyntra(server, seller.token);
    issued.push(push.token);
    const bad = await pushMyntraOrders(receiver, push.token, { raw: { orderId: 'MYN1', orderLines: [] } });
    expect(bad).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
    const event = await settled(server, (bad.body as { eventId: string }).eventId);
    const refusal = "Myntra's push is not an order Sutra understands: orders[0].status: Invalid input: expected string, received undefined";
    expect(event).toEqual({ status: 'FAILED', error: refusal });
    expect(await finishedJobs(server, seller.token)).toEqual([
      { providerId: 'myntra', trigger: 'WEBHOOK', scope: 'ORDERS', status: 'FAILED', processed: 0, created: 0, error: refusal },
    ]);
    expect(await pushMyntraOrders(receiver, push.token, { raw: '{"orderId": "MYN1", ' })).toEqual({
      status: 400,
      body: { error: 'the body is not valid JSON: at line 1, column 21, a property name in double quotes is expected, but nothing follows' },
    });
    expect(await eventsOf(server, accountId)).toHaveLength(1);
  });

  it('refuses a body over the size limit', async () => {
    const seller = await newUserToken('myntra');
    const { push, receiver } = await connectMyntra(server, seller.token);
    issued.push(push.token);
    const huge = await pushMyntraOrders(receiver, push.token, { raw: { orders: [], padding: 'x'.repeat(1_100_000) } });
    expect(huge.status).toBe(413);
  });

  // Last, over everything logged above.
  it('never logs a push token', () => {
    const logs = server.logs.join('\n');
    expect(logs).toContain('push received');
    for (const token of issued) expect({ token, found: logs.includes(token) }).toEqual({ token, found: false });
  });
});

describe('a push is answered before any job runs', () => {
  let api: TestServer;
  let worker: SutraProcess | undefined;

  beforeAll(async () => {
    // An API node without a job worker: the receiver can only store and acknowledge.
    api = await startTestServer({ env: { ROLE: 'api' } });
  });
  afterAll(async () => {
    await worker?.kill();
    await api.stop();
  });

  it('acknowledges at once, and a worker writes the order afterwards', async () => {
    const seller = await newUserToken('myntra-api');
    const { accountId, push, receiver } = await connectMyntra(api, seller.token);
    const order = new OrderBook({ size: 3, seed: 5 }).get(2);
    const started = Date.now();
    const answer = await pushMyntraOrders(receiver, push.token, [order]);
    expect(answer).toMatchObject({ status: 200, body: { received: true, duplicate: false } });
    expect(Date.now() - started).toBeLessThan(1_000);
    const [event] = await eventsOf(api, accountId);
    expect(event).toMatchObject({ status: 'RECEIVED' });
    expect(await storedOrder(api, accountId, myntraOrderId(order))).toBeUndefined();

    worker = await startSutraProcess({ ROLE: 'worker', DATABASE_URL: api.databaseUrl });
    expect(await settled(api, event!.id)).toEqual({ status: 'PROCESSED', error: null });
    expect(await storedOrder(api, accountId, myntraOrderId(order))).toEqual(money(order));
  }, 60_000);
});
