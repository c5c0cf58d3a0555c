import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { Migration20261125091000 } from '../../src/db/migrations/Migration20261125091000.js';
import { ChannelAccount, ChannelType, User } from '../../src/domain/index.js';
import { isolatedTestOrm } from '../support/database.js';

/**
 * Rows stored before Flipkart orders were keyed by orderId (one row per shipment, the
 * orderId in order_number) are moved onto the order key by the migration.
 */
describe('the migration of Flipkart rows from the shipment key to the order key', () => {
  let db: { orm: MikroORM; drop(): Promise<void> };
  beforeAll(async () => {
    db = await isolatedTestOrm('fkmig');
  });
  afterAll(() => db.drop());

  it('makes one order of two shipment rows, with both lines and both shipments, worth its live line', async () => {
    const { orm } = db;
    const em = orm.em.fork();
    const user = em.create(User, { subject: `fkmig-${randomUUID()}` });
    const account = em.create(ChannelAccount, {
      user,
      providerId: 'flipkart',
      channelType: ChannelType.FLIPKART,
      externalId: 'fk-old',
      displayName: 'Flipkart',
    });
    await em.flush();
    const sql = (q: string, p: unknown[] = []) => orm.em.getConnection().execute(q, p);
    const oldRow = async (shipmentId: string, status: string, subtotal: string, shipping: string, line: string, sku: string) => {
      const [o] = await sql(
        `insert into orders (id, user_id, channel_account_id, provider_id, external_id, order_number, status, raw_status, payment_method, currency,
           ordered_at, source_updated_at, item_subtotal, discounts, shipping_charged, tax, total, created_at, updated_at)
         values (gen_random_uuid(), ?, ?, 'flipkart', ?, 'OD900', ?, ?, 'COD', 'INR', now(), now(), ?, 0, ?, 0, ?::numeric + ?::numeric, now(), now())
         returning id`,
        [user.id, account.id, shipmentId, status, status === 'CANCELLED' ? 'CANCELLED' : 'SHIPPED', subtotal, shipping, subtotal, shipping],
      );
      await sql(
        `insert into order_items (id, user_id, order_id, external_line_id, sku, title, quantity, unit_price, discount, tax)
         values (gen_random_uuid(), ?, ?, ?, ?, 'x', 1, ?, 0, 0)`,
        [user.id, o!.id, line, sku, subtotal],
      );
    };
    await oldRow('ship-a', 'SHIPPED', '500.00', '40.00', 'L1', 'A');
    await oldRow('ship-b', 'CANCELLED', '300.00', '0.00', 'L2', 'B');
    await sql(
      `insert into orders (id, user_id, channel_account_id, provider_id, external_id, order_number, status, raw_status, payment_method, currency,
        ordered_at, source_updated_at, item_subtotal, discounts, shipping_charged, tax, total, created_at, updated_at)
      values (gen_random_uuid(), ?, ?, 'amazon', '171-1', '171-1', 'SHIPPED', 'Shipped', 'COD', 'INR', now(), now(), 1, 0, 0, 0, 1, now(), now())`,
      [user.id, account.id],
    );

    await orm.em.fork().transactional(async (tx) => {
      const migration = new Migration20261125091000(tx.getDriver(), orm.config);
      migration.setTransactionContext(tx.getTransactionContext()!);
      await migration.up();
    });

    const orders = await sql(`select external_id, status, total, shipping_charged from orders where user_id = ? order by external_id`, [user.id]);
    expect(orders).toEqual([
      { external_id: '171-1', status: 'SHIPPED', total: '1.00', shipping_charged: '0.00' },
      { external_id: 'OD900', status: 'SHIPPED', total: '540.00', shipping_charged: '40.00' },
    ]);
    const lines = await sql(
      `select i.external_line_id, i.status from order_items i join orders o on o.id = i.order_id where o.external_id = 'OD900' order by 1`,
    );
    expect(lines).toEqual([
      { external_line_id: 'L1', status: 'SHIPPED' },
      { external_line_id: 'L2', status: 'CANCELLED' },
    ]);
    const shipments = await sql(`select s.external_id, s.status from shipments s join orders o on o.id = s.order_id where o.external_id = 'OD900' order by 1`);
    expect(shipments).toEqual([
      { external_id: 'ship-a', status: 'IN_TRANSIT' },
      { external_id: 'ship-b', status: 'CANCELLED' },
    ]);
  });
});
