import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { migrationsList } from '../../src/db/migrations/index.js';
import { ormOptions } from '../../src/db/orm-options.js';
import { createOwnDatabase } from '../support/database.js';

const MIGRATION = 'Migration20261207110000';

/**
 * Before shipments belonged to an account, a second account of a channel reporting the same
 * shipment id took the first account's row onto its own order. The migration gives every
 * parcel the account of its order, and makes the account that lost parcels read again.
 */
describe('the migration that gives each shipment its account', () => {
  it('assigns a taken parcel to the account whose order holds it, leaves a courier booking without one, and clears the loser’s cursor', async () => {
    const db = await createOwnDatabase('shipacct');
    const orm = await MikroORM.init(ormOptions({ url: db.url, poolMax: 2 }));
    try {
      const before = migrationsList[migrationsList.findIndex((m) => m.name === MIGRATION) - 1]!.name;
      await orm.migrator.up({ to: before });
      const sql = (q: string, p: unknown[] = []) => orm.em.getConnection().execute(q, p);
      const [user] = await sql(`insert into users (id, subject, created_at, updated_at) values (gen_random_uuid(), ?, now(), now()) returning id`, [
        `m-${randomUUID()}`,
      ]);
      const account = async (providerId: string, externalId: string) =>
        (
          await sql(
            `insert into channel_accounts (id, user_id, provider_id, channel_type, external_id, display_name, connected, sync_cursor)
             values (gen_random_uuid(), ?, ?, ?, ?, ?, true, '{"from":"2026-12-01T00:00:00.000Z"}') returning id`,
            [user!.id, providerId, providerId.toUpperCase(), externalId, externalId],
          )
        )[0]!.id as string;
      const order = async (accountId: string, providerId: string, externalId: string) =>
        (
          await sql(
            `insert into orders (id, user_id, channel_account_id, provider_id, external_id, status, raw_status, payment_method, currency,
               ordered_at, source_updated_at, item_subtotal, discounts, shipping_charged, tax, total)
             values (gen_random_uuid(), ?, ?, ?, ?, 'SHIPPED', 'SHIPPED', 'COD', 'INR', now(), now(), 1, 0, 0, 0, 1) returning id`,
            [user!.id, accountId, providerId, externalId],
          )
        )[0]!.id as string;
      const shipment = (orderId: string, providerId: string, externalId: string | null, tracking: string | null) =>
        sql(
          `insert into shipments (id, user_id, order_id, provider_id, external_id, tracking_number, status, currency)
           values (gen_random_uuid(), ?, ?, ?, ?, ?, 'IN_TRANSIT', 'INR')`,
          [user!.id, orderId, providerId, externalId, tracking],
        );
      const first = await account('flipkart', 'fk-app-1');
      const second = await account('flipkart', 'fk-app-2');
      const amazon = await account('amazon', 'A1SELLER');
      // The second account's sync took the parcel of the first's OD1 onto its own OD1.
      await order(first, 'flipkart', 'OD1');
      await shipment(await order(second, 'flipkart', 'OD1'), 'flipkart', 'S1', 'FMPC1');
      // An order of another channel, with its own parcel and one booked with Delhivery.
      const amazonOrder = await order(amazon, 'amazon', '171-1');
      await shipment(amazonOrder, 'amazon', 'PKG-1', 'AMZ1');
      await shipment(amazonOrder, 'delhivery', null, '38261910000346');

      await orm.migrator.up();

      const parcels = await sql(
        `select s.external_id, s.tracking_number, a.external_id as account, oa.external_id as order_account
           from shipments s left join channel_accounts a on a.id = s.channel_account_id
           left join orders o on o.id = s.order_id left join channel_accounts oa on oa.id = o.channel_account_id
          where s.user_id = ? order by s.tracking_number`,
        [user!.id],
      );
      expect(parcels).toEqual([
        { external_id: null, tracking_number: '38261910000346', account: null, order_account: 'A1SELLER' },
        { external_id: 'PKG-1', tracking_number: 'AMZ1', account: 'A1SELLER', order_account: 'A1SELLER' },
        { external_id: 'S1', tracking_number: 'FMPC1', account: 'fk-app-2', order_account: 'fk-app-2' },
      ]);
      // The first account's next sync reads from the first-sync horizon again; the others go on from where they were.
      const cursors = await sql(`select external_id, sync_cursor is null as reads_again from channel_accounts where user_id = ? order by external_id`, [
        user!.id,
      ]);
      expect(cursors).toEqual([
        { external_id: 'A1SELLER', reads_again: false },
        { external_id: 'fk-app-1', reads_again: true },
        { external_id: 'fk-app-2', reads_again: false },
      ]);
      // Its copy of the parcel now has room beside the second account's.
      const [od1] = await sql(`select id from orders where channel_account_id = ? and external_id = 'OD1'`, [first]);
      await sql(
        `insert into shipments (id, user_id, channel_account_id, order_id, provider_id, external_id, tracking_number, status, currency)
         values (gen_random_uuid(), ?, ?, ?, 'flipkart', 'S1', 'FMPC1', 'IN_TRANSIT', 'INR')`,
        [user!.id, first, od1!.id],
      );
    } finally {
      await orm.close();
      await db.drop();
    }
  });
});
