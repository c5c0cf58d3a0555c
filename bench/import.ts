import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { loadConfig } from '../src/config.js';
import { migrate } from '../src/db/migrate.js';
import { ormOptions } from '../src/db/orm-options.js';
import { ChannelAccount, ChannelType, SyncJob, SyncScope, SyncTrigger, User } from '../src/domain/index.js';
import { createLogger } from '../src/logger.js';
import { getProviderModule } from '../src/providers/registry.js';
import type { CommonOrder, OrderPage } from '../src/providers/types.js';
import { SANDBOX_CREDENTIALS, sandboxEnv } from '../src/sandbox/credentials.js';
import { CredentialService } from '../src/services/credential-service.js';
import { newKeyEntry, parseKeyring } from '../src/services/credential-vault.js';
import { mergeParts } from '../src/services/order-assembly.js';
import { HOLDING } from '../src/services/stock-reservations.js';
import { commitPage } from '../src/services/sync/commit.js';
import { ordersHandler } from '../src/services/sync/handlers/orders.js';
import { writeBatches } from '../src/services/write-batches.js';
import { scratchDatabase } from './bench-server.js';
import { processCpuSeconds } from './proc-cpu.js';
import { startFlags } from './start-flags.js';
import type { MemoryShares, WorkerReport } from './sync-worker.js';

/**
 * `npm run bench:import -- [N]`: imports N orders (2–3 lines each) from the sandbox's Flipkart
 * API, with Flipkart's real call pattern (every search, the cancelled search per cancellation
 * type, the returns API, a details call per ≤ 100 shipments), into a scratch database on
 * DATABASE_URL's server. Three processes: the sandbox, the syncing process (bench/sync-worker,
 * a Sutra worker as deployed, ROLE=worker, running the job) and this one, which sets up and compares.
 *
 * 1. The figures that count: the syncing process's own end-to-end rate (sandbox HTTP → rows)
 *    and peak RSS, where that memory goes (V8's young and old generations, what is live, what
 *    is outside V8's heap, once booted and at the peak), with the CPU each process used meanwhile.
 * 2. Separately, in this process: the same pages fetched again untimed, then their page commits
 *    timed alone, and PostgreSQL's COPY of the rows they become (one row per order: the
 *    parts of an order are merged first), the ceiling persistence is compared with.
 *
 * Each run has a seller of its own, so no key (shipment ids, AWBs) is shared between them.
 * The sandbox's usage plans are lifted: this measures Sutra. The syncing process runs with the
 * node flags `npm start` gives (bench/start-flags.ts); BENCH_WORKER_FLAGS adds node
 * flags to it (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"), and
 * BENCH_SANDBOX_FLAGS to the sandbox's; BENCH_MEMORY_TRACE=1 has the syncing process print its
 * memory every second.
 */
const N = Number(process.argv[2] ?? 20_000);
const provider = 'flipkart';
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl || !Number.isInteger(N) || N < 1) {
  console.error('usage: DATABASE_URL=postgres://… npm run bench:import -- [orders]');
  process.exit(2);
}

const log = createLogger({ level: 'warn', pretty: false });
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
const flags = (name: string) => (process.env[name] ?? '').split(' ').filter(Boolean);
const cores = availableParallelism();
// As deployed, plus --expose-gc for one full collection after the run, to tell live memory from garbage.
const workerFlags = [...startFlags(), '--expose-gc', ...flags('BENCH_WORKER_FLAGS')];

// A database of its own, dropped afterwards: the benchmark never touches real rows.
const scratch = await scratchDatabase(baseUrl, 'import');
const url = new URL(scratch.url);
const sandbox = await startSandboxProcess(N);
const orm = await MikroORM.init(ormOptions({ url: url.toString(), poolMax: 4 }));
const spool = await mkdtemp(join(tmpdir(), 'sutra-bench-'));

