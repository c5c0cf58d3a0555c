import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { migrate } from '../src/db/migrate.js';
import { ormOptions } from '../src/db/orm-options.js';
import { forUser } from '../src/db/tenant-filter.js';
import { createLogger } from '../src/logger.js';
import { recomputeEverything, recomputeStaleDays } from '../src/services/profit/recompute.js';
import { markDaysStale } from '../src/services/profit/stale-days.js';
import { scratchDatabase } from './bench-server.js';

/**
 * `DATABASE_URL=postgres://… npm run bench:profit -- [orders] [dayOrders]`: the profit recompute on a
 * scratch database of DATABASE_URL's server, as the application runs it (its role, behind row-level
 * security). Two sellers, seeded in SQL: one with N orders (default 100,000) over 90 days, 1–3 lines
 * each, a parcel for nine orders in ten (half of them charged by the courier, the rest priced from the
 * rate card), a cost for nine SKUs in ten of 500, ad spend every day from three accounts (one billed in
 * USD); the other with M orders (default 10,000) on one day. Prints the time of one day's recompute of
 * M orders after its ad spend was restated, so every order's figures change (best and median of 5),
 * of the full recompute of N orders (first computed, then again with nothing changed), orders/s, and
 * the SQL statements sent (per day: a batch takes up to a week).
 * BENCH_FILLFACTOR=100 sets the orders table's fillfactor first (the migrations' is 70); BENCH_PROFILE=1 prints the time per
 * statement; BENCH_KEEP=1 keeps the scratch database.
 */
const N = Number(process.argv[2] ?? 100_000);
const M = Number(process.argv[3] ?? 10_000);
const baseUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(M) || M < 1) {
  console.error('usage: DATABASE_URL=postgres://… npm run bench:profit -- [orders] [dayOrders]');
  process.exit(2);
}
const log = createLogger({ level: 'warn', pretty: false });
/** BENCH_PROFILE=1: the time spent in each statement (ms, by its first words), printed after the figures. */
const profile = process.env.BENCH_PROFILE ? new Map<string, number>() : undefined;

const scratch = await scratchDatabase(baseUrl, 'profit');
const url = scratch.url;
const owner = await MikroORM.init(ormOptions({ url, poolMax: 2 }));
let app: MikroORM | undefined;

/** The statements this process sends while `run` runs. */
async function counted<T>(run: () => Promise<T>): Promise<{ result: T; statements: number; ms: number }> {
  let statements = 0;
  const original = pg.Client.prototype.query;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    statements++;
    const answer = (original as (...a: unknown[]) => unknown).apply(this, args);
    if (profile && answer instanceof Promise) {
      const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string } | undefined)?.text ?? '');
      const key = text.replace(/\s+/g, ' ').trim().slice(0, 70);
      const t0 = process.hrtime.bigint();
      void answer.then(
        () => profile.set(key, (profile.get(key) ?? 0) + Number(process.hrtime.bigint() - t0) / 1e6),
        () => undefined,
      );
    }
    return answer;
  } as typeof original;
  const started = process.hrtime.bigint();
  try {
    const result = await run();
    return { result, statements, ms: Number(process.hrtime.bigint() - started) / 1e6 };
  } finally {
    pg.Client.prototype.query = original;
  }
}

