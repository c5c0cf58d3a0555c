import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormOptions } from '../../src/db/orm-options.js';
import { createOwnDatabase } from '../support/database.js';

/**
 * Before several accounts per provider, a credential was one per user and provider and
 * only sales channels had an account. The migration gives every credential its account.
 */
describe('the migration that gives every credential an account', () => {
  it('joins a sales channel credential to its connected account and gives an ad credential one', async () => {
    const db = await createOwnDatabase('credacct');
    const orm = await MikroORM.init(ormOptions({ url: db.url, poolMax: 2 }));
    try {
      await orm.migrator.up({ to: 'Migration20261125091000' });
      const sql = (q: string, p: unknown[] = []) => orm.em.getConnection().execute(q, p);
      const [user] = await sql(`insert into users (id, subject, created_at, updated_at) values (gen_random_uuid(), ?, now(), now()) returning id`, [
        `m-${randomUUID()}`,
      ]);
      const [account] = await sql(
        `insert into channel_accounts (id, user_id, provider_id, channel_type, external_id, display_name, connected, created_at, updated_at)
         values (gen_random_uuid(), ?, 'flipkart', 'FLIPKART', 'app-1', 'Flipkart · app-1', true, now(), now()) returning id`,
        [user!.id],
      );
      const credential = (providerId: string, name: string) =>
        sql(
          `insert into provider_credentials (id, user_id, provider_id, secret_key_id, secret_nonce, secret_ciphertext, secret_auth_tag, state,
             account_name, connected_at, updated_at)
           values (gen_random_uuid(), ?, ?, 'k1', '\\x00', '\\x00', '\\x00', 'CONNECTED', ?, now(), now())`,
          [user!.id, providerId, name],
        );
      await credential('flipkart', 'app-1');
      await credential('meta_ads', 'act_1');

      await orm.migrator.up();

      const rows = await sql(
        `select c.provider_id, a.id as account_id, a.channel_type, a.external_id
         from provider_credentials c join channel_accounts a on a.id = c.channel_account_id
         where c.user_id = ? order by c.provider_id`,
        [user!.id],
      );
      expect(rows).toEqual([
        { provider_id: 'flipkart', account_id: account!.id, channel_type: 'FLIPKART', external_id: 'app-1' },
        { provider_id: 'meta_ads', account_id: expect.any(String), channel_type: null, external_id: 'act_1' },
      ]);
    } finally {
      await orm.close();
      await db.drop();
    }
  });
});