try {
  await migrate(orm, log);
  const env = { ...sandbox.env, DATABASE_URL: url.toString(), JWT_SECRET: 'x'.repeat(32), CREDENTIALS_KEYS: newKeyEntry('bench'), NODE_ENV: 'production' };
  const config = loadConfig(env);
  const credentials = new CredentialService(parseKeyring(config.credentialsKeys!));
  const em = orm.em.fork();
  const seller = (name: string) => {
    const user = em.create(User, { subject: `bench-${name}-${randomUUID()}` });
    const account = em.create(ChannelAccount, { user, providerId: provider, channelType: ChannelType.FLIPKART, externalId: name, displayName: name });
    const job = em.create(SyncJob, {
      user,
      providerId: provider,
      channelAccount: account,
      scope: SyncScope.ORDERS,
      trigger: SyncTrigger.MANUAL,
      since: new Date(0),
    });
    return { user, account, job };
  };
  const [e2e, persist, copyTo] = [seller('e2e'), seller('persist'), seller('copy')];
  await em.flush();
  await credentials.save(em.fork(), {
    userId: e2e.user.id,
    providerId: provider,
    channelAccountId: e2e.account.id,
    fields: { ...SANDBOX_CREDENTIALS.flipkart },
  });

  // 1. End to end, in the syncing process of its own.
  const sandboxCpu = processCpuSeconds(sandbox.pid);
  const worker = await runWorker(e2e.job.id, e2e.user.id, env);
  const sandboxSeconds = processCpuSeconds(sandbox.pid) - sandboxCpu;
  const [done] = await orm.em
    .getConnection()
    .execute<Array<{ processed: number; status: string; error: string | null }>>('select processed, status, error from sync_jobs where id = ?', [e2e.job.id]);
  if (done?.status !== 'SUCCEEDED' || done.processed !== N) throw new Error(`the sync did not import ${N} orders: ${JSON.stringify(done)}`);

  // 2. The same pages again, all fetched first (so no fetching runs beside the commits): their
  // commits timed alone, and the orders they hold merged part by part for COPY.
  const session = { credentials: { ...SANDBOX_CREDENTIALS.flipkart }, since: new Date(0), firstSyncFrom: new Date(0), endpoints: config.providers, log };
  const target = { userId: persist.user.id, channelAccountId: persist.account.id, providerId: provider };
  const batches: OrderPage[] = [];
  for await (const page of writeBatches(getProviderModule(provider)!.commerce!.pages(session))) batches.push(page);
  const merged = new Map<string, CommonOrder>();
  let persistence = 0;
  for (let page = batches.shift(); page; page = batches.shift()) {
    const started = process.hrtime.bigint();
    await commitPage(orm, ordersHandler, { jobId: persist.job.id, target }, page);
    persistence += seconds(started);
    for (const part of page.orders) {
      const before = merged.get(part.externalId);
      merged.set(part.externalId, before ? mergeParts([before, part])[0]! : part);
    }
  }
  if (merged.size !== N) throw new Error(`the pages held ${merged.size} orders, not ${N}`);
  const copyTarget = { userId: copyTo.user.id, channelAccountId: copyTo.account.id, providerId: provider };
  const files = {
    orders: join(spool, 'orders.csv'),
    items: join(spool, 'items.csv'),
    reservations: join(spool, 'reservations.csv'),
    shipments: join(spool, 'shipments.csv'),
  };
  const rows = await spoolRows(merged.values(), copyTarget, files);
  const copy = await copyRows(url.toString(), files);

  const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
  const perSecond = (s: number) => `${Math.round(N / s).toLocaleString('en-US')} orders/s`;
  const count = (n: number) => n.toLocaleString('en-US');
  console.log(
    `orders ${count(N)}: order lines ${count(rows.items)}, shipments ${count(rows.shipments)}, reservations ${count(rows.reservations)}` +
      ' (Flipkart via the sandbox in its own process, usage plans lifted)',
  );
  console.log(`the syncing process (bench/sync-worker: a Sutra worker, ROLE=worker, running the job; node ${workerFlags.join(' ')}):`);
  console.log(`  end to end (sandbox HTTP → rows)   ${worker.seconds.toFixed(2)} s   ${perSecond(worker.seconds)}`);
  console.log(`  peak RSS                           ${mib(worker.peakRss)}`);
  // The RSS split as V8 and the kernel tell it: once booted (the code a worker loads), and at the highest sample.
  const share = (label: string, f: (m: MemoryShares) => number) =>
    console.log(`    ${label.padEnd(40)}${mib(f(worker.ready)).padStart(8)}   ${mib(f(worker.atPeak)).padStart(8)}`);
  console.log(`  where it goes                               booted    at peak`);
  share('RSS', (m) => m.rss);
  share('V8 young generation (reserved)', (m) => m.young);
  share('V8 old generation, code (reserved)', (m) => m.old);
  share('  V8 heap in use (live or garbage)', (m) => m.heapUsed);
  share("outside V8's heap (Node's code, malloc)", (m) => m.outside);
  share('  of it Buffers', (m) => m.arrayBuffers);
  console.log(`    ${"  of it the node executable's code".padEnd(40)}${mib(worker.nodeBinary).padStart(8)}   (read after the run: it hardly moves)`);
  console.log(`    V8 heap live after the sync (full GC) ${mib(worker.liveAfter)}; most in use at any sample ${mib(worker.peakHeapUsed)}`);
  console.log(
    `  CPU meanwhile                      syncing process ${worker.cpuSeconds.toFixed(2)} s, sandbox ${sandboxSeconds.toFixed(2)} s,` +
      ` PostgreSQL ${worker.databaseCpuSeconds.toFixed(2)} s (${cores} cores: ${(cores * worker.seconds).toFixed(2)} s available)`,
  );
  // What the three together cost per order bounds the rate on this machine, however well they overlap.
  const cpuPerOrder = (worker.cpuSeconds + sandboxSeconds + worker.databaseCpuSeconds) / N;
  console.log(
    `  CPU per order                      ${(cpuPerOrder * 1000).toFixed(2)} ms: at most ${Math.round(cores / cpuPerOrder).toLocaleString('en-US')} orders/s` +
      ` on ${cores} idle cores; PostgreSQL's share alone (one transaction at a time)` +
      ` at most ${Math.round(N / worker.databaseCpuSeconds).toLocaleString('en-US')} orders/s`,
  );
  console.log(`separately, in the bench process: the same pages fetched again untimed, then`);
  console.log(`  persistence alone (page commits)   ${persistence.toFixed(2)} s   ${perSecond(persistence)}`);
  console.log(`  PostgreSQL COPY of the same rows   ${copy.toFixed(2)} s   ${perSecond(copy)}   (one row per order, its parts merged)`);
  console.log(`  persistence / COPY                 ${(persistence / copy).toFixed(2)}×`);
  console.log(
    `headline: end to end ${perSecond(worker.seconds)}, syncing process peak RSS ${mib(worker.peakRss)}; persistence ${(persistence / copy).toFixed(2)}× COPY`,
  );
} finally {
  await orm.close();
  await sandbox.stop();
  await scratch.drop();
  await rm(spool, { recursive: true, force: true });
}

