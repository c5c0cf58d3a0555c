import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Migration20261207100000 } from '../../src/db/migrations/Migration20261207100000.js';
import { ChannelAccount, ChannelType, User } from '../../src/domain/index.js';
import { isolatedTestOrm } from '../support/database.js';

/**
 * Stock reserved before reservations went only where the seller holds stock: every line not
 * cancelled reserved in a default warehouse whose levels claimed 0 on hand.
 */
describe('the migration of stock reserved in the default warehouse', () => {
  let db: { orm: MikroORM; drop(): Promise<void> };
  beforeAll(async () => {
    db = await isolatedTestOrm('invmig');
  });
  afterAll(() => db.drop());

  const run = (step: 'up' | 'down') =>
    db.orm.em.fork().transactional(async (tx) => {
      const migration = new Migration20261207100000(tx.getDriver(), db.orm.config);
      migration.setTransactionContext(tx.getTransactionContext()!);
      await migration[step]();
      // The statements it queued (addSql), run as the migrator runs them.
      for (const query of migration.getQueries()) await migration.execute(query);
    });

  it('keeps only what waits to ship, counted in stock that was read, and no level nobody read', async () => {
    const { orm } = db;
    await run('down');
    const em = orm.em.fork();
    const user = em.create(User, { subject: `invmig-${randomUUID()}` });
    const account = em.create(ChannelAccount, { user, providerId: 'flipkart', channelType: ChannelType.FLIPKART, externalId: 'fk', displayName: 'Flipkart' });
    await em.flush();
    const sql = <T = Record<string, unknown>>(q: string, p: unknown[] = []) => orm.em.getConnection().execute<T[]>(q, p);
    const [def] = await sql<{ id: string }>(
      `insert into warehouses (id, user_id, code, name, is_default, created_at)
       values (gen_random_uuid(), ?, 'default', 'Default warehouse', true, now()) returning id`,
      [user.id],
    );
    const [store] = await sql<{ id: string }>(
      `insert into warehouses (id, user_id, code, name, is_default, created_at)
       values (gen_random_uuid(), ?, 'shopify:1', 'Store 1', false, now()) returning id`,
      [user.id],
    );
    await sql(
      `insert into inventory_levels (id, user_id, warehouse_id, sku, on_hand, reserved, fetched_at, updated_at)
               values (gen_random_uuid(), ?, ?, 'MUG', 10, 0, now(), now())`,
      [user.id, store!.id],
    );
    // An order's lines as old syncs left them: each reserved in the default warehouse (the released one too).
    const orderWith = async (n: number, status: string, lines: Array<[sku: string, quantity: number, lineStatus: string | null, released: boolean]>) => {
      const [o] = await sql<{ id: string }>(
        `insert into orders (id, user_id, channel_account_id, provider_id, external_id, status, raw_status, payment_method, currency,
           ordered_at, source_updated_at, created_at, updated_at)
         values (gen_random_uuid(), ?, ?, 'flipkart', ?, ?, ?, 'COD', 'INR', now(), now(), now(), now()) returning id`,
        [user.id, account.id, `OD${n}`, status, status],
      );
      for (const [k, [sku, quantity, lineStatus, released]] of lines.entries()) {
        const [item] = await sql<{ id: string }>(
          `insert into order_items (id, user_id, order_id, external_line_id, sku, title, quantity, status)
           values (gen_random_uuid(), ?, ?, ?, ?, 'x', ?, ?) returning id`,
          [user.id, o!.id, `${n}-${k}`, sku, quantity, lineStatus],
        );
        await sql(
          `insert into inventory_reservations (id, user_id, order_item_id, warehouse_id, sku, quantity, released_at, created_at)
           values (gen_random_uuid(), ?, ?, ?, ?, ?, ${released ? 'now()' : 'null'}, now())`,
          [user.id, item!.id, def!.id, sku, quantity],
        );
      }
    };
    await orderWith(1, 'CONFIRMED', [
      ['MUG', 2, null, false],
      ['TEE', 1, null, false],
    ]);
    await orderWith(2, 'DELIVERED', [['MUG', 5, null, false]]);
    // One line packed, the other shipped: the order is PACKED, only the packed line still waits.
    await orderWith(3, 'PACKED', [
      ['MUG', 3, 'PACKED', false],
      ['MUG', 4, 'SHIPPED', false],
    ]);
    await orderWith(4, 'CANCELLED', [['MUG', 6, null, true]]);
    await sql(
      `insert into inventory_levels (id, user_id, warehouse_id, sku, on_hand, reserved, updated_at)
               values (gen_random_uuid(), ?, ?, 'MUG', 0, 14, now()), (gen_random_uuid(), ?, ?, 'TEE', 0, 1, now())`,
      [user.id, def!.id, user.id, def!.id],
    );

    await run('up');

    expect(
      await sql(
        `select w.code, l.sku, l.on_hand, l.reserved from inventory_levels l join warehouses w on w.id = l.warehouse_id where l.user_id = ? order by 1, 2`,
        [user.id],
      ),
    ).toEqual([{ code: 'shopify:1', sku: 'MUG', on_hand: 10, reserved: 5 }]);
    expect(await sql(`select code from warehouses where user_id = ?`, [user.id])).toEqual([{ code: 'shopify:1' }]);
    const reservations = await sql(
      `select i.external_line_id as line, w.code, r.quantity, r.released_at is null as open
         from inventory_reservations r join order_items i on i.id = r.order_item_id left join warehouses w on w.id = r.warehouse_id
        where r.user_id = ? order by 1`,
      [user.id],
    );
    expect(reservations).toEqual([
      { line: '1-0', code: 'shopify:1', quantity: 2, open: true },
      // No stock of TEE was ever read: the reservation waits, counted nowhere.
      { line: '1-1', code: null, quantity: 1, open: true },
      { line: '2-0', code: null, quantity: 5, open: false },
      { line: '3-0', code: 'shopify:1', quantity: 3, open: true },
      { line: '3-1', code: null, quantity: 4, open: false },
      { line: '4-0', code: null, quantity: 6, open: false },
    ]);
    const [column] = await sql(
      `select is_nullable, column_default from information_schema.columns where table_name = 'inventory_levels' and column_name = 'on_hand'`,
    );
    expect(column).toEqual({ is_nullable: 'YES', column_default: null });
  });
});