/** A seller with `count` orders from `from` (IST) over `days` days, and ad spend on each of those days. */
async function seedSeller(db: pg.Client, label: string, count: number, from: string, days: number): Promise<string> {
  const { rows } = await db.query<{ id: string }>(
    `insert into users (id, subject, created_at, updated_at) values (gen_random_uuid(), $1, now(), now()) returning id`,
    [`bench-profit-${label}-${Date.now()}`],
  );
  const user = rows[0]!.id;
  await db.query(
    `insert into channel_accounts (id, user_id, provider_id, channel_type, external_id, display_name, created_at, updated_at)
     values (gen_random_uuid(), $1, 'shopify', 'SHOPIFY', $2, 'Store', now(), now()), (gen_random_uuid(), $1, 'amazon', 'AMAZON', $3, 'Amazon', now(), now())`,
    [user, `${label}-${user}.myshopify.com`, `${label}-${user}`],
  );
  // Orders: a third on Amazon, a quarter COD, one in 20 RTO, one in 25 cancelled; 1–3 lines of ₹499 (+18 % GST).
  await db.query(
    `insert into orders (id, user_id, created_at, updated_at, channel_account_id, provider_id, external_id, status, raw_status, payment_method, currency,
       ordered_at, source_updated_at, item_subtotal, discounts, shipping_charged, tax, total, payment_gateway, customer_pincode)
     select gen_random_uuid(), $1, now(), now(), a.id, a.provider_id, 'B' || g,
       (case when g % 20 = 0 then 'RTO' when g % 25 = 0 then 'CANCELLED' else 'DELIVERED' end)::order_status, 'x',
       (case when g % 4 = 0 then 'COD' else 'PREPAID' end)::payment_method, 'INR',
       ($2::date::timestamp at time zone 'Asia/Kolkata') + (g - 1) * ($3 * interval '1 day' / $4), now(),
       499 * (1 + g % 3), 0, 0, 89.82 * (1 + g % 3), 588.82 * (1 + g % 3),
       case when g % 4 = 0 then null when g % 2 = 0 then 'razorpay' else 'shopify_payments' end, (110001 + g % 400000)::text
     from generate_series(1, $4) g
     join channel_accounts a on a.user_id = $1 and a.provider_id = case when g % 3 = 0 then 'amazon' else 'shopify' end`,
    [user, from, days, count],
  );
  await db.query(
    `insert into order_items (id, user_id, created_at, updated_at, order_id, external_line_id, sku, title, quantity, unit_price, discount, tax)
     select gen_random_uuid(), $1, now(), now(), o.id, l::text, 'SKU-' || ((substr(o.external_id, 2)::int * 7 + l) % 500), 'Item', 1, 499, 0, 89.82
     from orders o, generate_series(1, 1 + substr(o.external_id, 2)::int % 3) l where o.user_id = $1`,
    [user],
  );
  await db.query(
    `insert into shipments (id, user_id, created_at, updated_at, order_id, provider_id, tracking_number, status, shipping_cost, rto_cost,
       charges_estimated, tracked, weight_grams, destination_pincode, currency)
     select gen_random_uuid(), $1, now(), now(), o.id, 'delhivery', 'AWB' || o.id,
       (case when o.status = 'RTO' then 'RTO_DELIVERED' else 'DELIVERED' end)::shipment_status,
       case when substr(o.external_id, 2)::int % 2 = 0 then 55 end, case when o.status = 'RTO' then 50 end,
       false, true, 400 + (substr(o.external_id, 2)::int % 3) * 400, o.customer_pincode, 'INR'
     from orders o where o.user_id = $1 and substr(o.external_id, 2)::int % 10 <> 0 and o.status <> 'CANCELLED'`,
    [user],
  );
  await db.query(
    `insert into product_costs (id, user_id, created_at, updated_at, sku, effective_from, cost, currency)
     select gen_random_uuid(), $1, now(), now(), 'SKU-' || n, '2026-01-01', 150 + n % 200, 'INR' from generate_series(0, 499) n where n % 10 <> 0`,
    [user],
  );
  await db.query(
    `insert into exchange_rates (id, user_id, created_at, updated_at, currency, effective_from, rate) values (gen_random_uuid(), $1, now(), now(), 'USD', '2026-01-01', 83.25)`,
    [user],
  );
  await db.query(
    `insert into profit_settings (id, user_id, currency, timezone, commission_rates, gateway_fee_rates, gateway_fee_percent, default_gst_percent, cod_fee, updated_at)
     values (gen_random_uuid(), $1, 'INR', 'Asia/Kolkata', '{"amazon": "15"}', '{"razorpay": "2", "shopify_payments": "2.36"}', null, 18, 35, now())`,
    [user],
  );
  await db.query(
    `insert into ad_spend_daily (id, user_id, created_at, updated_at, provider_id, account_id, date, spend, currency, fetched_at)
     select gen_random_uuid(), $1, now(), now(), p.provider, p.account, $2::date + d, p.spend, p.currency, now()
     from generate_series(0, $3 - 1) d,
       (values ('meta_ads', 'act_1', 4321.17, 'INR'), ('google_ads', 'cust_1', 2345.67, 'INR'), ('google_ads', 'cust_2', 41.13, 'USD')) as p(provider, account, spend, currency)`,
    [user, from, days],
  );
  return user;
}

