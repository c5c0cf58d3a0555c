import 'reflect-metadata';
import { fork } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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
import { ChannelAccount, ChannelType, OrderStatus, SyncJob, SyncScope, SyncTrigger, User } from '../src/domain/index.js';
import { createEventBus } from '../src/graphql/pubsub.js';
import { createAgenda } from '../src/jobs/agenda.js';
import { createLogger } from '../src/logger.js';
import { getProviderModule } from '../src/providers/registry.js';
import type { CommonOrder } from '../src/providers/types.js';
import { SANDBOX_CREDENTIALS, sandboxEnv } from '../src/sandbox/credentials.js';
import { CredentialService } from '../src/services/credential-service.js';
import { newKeyEntry, parseKeyring } from '../src/services/credential-vault.js';
import { defaultWarehouseId } from '../src/services/order-persistence.js';
import { commitPage, SyncEngine } from '../src/services/sync-engine.js';
import { writeBatches } from '../src/services/write-batches.js';

/**
 * `npm run bench:import -- [N]`: imports N orders (2–3 lines each) from the sandbox's
 * Flipkart API into a scratch database on DATABASE_URL's server, and prints in one run:
 * end to end (sandbox HTTP → rows, the sync engine itself), the persistence step alone (the
 * same pages through the engine's page commit), PostgreSQL's COPY of the same rows into the
 * same tables, their
 * ratio, and peak RSS. The sandbox's usage plans are lifted: this measures Sutra.
 */
const N = Number(process.argv[2] ?? 20_000);
const provider = 'flipkart';
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl || !Number.isInteger(N) || N < 1) {
  console.error('usage: DATABASE_URL=postgres://… npm run bench:import -- [orders]');
  process.exit(2);
}

const log = createLogger({ level: 'warn', pretty: false });
let peakRss = 0;
const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;

// A database of its own, dropped afterwards: the benchmark never touches real rows.
const admin = new pg.Client({ connectionString: baseUrl });
await admin.connect();
const dbName = `sutra_bench_${Date.now()}`;
await admin.query(`create database "${dbName}"`);
const url = new URL(baseUrl);
url.pathname = `/${dbName}`;
const sandbox = await startSandboxProcess(N);
const orm = await MikroORM.init(ormOptions({ url: url.toString(), poolMax: 4 }));
const spool = await mkdtemp(join(tmpdir(), 'sutra-bench-'));

try {
  await migrate(orm, log);
  const config = loadConfig({ ...sandbox.env, DATABASE_URL: url.toString(), JWT_SECRET: 'x'.repeat(32), CREDENTIALS_KEYS: newKeyEntry('bench') });
  const credentials = new CredentialService(parseKeyring(config.credentialsKeys!));
  const em = orm.em.fork();
  const user = em.create(User, { subject: `bench-${randomUUID()}` });
  const account = (externalId: string) => em.create(ChannelAccount, { user, providerId: provider, channelType: ChannelType.FLIPKART, externalId, displayName: externalId });
  const [e2eAccount, persistAccount, copyAccount] = [account('bench-e2e'), account('bench-persist'), account('bench-copy')];
  const job = em.create(SyncJob, { user, providerId: provider, channelAccount: e2eAccount, scope: SyncScope.ORDERS, trigger: SyncTrigger.MANUAL, since: new Date(0) });
  await em.flush();
  await credentials.save(em.fork(), { userId: user.id, providerId: provider, channelAccountId: e2eAccount.id, fields: { ...SANDBOX_CREDENTIALS.flipkart } });
  const warehouseId = await defaultWarehouseId(em.fork(), user.id);

  // 1. End to end: the sync engine's own run of a job.
  const bus = createEventBus();
  const scheduler = createAgenda({ databaseUrl: url.toString(), embedded: false, name: 'bench', log });
  const { agenda } = scheduler;
  await agenda.ready;
  const engine = new SyncEngine({ orm, agenda, credentials, events: bus.pubsub, config, log });
  let started = process.hrtime.bigint();
  await engine.run(job.id, async () => undefined);
  const endToEnd = seconds(started);
  await scheduler.close({ processing: false, drainMs: 0 });
  const [done] = await orm.em.getConnection().execute<{ processed: number; status: string }[]>('select processed, status from sync_jobs where id = ?', [job.id]);
  if (done?.status !== 'SUCCEEDED' || done.processed !== N) throw new Error(`the sync did not import ${N} orders: ${JSON.stringify(done)}`);

  // 2. and 3. The same pages again, fetched untimed: their commit timed alone, and their rows
  // spooled to CSV files for COPY.
  const session = { credentials: { ...SANDBOX_CREDENTIALS.flipkart }, since: new Date(0), firstSyncFrom: new Date(0), endpoints: config.providers, log };
  const target = { userId: user.id, channelAccountId: persistAccount.id, providerId: provider, warehouseId };
  const files = { orders: join(spool, 'orders.csv'), items: join(spool, 'items.csv'), reservations: join(spool, 'reservations.csv') };
  const csv = { orders: createWriteStream(files.orders), items: createWriteStream(files.items), reservations: createWriteStream(files.reservations) };
  let persistence = 0;
  let rows = { orders: 0, items: 0, reservations: 0 };
  for await (const page of writeBatches(getProviderModule(provider)!.commerce!.pages(session))) {
    started = process.hrtime.bigint();
    await commitPage(orm, target, job.id, page, new Set());
    persistence += seconds(started);
    rows = spoolRows(page.orders, { ...target, channelAccountId: copyAccount.id }, csv, rows);
  }
  await Promise.all(Object.values(csv).map((s) => new Promise((r) => s.end(r))));

  const copy = await copyRows(url.toString(), files);
  const ratio = persistence / copy;
  clearInterval(rssTimer);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);

  const perSecond = (s: number) => Math.round(N / s).toLocaleString('en-US');
  console.log(`orders ${N.toLocaleString('en-US')}, order lines ${rows.items.toLocaleString('en-US')}, reservations ${rows.reservations.toLocaleString('en-US')} (provider: ${provider} via the sandbox, usage plans lifted)`);
  console.log(`end to end (sandbox HTTP → rows)   ${endToEnd.toFixed(2)} s   ${perSecond(endToEnd)} orders/s`);
  console.log(`persistence alone (page commits)   ${persistence.toFixed(2)} s   ${perSecond(persistence)} orders/s`);
  console.log(`PostgreSQL COPY of the same rows   ${copy.toFixed(2)} s   ${perSecond(copy)} orders/s`);
  console.log(`persistence / COPY                 ${ratio.toFixed(2)}×`);
  console.log(`peak RSS                           ${(peakRss / 1024 / 1024).toFixed(0)} MiB`);
  console.log(`headline: end-to-end ${perSecond(endToEnd)} orders/s; persistence ${ratio.toFixed(2)}× COPY`);
  await bus.close();
} finally {
  clearInterval(rssTimer);
  await orm.close();
  await sandbox.stop();
  await admin.query(`drop database if exists "${dbName}" with (force)`);
  await admin.end();
  await rm(spool, { recursive: true, force: true });
}