/** The syncing process: forked with Sutra's environment, it runs the job and reports on itself. */
async function runWorker(jobId: string, userId: string, env: Record<string, string>): Promise<WorkerReport> {
  const child = fork(fileURLToPath(new URL('./sync-worker.js', import.meta.url)), [jobId, userId], {
    env: {
      PATH: process.env.PATH ?? '',
      BENCH_MEMORY_TRACE: process.env.BENCH_MEMORY_TRACE ?? '',
      BENCH_ALLOC_PROFILE: process.env.BENCH_ALLOC_PROFILE ?? '',
      BENCH_ALLOC_PROFILE_OLD: process.env.BENCH_ALLOC_PROFILE_OLD ?? '',
      ...env,
    },
    execArgv: workerFlags,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<WorkerReport>((resolve, reject) => {
    let report: WorkerReport | undefined;
    child.once('message', (m) => (report = m as WorkerReport));
    child.once('exit', (code) => (report && code === 0 ? resolve(report) : reject(new Error(`the syncing process exited with ${code}`))));
  });
}

/**
 * The sandbox in its own process: its JSON work runs on the other core, as a real provider's
 * would run elsewhere, and is not counted in the syncing process's figures.
 */
async function startSandboxProcess(orders: number): Promise<{ env: Record<string, string>; pid: number; stop(): Promise<void> }> {
  const child: ChildProcess = fork(fileURLToPath(new URL('../src/sandbox/cli.js', import.meta.url)), ['--port', '0'], {
    env: { ...process.env, SANDBOX_ORDERS: String(orders), SANDBOX_RATE_SCALE: '1000000' },
    execArgv: flags('BENCH_SANDBOX_FLAGS'),
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const found = /on (http:\/\/[^ ]+) /.exec(line);
      if (found) resolve(found[1]!);
    });
  });
  return { env: sandboxEnv(url), pid: child.pid!, stop: () => new Promise((resolve) => (child.once('exit', () => resolve()), child.kill())) };
}

type Table = 'orders' | 'items' | 'reservations' | 'shipments';

