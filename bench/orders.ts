import pg from 'pg';
import { signToken } from '../src/services/token-verifier.js';
import { graphqlAs, scratchDatabase, startServerProcess } from './bench-server.js';
import { processCpuSeconds } from './proc-cpu.js';

/**
 * `DATABASE_URL=postgres://… npm run bench:orders -- [orders] [requests] [concurrency]`:
 * a seller with N orders (default 20,000, 2–3 lines each, written straight in SQL), and
 * the real server (built, in its own production-mode process, on a scratch database on
 * DATABASE_URL's server) asked `orders(first: 50)` with its lines by C concurrent clients
 * (default 50). Prints p50/p95/p99 of the answer time, requests/s, the server's own CPU
 * time per request (what a busy machine does not distort), the CPU PostgreSQL and the load
 * generator took from the same two cores, and the server's RSS after the run and at its
 * peak, then the same with totalCount asked for too.
 * BENCH_CPU_PROF=<dir> profiles the server.
 */
const N = Number(process.argv[2] ?? 20_000);
const REQUESTS = Number(process.argv[3] ?? 2_000);
const CONCURRENCY = Number(process.argv[4] ?? 50);
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl || ![N, REQUESTS, CONCURRENCY].every((n) => Number.isInteger(n) && n > 0)) {
  console.error('usage: DATABASE_URL=postgres://… npm run bench:orders -- [orders] [requests] [concurrency]');
  process.exit(2);
}

const PAGE = `query($after: String) { orders(first: 50, after: $after) {
  pageInfo { hasNextPage endCursor }
  edges { cursor node { id orderNumber status paymentMethod orderedAt priced total { amount currencyCode }
    items { sku title quantity unitPrice { amount currencyCode } } } } } }`;
const PAGE_WITH_COUNT = PAGE.replace('pageInfo {', 'totalCount pageInfo {');
/** The part of an `orders` answer the benchmark looks at. */
interface OrdersAnswer {
  orders: { totalCount?: number; pageInfo: { endCursor: string | null }; edges: Array<{ node: { items: unknown[] } }> };
}

const scratch = await scratchDatabase(baseUrl, 'orders');
const { admin, name: dbName } = scratch;
const secret = 'bench-secret-that-is-long-enough-for-hs256';
const server = await startServerProcess(scratch.url, secret, { role: 'api' });