/**
 * The sandbox in its own process: peak RSS then measures Sutra alone, and the sandbox's JSON
 * work runs on the other core, as a real provider's would run elsewhere.
 */
async function startSandboxProcess(orders: number): Promise<{ env: Record<string, string>; stop(): Promise<void> }> {
  const child = fork(fileURLToPath(new URL('../src/sandbox/cli.js', import.meta.url)), ['--port', '0'], {
    env: { ...process.env, SANDBOX_ORDERS: String(orders), SANDBOX_RATE_SCALE: '1000000' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const found = /on (http:\/\/[^ ]+) /.exec(line);
      if (found) resolve(found[1]!);
    });
  });
  return { env: sandboxEnv(url), stop: () => new Promise((resolve) => (child.once('exit', () => resolve()), child.kill())) };
}

type Spool = Record<'orders' | 'items' | 'reservations', NodeJS.WritableStream>;

/** CSV lines for the rows one page becomes: orders, lines, and a reservation per live line. */
function spoolRows(orders: CommonOrder[], t: { userId: string; channelAccountId: string; providerId: string; warehouseId: string }, out: Spool, rows: Record<keyof Spool, number>) {
  const q = (v: string | undefined | null) => (v === undefined || v === null ? '' : `"${v.replace(/"/g, '""')}"`);
  const now = new Date().toISOString();
  for (const o of orders) {
    const orderId = randomUUID();
    out.orders.write(
      [orderId, t.userId, t.channelAccountId, t.providerId, q(o.externalId), q(o.orderNumber), o.status, q(o.rawStatus), o.paymentMethod, o.currency, o.orderedAt.toISOString(), o.updatedAt.toISOString(),
        o.itemSubtotal, o.discounts, o.shippingCharged, o.tax, o.total, o.channelFees ?? '', q(o.customer.city), q(o.customer.state), q(o.customer.pincode), now, now].join(',') + '\n',
    );
    rows.orders++;
    for (const i of o.items) {
      const itemId = randomUUID();
      out.items.write([itemId, t.userId, orderId, q(i.externalLineId), q(i.sku), q(i.title), i.quantity, i.unitPrice, i.discount, i.tax].join(',') + '\n');
      rows.items++;
      if (o.status === OrderStatus.CANCELLED) continue;
      out.reservations.write([randomUUID(), t.userId, itemId, t.warehouseId, q(i.sku), i.quantity, '', now].join(',') + '\n');
      rows.reservations++;
    }
  }
  return rows;
}

/**
 * COPY of the spooled rows into the real tables (under a third channel account, so no key
 * collides): the same indexes and foreign keys the page commits maintain. PostgreSQL's ceiling.
 */
async function copyRows(connectionString: string, files: Record<'orders' | 'items' | 'reservations', string>): Promise<number> {
  const client = new pg.Client({ connectionString });
  await client.connect();
  try {
    const started = process.hrtime.bigint();
    const columns = {
      orders: '(id, user_id, channel_account_id, provider_id, external_id, order_number, status, raw_status, payment_method, currency, ordered_at, source_updated_at, item_subtotal, discounts, shipping_charged, tax, total, channel_fees, customer_city, customer_state, customer_pincode, created_at, updated_at)',
      order_items: '(id, user_id, order_id, external_line_id, sku, title, quantity, unit_price, discount, tax)',
      inventory_reservations: '(id, user_id, order_item_id, warehouse_id, sku, quantity, released_at, created_at)',
    };
    for (const [table, file] of [['orders', files.orders], ['order_items', files.items], ['inventory_reservations', files.reservations]] as const) {
      await pipeline(createReadStream(file), client.query(copyFrom(`copy ${table} ${columns[table]} from stdin with (format csv)`)));
    }
    return seconds(started);
  } finally {
    await client.end();
  }
}
