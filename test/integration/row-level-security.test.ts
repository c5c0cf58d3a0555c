import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { MikroORM, type EntityManager } from '@mikro-orm/postgresql';
import pg from 'pg';
import { openDatabase, type Orm } from '../../src/db/database.js';
import { EMBEDDED_LIMITS, startEmbeddedDatabase } from '../../src/db/embedded.js';
import { migrateAsOwner } from '../../src/db/migrate.js';
import { ormOptions } from '../../src/db/orm-options.js';
import { APP_ROLE, USER_SETTING } from '../../src/db/row-level-security.js';
import { asSystem } from '../../src/db/system-access.js';
import { forUser } from '../../src/db/tenant-filter.js';
import { ChannelAccount, ProductCost } from '../../src/domain/index.js';
import { createLogger } from '../../src/logger.js';
import { testOrm } from '../support/database.js';
import { testDatabaseUrl } from '../support/env.js';
import { sellerInEveryTable, tenantTables } from '../support/every-tenant-table.js';

const silent = createLogger({ level: 'silent', pretty: false });

interface Setup {
  /** The application's ORM, as openDatabase gives it to the running app. */
  app: Orm;
  /** Two sellers, each with rows in every seller's table. */
  a: string;
  b: string;
  close(): Promise<void>;
}

type Rows = Array<Record<string, unknown>>;

/**
 * The database's own wall between sellers: whatever SQL the application runs, as seller B it
 * reads and writes none of seller A's rows, and without a seller nothing at all. Run on
 * PostgreSQL and on the embedded database (PGlite), table by table from the ORM's metadata.
 */
function rowLevelSecurity(name: string, open: () => Promise<Setup>) {
  describe(name, () => {
    let db: Setup;
    beforeAll(async () => {
      db = await open();
    }, 120_000);
    afterAll(() => db?.close());

    const asSeller = (userId: string, query: string, params: unknown[] = []) =>
      forUser(db.app.em, userId).transactional((tx) => tx.execute<Rows>(query, params));

    it('holds every table with a user_id to a forced policy', async () => {
      const tables = tenantTables(db.app);
      const conn = db.app.em.getConnection();
      const withUserId = await conn.execute<Array<{ table_name: string }>>(
        `select table_name from information_schema.columns where table_schema = 'public' and column_name = 'user_id' order by 1`,
      );
      expect(withUserId.map((r) => r.table_name)).toEqual(tables);
      const flags = await conn.execute<Array<{ name: string; enabled: boolean; forced: boolean; policies: string[] }>>(
        `select c.relname as name, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
                array(select policyname::text from pg_policies p where p.tablename = c.relname order by 1) as policies
           from pg_class c where c.relnamespace = 'public'::regnamespace and c.relname in (?) order by 1`,
        [tables],
      );
      expect(flags).toEqual(tables.map((name) => ({ name, enabled: true, forced: true, policies: ['tenant_isolation'] })));
    });

    it('shows seller B none of seller A’s rows, to a select with no condition on any of those tables', async () => {
      const seen: Record<string, string[]> = {};
      for (const table of tenantTables(db.app)) {
        const rows = await asSeller(db.b, `select * from "${table}"`);
        seen[table] = [...new Set(rows.map((r) => String(r.user_id)))];
      }
      // B's own rows are there (the select reads the table), A's are not.
      expect(seen).toEqual(Object.fromEntries(tenantTables(db.app).map((t) => [t, [db.b]])));
    });

    it('shows a connection that names no seller no row at all', async () => {
      const counts: Record<string, number> = {};
      for (const table of tenantTables(db.app)) {
        const outside = await db.app.em.getConnection().execute<Array<{ n: number }>>(`select count(*)::int as n from "${table}"`);
        const inside = await db.app.em.fork().transactional((tx) => tx.execute<Array<{ n: number }>>(`select count(*)::int as n from "${table}"`));
        counts[table] = outside[0]!.n + inside[0]!.n;
      }
      expect(counts).toEqual(Object.fromEntries(tenantTables(db.app).map((t) => [t, 0])));
    });

    it('refuses seller B a row written as seller A’s, and changes none of A’s', async () => {
      await expect(asSeller(db.b, `insert into product_costs (id, user_id, sku, cost) values (gen_random_uuid(), ?, 'SLIPPED-IN', 1)`, [db.a])).rejects.toThrow(
        /row-level security/,
      );
      expect(await asSeller(db.b, `update orders set total = 0 where user_id = ? returning id`, [db.a])).toEqual([]);
      expect(await asSeller(db.b, `delete from channel_accounts where user_id = ? returning id`, [db.a])).toEqual([]);
      expect(await asSeller(db.a, `select total from orders`)).toEqual([{ total: '1499.00' }]);
      expect(await asSeller(db.a, `select count(*)::int as n from channel_accounts`)).toEqual([{ n: 1 }]);
    });

    it('names the seller in every transaction forUser opens: its own, a nested one, a flush’s, and around each query outside one', async () => {
      const em = forUser(db.app.em, db.b);
      const setting = (tx: EntityManager) => tx.execute<Array<{ user: string }>>(`select current_setting('${USER_SETTING}', true) as user`);
      const [outer, nested] = await em.transactional(async (tx) => [await setting(tx), await tx.transactional((inner) => setting(inner))]);
      expect([outer, nested]).toEqual([[{ user: db.b }], [{ user: db.b }]]);
      // A savepoint rolled back leaves the seller named.
      await em.transactional(async (tx) => {
        await expect(tx.transactional(async () => Promise.reject(new Error('rolled back')))).rejects.toThrow('rolled back');
        expect(await setting(tx)).toEqual([{ user: db.b }]);
      });
      // The ORM's own queries outside a transaction, and a flush, each in a short one that names the seller.
      expect((await em.find(ProductCost, {})).map((c) => c.user.id)).toEqual([db.b]);
      em.create(ProductCost, { user: db.b, sku: 'FLUSHED', effectiveFrom: '2026-01-01', cost: '1.00' });
      await em.flush();
      expect(await asSeller(db.b, `select sku from product_costs where sku = 'FLUSHED'`)).toEqual([{ sku: 'FLUSHED' }]);
    });

    it('takes a role that is neither superuser nor BYPASSRLS, and steps out of it only in asSystem', async () => {
      const [role] = await db.app.em
        .getConnection()
        .execute<Array<{ current_user: string; rolsuper: boolean; rolbypassrls: boolean }>>(
          `select current_user, rolsuper, rolbypassrls from pg_roles where rolname = current_user`,
        );
      expect(role).toEqual({ current_user: APP_ROLE, rolsuper: false, rolbypassrls: false });
      const accounts = await asSystem(db.app, 'a test of the bypass', silent, (em) =>
        em.find(ChannelAccount, { user: { $in: [db.a, db.b] } }, { filters: { tenant: false } }),
      );
      expect(accounts.map((a) => a.user.id).sort()).toEqual([db.a, db.b].sort());
    });
  });
}

