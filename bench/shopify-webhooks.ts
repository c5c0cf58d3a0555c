import { randomUUID } from 'node:crypto';
import { CATALOG_SKUS } from '../src/sandbox/commerce/order-book.js';
import { SANDBOX_CREDENTIALS } from '../src/sandbox/credentials.js';
import { startSandbox } from '../src/sandbox/server.js';
import { signToken } from '../src/services/token-verifier.js';
import { graphqlAs, scratchDatabase, startServerProcess } from './bench-server.js';

/**
 * `DATABASE_URL=postgres://… npm run bench:webhooks -- [deliveries] [per second]`: D signed
 * orders/create webhooks (default 200) sent at R a second (default 20, a busy sale's pace) to the
 * real server (built, its own production-mode process, ROLE=all as `npm start` runs it, on a
 * scratch database on DATABASE_URL's server), signed as Shopify signs them by the sandbox's
 * sender. Measures, per delivery, the time from sending it to its order being readable through
 * GraphQL `orders` (polled every 20 ms by one client, as a dashboard would), and the time to the
 * 200 acknowledgement; prints p50, p95, p99 and the worst, and the server's own CPU time a delivery.
 * The target: p99 < 2 s. BENCH_POLL_MS sets the polling interval, BENCH_CPU_PROF=<dir> profiles the server.
 */
const N = Number(process.argv[2] ?? 200);
const PER_SECOND = Number(process.argv[3] ?? 20);
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl || !Number.isInteger(N) || N <= 0 || !(PER_SECOND > 0)) {
  console.error('usage: DATABASE_URL=postgres://… npm run bench:webhooks -- [deliveries] [per second]');
  process.exit(2);
}
const POLL_MS = Number(process.env.BENCH_POLL_MS ?? 20);

interface OrdersPage {
  orders: { pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: Array<{ node: { externalId: string } }> };
}
const FIRST_ID = 7_000_000_000;

const scratch = await scratchDatabase(baseUrl, 'webhooks');
const sandbox = await startSandbox({ orders: 10 });
const jwtSecret = 'bench-secret-that-is-long-enough-for-hs256';
const server = await startServerProcess(scratch.url, jwtSecret, { role: 'all', env: sandbox.env });

try {
  const token = await signToken(jwtSecret, 'bench-seller');
  const ask = graphqlAs(server.url, token);
  // The sandbox's custom-app shop, with the API secret its webhooks are signed with.
  await ask('mutation($c: JSONObject!) { connectProvider(providerId: "shopify", credentials: $c) { status { state } } }', { c: SANDBOX_CREDENTIALS.shopify });

  const sentAt = new Map<string, number>();
  const visibleAt = new Map<string, number>();
  const acks: number[] = [];
  const createdAt = new Map<string, string>();
  const poller = (async () => {
    while (sentAt.size < N || visibleAt.size < N) {
      // Every page of the orders made since the oldest one not yet seen (orderedAt is when it was sent).
      const pending = [...sentAt.keys()].filter((id) => !visibleAt.has(id));
      const from = pending.length ? createdAt.get(pending[0]!)! : new Date().toISOString();
      for (let after: string | null = null; ;) {
        const page: OrdersPage = await ask<OrdersPage>(
          'query($from: DateTime, $after: String) { orders(first: 100, after: $after, filter: { from: $from }) { pageInfo { hasNextPage endCursor } edges { node { externalId } } } }',
          { from, after },
        );
        const now = performance.now();
        for (const { node } of page.orders.edges) if (sentAt.has(node.externalId) && !visibleAt.has(node.externalId)) visibleAt.set(node.externalId, now);
        if (!page.orders.pageInfo.hasNextPage) break;
        after = page.orders.pageInfo.endCursor;
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  })();
  // Awaited below; a failure must not end the process before the server is stopped.
  poller.catch(() => undefined);

  const cpuBefore = server.cpuMs();
  const uri = `${server.url}/api/webhooks/shopify`;
  const { shop, api_secret } = SANDBOX_CREDENTIALS.shopify;
  const started = performance.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < N; i++) {
    const due = started + (i * 1000) / PER_SECOND;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const id = FIRST_ID + i;
    const created = new Date().toISOString();
    const body = orderCreated(id, CATALOG_SKUS[i % CATALOG_SKUS.length]!, created);
    createdAt.set(String(id), created);
    const at = performance.now();
    sentAt.set(String(id), at);
    inflight.push(
      sandbox.shopifyWebhooks.send(uri, api_secret, 'orders/create', shop, body, { 'X-Shopify-Webhook-Id': randomUUID() }).then((status) => {
        if (status !== 200) throw new Error(`delivery ${id} answered ${status}`);
        acks.push(performance.now() - at);
      }),
    );
  }
  await Promise.all(inflight);
  await Promise.race([
    poller,
    new Promise((_, reject) => setTimeout(() => reject(new Error(`only ${visibleAt.size} of ${N} orders visible after 60 s`)), 60_000)),
  ]);

  const latencies = [...sentAt].map(([id, at]) => visibleAt.get(id)! - at);
  const wall = performance.now() - started;
  const cpu = server.cpuMs() - cpuBefore;
  console.log(`${N} orders/create deliveries at ${PER_SECOND}/s, each a new order, to the real server (ROLE=all, production mode)`);
  console.log(`webhook → order visible through GraphQL orders (polled every ${POLL_MS} ms): ${summary(latencies)}`);
  console.log(`webhook → 200 acknowledgement:                                  ${summary(acks)}`);
  console.log(
    `server CPU: ${ms(cpu / N)} a delivery (receive, write, and its share of the polling), ${Math.round((cpu / wall) * 100)} % of one core over ${ms(wall)}`,
  );
  const p99 = percentile(latencies, 0.99);
  console.log(p99 < 2000 ? `target p99 < 2 s: met (${ms(p99)})` : `target p99 < 2 s: MISSED (${ms(p99)})`);
} finally {
  await server.stop();
  await sandbox.stop();
  await scratch.drop();
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
function ms(v: number): string {
  return `${Math.round(v)} ms`;
}
function summary(values: number[]): string {
  return `p50 ${ms(percentile(values, 0.5))}, p95 ${ms(percentile(values, 0.95))}, p99 ${ms(percentile(values, 0.99))}, max ${ms(Math.max(...values))}`;
}

/** A REST orders/create body (an Indian shop, GST in the prices), as Shopify delivers it. */
function orderCreated(id: number, sku: string, at: string) {
  const set = (amount: string) => ({ shop_money: { amount, currency_code: 'INR' }, presentment_money: { amount, currency_code: 'INR' } });
  return {
    id,
    admin_graphql_api_id: `gid://shopify/Order/${id}`,
    name: `#B${id}`,
    created_at: at,
    updated_at: at,
    cancelled_at: null,
    financial_status: 'paid',
    fulfillment_status: null,
    currency: 'INR',
    payment_gateway_names: ['razorpay'],
    taxes_included: true,
    current_subtotal_price_set: set('1180.00'),
    current_total_tax_set: set('180.00'),
    current_total_price_set: set('1180.00'),
    current_shipping_price_set: set('0.00'),
    shipping_address: { city: 'Pune', province: 'Maharashtra', zip: '411001' },
    shipping_lines: [],
    refunds: [],
    fulfillments: [],
    line_items: [
      {
        id: id * 10,
        sku,
        name: sku,
        quantity: 1,
        current_quantity: 1,
        price_set: set('1180.00'),
        discount_allocations: [],
        tax_lines: [{ rate: 0.18, price_set: set('180.00') }],
      },
    ],
  };
}