/**
 * CSV lines for the rows the orders become: the order, its lines, a reservation per line waiting
 * to ship from the seller's stock (no stock is read here, so it waits with no warehouse), its shipments. The values are the merged copy's as they are (persistence
 * recomputes an order's status and totals from its lines in SQL); COPY is timed, not compared.
 */
async function spoolRows(
  orders: Iterable<CommonOrder>,
  t: { userId: string; channelAccountId: string; providerId: string },
  files: Record<Table, string>,
): Promise<Record<Table, number>> {
  const out = {
    orders: createWriteStream(files.orders),
    items: createWriteStream(files.items),
    reservations: createWriteStream(files.reservations),
    shipments: createWriteStream(files.shipments),
  };
  const rows = { orders: 0, items: 0, reservations: 0, shipments: 0 };
  const q = (v: string | undefined | null) => (v === undefined || v === null ? '' : `"${v.replace(/"/g, '""')}"`);
  const n = (v: string | number | undefined | null) => (v === undefined || v === null ? '' : String(v));
  const write = (table: Table, fields: Array<string | number>) => {
    out[table].write(fields.join(',') + '\n');
    rows[table]++;
  };
  const now = new Date().toISOString();
  for (const o of orders) {
    const orderId = randomUUID();
    const updatedAt = o.updatedAt.toISOString();
    write('orders', [
      orderId,
      t.userId,
      t.channelAccountId,
      t.providerId,
      q(o.externalId),
      q(o.orderNumber),
      o.status,
      q(o.rawStatus),
      o.paymentMethod,
      o.currency,
      o.orderedAt.toISOString(),
      updatedAt,
      n(o.itemSubtotal),
      n(o.discounts),
      n(o.shippingCharged),
      n(o.tax),
      n(o.total),
      '',
      q(o.customer.city),
      q(o.customer.state),
      q(o.customer.pincode),
      now,
      now,
    ]);
    for (const i of o.items) {
      const itemId = randomUUID();
      const status = i.status ?? o.status;
      write('items', [
        itemId,
        t.userId,
        orderId,
        q(i.externalLineId),
        q(i.sku),
        q(i.title),
        i.quantity,
        n(i.unitPrice),
        n(i.discount),
        n(i.tax),
        n(i.status),
        q(i.rawStatus),
        n(i.shipping),
        updatedAt,
      ]);
      if (HOLDING.includes(status) && o.fulfilledBy !== 'CHANNEL') write('reservations', [randomUUID(), t.userId, itemId, '', q(i.sku), i.quantity, '', now]);
    }
    for (const s of o.shipments ?? []) {
      write('shipments', [
        randomUUID(),
        t.userId,
        orderId,
        t.providerId,
        q(s.externalId),
        q(s.trackingNumber),
        q(s.carrier),
        s.status,
        q(s.rawStatus),
        o.currency,
        now,
        now,
      ]);
    }
  }
  await Promise.all(Object.values(out).map((s) => new Promise((r) => s.end(r))));
  return rows;
}

/**
 * COPY of the spooled rows into the real tables (under a seller of its own, so no key
 * collides): the same indexes and foreign keys the page commits maintain. PostgreSQL's ceiling.
 */
async function copyRows(connectionString: string, files: Record<Table, string>): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const started = process.hrtime.bigint();
    const tables: Array<[string, string, string]> = [
      [
        'orders',
        files.orders,
        '(id, user_id, channel_account_id, provider_id, external_id, order_number, status, raw_status, payment_method, currency,' +
          ' ordered_at, source_updated_at, item_subtotal, discounts, shipping_charged, tax, total, channel_fees,' +
          ' customer_city, customer_state, customer_pincode, created_at, updated_at)',
      ],
      [
        'order_items',
        files.items,
        '(id, user_id, order_id, external_line_id, sku, title, quantity, unit_price, discount, tax, status, raw_status, shipping, source_updated_at)',
      ],
      ['inventory_reservations', files.reservations, '(id, user_id, order_item_id, warehouse_id, sku, quantity, released_at, created_at)'],
      [
        'shipments',
        files.shipments,
        '(id, user_id, order_id, provider_id, external_id, tracking_number, carrier, status, raw_status, currency, created_at, updated_at)',
      ],
    ];
    for (const [table, file, columns] of tables) {
      await pipeline(createReadStream(file), client.query(copyFrom(`copy ${table} ${columns} from stdin with (format csv)`)));
    }
    return seconds(started);
  } finally {
    await client.end();
  }
}