rowLevelSecurity('row-level security on PostgreSQL', async () => {
  const owner = await testOrm();
  const a = await sellerInEveryTable(owner.em.fork(), 'rls-a');
  const b = await sellerInEveryTable(owner.em.fork(), 'rls-b');
  const app = await openDatabase({ url: testDatabaseUrl(), poolMax: 2 }, silent);
  return {
    app,
    a,
    b,
    async close() {
      await app.close();
      await owner.close();
    },
  };
});

rowLevelSecurity('row-level security on the embedded database (PGlite)', async () => {
  const dataDir = await mkdtemp(join(tmpdir(), 'sutra-rls-'));
  const embedded = await startEmbeddedDatabase(dataDir, silent);
  await migrateAsOwner({ url: embedded.url }, silent);
  // The sellers' rows are written as the owner before the application's ORM takes its role:
  // every connection to PGlite shares its one session, and with it the role.
  const owner = await MikroORM.init(ormOptions({ url: embedded.url, poolMax: 1 }));
  const a = await sellerInEveryTable(owner.em.fork(), 'rls-a');
  const b = await sellerInEveryTable(owner.em.fork(), 'rls-b');
  await owner.close();
  const app = await openDatabase({ url: embedded.url, poolMax: EMBEDDED_LIMITS.ormPoolMax }, silent);
  return {
    app,
    a,
    b,
    async close() {
      await app.close();
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
});

describe('taking the application’s role at startup', () => {
  // Login roles belong to the whole server: made once, left for the next run.
  const loginRole = async (name: string, grant: boolean) => {
    const admin = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`do $$ begin create role ${name} login; exception when duplicate_object or unique_violation then null; end $$`);
      if (grant) await admin.query(`grant ${APP_ROLE} to ${name}`);
    } finally {
      await admin.end();
    }
    const url = new URL(testDatabaseUrl());
    url.username = name;
    return url.toString();
  };
  beforeAll(async () => (await testOrm()).close());

  it('fails with what to grant when the DATABASE_URL role cannot take it', async () => {
    const url = await loginRole('sutra_test_outsider', false);
    await expect(openDatabase({ url, poolMax: 1 }, silent)).rejects.toThrow(
      /the DATABASE_URL role "sutra_test_outsider" cannot take the database role "sutra_app": GRANT sutra_app TO that role/,
    );
  });

  it('fails when the DATABASE_URL role could not step past row-level security for the schedule and migrations', async () => {
    const url = await loginRole('sutra_test_member', true);
    await expect(openDatabase({ url, poolMax: 1 }, silent)).rejects.toThrow(/"sutra_test_member" needs BYPASSRLS/);
  });
});

describe('the way past row-level security', () => {
  const src = join(process.cwd(), 'src');
  async function sourcesMatching(pattern: RegExp): Promise<string[]> {
    const found: string[] = [];
    for (const entry of await readdir(src, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !entry.name.endsWith('.ts')) continue;
      const path = join(entry.parentPath, entry.name);
      if (pattern.test(await readFile(path, 'utf8'))) found.push(relative(process.cwd(), path));
    }
    return found.sort();
  }

  it('is taken by the schedules only (ad spend, orders, shipment tracking, the profit sweep); migrations alone connect as the owner', async () => {
    expect(await sourcesMatching(/\basSystem\(/)).toEqual([
      'src/jobs/ad-spend-schedule.job.ts',
      'src/jobs/order-sync-schedule.job.ts',
      'src/jobs/profit-sweep.job.ts',
      'src/jobs/shipment-sync-schedule.job.ts',
    ]);
    // Where an ORM is opened: the application's (which takes the role), the migrations' and the
    // command-line tasks' (migrations, key rotation) keep the DATABASE_URL role.
    expect(await sourcesMatching(/(?<!function )\bormOptions\(/)).toEqual(['src/cli/cli-database.ts', 'src/db/database.ts', 'src/db/migrate.ts']);
    expect(await sourcesMatching(/\b(set|reset)( local)? role\b/i)).toEqual(['src/db/row-level-security.ts', 'src/db/system-access.ts']);
  });
});