try {
  const token = await signToken(secret, 'bench-seller');
  const ask = (query: string, variables: Record<string, unknown> = {}) => graphqlAs(server.url, token)<OrdersAnswer>(query, variables);
  await ask('{ channelAccounts { id } }'); // creates the seller
  let started = performance.now();
  await seed(scratch.url, N);
  console.log(`seeded ${N.toLocaleString('en-US')} orders in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const first = await ask(PAGE_WITH_COUNT);
  if (first.orders.totalCount !== N || first.orders.edges.length !== 50 || !first.orders.edges[0]!.node.items.length)
    throw new Error('the seeded orders are not what the API returns');
  // Cursors spread over the whole book, so pages come from everywhere, not one cached spot.
  const cursors: Array<string | null> = [null];
  for (let after: string | null = first.orders.pageInfo.endCursor; cursors.length < 40 && after;) {
    cursors.push(after);
    const page = await ask(PAGE, { after });
    after = page.orders.pageInfo.endCursor;
    for (let skip = 0; skip < Math.floor(N / 50 / 40) - 1 && after; skip++)
      after = (await ask('query($after: String) { orders(first: 50, after: $after) { pageInfo { endCursor } } }', { after })).orders.pageInfo.endCursor;
  }

  // The load itself only reads the answers (the first page was checked above): the client's
  // own JSON parsing would take CPU from the server on a 2-core machine.
  const fetchOnly = async (query: string, variables: Record<string, unknown>) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const text = await res.text();
    if (res.status !== 200 || text.startsWith('{"errors"')) throw new Error(`the server answered ${res.status}: ${text.slice(0, 200)}`);
  };
  for (const [label, query] of [
    ['orders(first: 50) with items', PAGE],
    ['the same with totalCount', PAGE_WITH_COUNT],
  ] as const) {
    await load(fetchOnly, query, cursors, 200); // warm-up
    const peakBefore = server.rss().peak;
    const cpuBefore = { server: server.cpuMs(), postgres: await backendCpuMs(), client: process.cpuUsage() };
    started = performance.now();
    const times = await load(fetchOnly, query, cursors, REQUESTS);
    const seconds = (performance.now() - started) / 1000;
    const cpuPerRequest = (server.cpuMs() - cpuBefore.server) / REQUESTS;
    const postgresPerRequest = sumSince(cpuBefore.postgres, await backendCpuMs()) / REQUESTS;
    const client = process.cpuUsage(cpuBefore.client);
    const clientPerRequest = (client.user + client.system) / 1000 / REQUESTS;
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))]!.toFixed(0);
    const rss = server.rss();
    console.log(`${label}: ${REQUESTS} requests, concurrency ${CONCURRENCY}, ${Math.round(REQUESTS / seconds)} requests/s`);
    console.log(
      `  p50 ${at(0.5)} ms   p95 ${at(0.95)} ms   p99 ${at(0.99)} ms   max ${times.at(-1)!.toFixed(0)} ms` +
        `   (server CPU ${cpuPerRequest.toFixed(1)} ms per request)`,
    );
    console.log(`  the same two cores, per request: PostgreSQL ${postgresPerRequest.toFixed(1)} ms, this load generator ${clientPerRequest.toFixed(1)} ms`);
    console.log(`  server RSS ${mib(rss.now)} MiB after the run, peak ${mib(Math.max(rss.peak, peakBefore))} MiB`);
  }
} finally {
  await server.stop();
  await scratch.drop();
}

/** CPU ms so far of each PostgreSQL backend connected to the bench's database (the server's pool). */
async function backendCpuMs(): Promise<Map<number, number>> {
  const { rows } = await admin.query<{ pid: number }>('select pid from pg_stat_activity where datname = $1', [dbName]);
  return new Map(rows.map(({ pid }) => [pid, processCpuSeconds(pid) * 1000]));
}

/** The CPU the backends used between two readings (one that opened meanwhile counts from zero). */
function sumSince(before: Map<number, number>, after: Map<number, number>): number {
  let ms = 0;
  for (const [pid, now] of after) ms += now - (before.get(pid) ?? 0);
  return ms;
}

function mib(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(0);
}

/** `requests` requests, CONCURRENCY at a time; each one's answer time in ms. */
async function load(
  ask: (q: string, v: Record<string, unknown>) => Promise<unknown>,
  query: string,
  cursors: Array<string | null>,
  requests: number,
): Promise<number[]> {
  const times: number[] = [];
  let next = 0;
  const client = async () => {
    while (next < requests) {
      const i = next++;
      const t = performance.now();
      await ask(query, { after: cursors[i % cursors.length] });
      times.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, client));
  return times;
}

/** The seller's orders and their lines, in two statements. */
async function seed(databaseUrl: string, n: number): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query('begin');
    const { rows } = await db.query<{ id: string }>(`select id from users where subject = 'bench-seller'`);
    const userId = rows[0]!.id;
    await db.query(
      `insert into channel_accounts (id, user_id, provider_id, channel_type, external_id, display_name, connected, created_at, updated_at)
       values (gen_random_uuid(), $1, 'flipkart', 'FLIPKART', 'bench', 'Flipkart · bench', true, now(), now())`,
      [userId],
    );
    await db.query(
      `insert into orders (id, user_id, channel_account_id, provider_id, external_id, order_number, status, raw_status, payment_method, currency,
         ordered_at, source_updated_at, item_subtotal, discounts, shipping_charged, tax, total,
         customer_city, customer_state, customer_pincode, created_at, updated_at)
       select gen_random_uuid(), $1, (select id from channel_accounts where user_id = $1), 'flipkart', 'OD' || g, 'OD' || g,
         (array['CONFIRMED','SHIPPED','DELIVERED','CANCELLED'])[1 + g % 4]::order_status, 'APPROVED',
         (array['PREPAID','COD'])[1 + g % 2]::payment_method, 'INR',
         now() - g * interval '3 minutes', now(), 1000 + g % 500, 0, 40, 180, 1220 + g % 500, 'Pune', 'Maharashtra', '411001', now(), now()
       from generate_series(1, $2::int) g`,
      [userId, n],
    );
    await db.query(
      `insert into order_items (id, user_id, order_id, external_line_id, sku, title, quantity, unit_price, discount, tax,
         status, raw_status, shipping, source_updated_at)
       select gen_random_uuid(), o.user_id, o.id, o.external_id || '-' || l, 'SKU-' || (l * 7 + length(o.external_id)),
         'Cotton kurta, size ' || l, 1 + l % 2, 499.50, 0, 60, o.status, o.raw_status, 0, now()
       from orders o cross join generate_series(1, 3) l
       where o.user_id = $1 and (l < 3 or right(o.external_id, 1) in ('0', '2', '4', '6', '8'))`,
      [userId],
    );
    await db.query('commit');
    await db.query('analyze orders; analyze order_items');
  } finally {
    await db.end();
  }
}