try {
  await migrate(owner, log);
  // The migrations leave room in the orders' pages (fillfactor 70), so a profit update can stay on
  // its page (a HOT update: no new index entries); BENCH_FILLFACTOR=100 measures without it.
  const fillfactor = Number(process.env.BENCH_FILLFACTOR ?? 70);
  await owner.em.getConnection().execute(`alter table orders set (fillfactor = ${Math.trunc(fillfactor)})`);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const seedStarted = Date.now();
  const big = await seedSeller(db, 'big', N, '2026-08-01', 90);
  const oneDay = await seedSeller(db, 'day', M, '2026-11-20', 1);
  await db.query('analyze');
  const seedSeconds = (Date.now() - seedStarted) / 1000;
  await db.end();

  app = await MikroORM.init(ormOptions({ url, poolMax: 2, appRole: true }));

  // One day of M orders, five times (the first also warms the caches and the JIT).
  const dayRuns: Array<{ ms: number; statements: number; orders: number }> = [];
  for (let i = 0; i < 5; i++) {
    // The day's ad spend restated (as the nightly ad sync does): every order's share, so every row, changes.
    await forUser(app.em, oneDay).transactional(async (tx) => {
      await tx.execute(`update ad_spend_daily set spend = spend + 1.23 where user_id = ? and date = '2026-11-20'`, [oneDay]);
      await markDaysStale(tx, oneDay, ['2026-11-20']);
    });
    const run = await counted(() => recomputeStaleDays(forUser(app!.em, oneDay), oneDay, log));
    dayRuns.push({ ms: run.ms, statements: run.statements, orders: run.result.orders });
  }
  const dayMs = dayRuns.map((r) => r.ms).sort((x, y) => x - y);

  // Every day of the big seller, as a change of settings asks.
  const full = await counted(() => recomputeEverything(forUser(app!.em, big), big, log));
  const again = await counted(() => recomputeEverything(forUser(app!.em, big), big, log));

  const result = {
    seeded: { orders: N + M, seconds: seedSeconds, ordersFillfactor: fillfactor },
    oneDay: {
      orders: dayRuns[0]!.orders,
      bestMs: Math.round(dayMs[0]!),
      medianMs: Math.round(dayMs[2]!),
      ordersPerSecond: Math.round(dayRuns[0]!.orders / (dayMs[2]! / 1000)),
      statements: dayRuns[dayRuns.length - 1]!.statements,
    },
    full: {
      orders: full.result.orders,
      days: full.result.days,
      ms: Math.round(full.ms),
      ordersPerSecond: Math.round(full.result.orders / (full.ms / 1000)),
      statements: full.statements,
      statementsPerDay: Number((full.statements / full.result.days).toFixed(2)),
    },
    fullAgainUnchanged: { orders: again.result.orders, ms: Math.round(again.ms), ordersPerSecond: Math.round(again.result.orders / (again.ms / 1000)) },
  };
  console.log(JSON.stringify(result, null, 2));
  if (profile) console.log(Object.fromEntries([...profile].sort(([, x], [, y]) => y - x).map(([k, v]) => [k, Math.round(v)])));
} finally {
  await app?.close();
  await owner.close();
  // BENCH_KEEP=1 keeps the database, to look at the plans afterwards.
  if (process.env.BENCH_KEEP) console.log(`kept: ${url}`);
  await scratch.drop({ keep: !!process.env.BENCH_KEEP });
}
