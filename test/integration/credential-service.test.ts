import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ChannelAccount, ProviderCredential, User } from '../../src/domain/index.js';
import { forUser } from '../../src/db/tenant-filter.js';
import { createLogger } from '../../src/logger.js';
import { CredentialService, CredentialUnreadableError } from '../../src/services/credential-service.js';
import { newKeyEntry, parseKeyring } from '../../src/services/credential-vault.js';
import { isolatedTestOrm } from '../support/database.js';

const silent = createLogger({ level: 'silent', pretty: false });
const fields = { api_token: 'dlv-s3cr3t-token-123', pickup_location: 'Main WH' };

describe('credential service on PostgreSQL', () => {
  let orm: MikroORM;
  let alice: User;
  let bob: User;
  const oldKey = newKeyEntry('old');
  const newKey = newKeyEntry('new');

  let drop: () => Promise<void>;
  /** Each credential belongs to one account of its provider. */
  const accounts = new Map<string, string>();
  const account = async (user: User, providerId: string, externalId = 'main') => {
    const key = `${user.id}/${providerId}/${externalId}`;
    if (!accounts.has(key)) {
      const em = orm.em.fork();
      const row = em.create(ChannelAccount, { user: user.id, providerId, externalId, displayName: `${providerId} ${externalId}` });
      await em.flush();
      accounts.set(key, row.id);
    }
    return accounts.get(key)!;
  };

  beforeAll(async () => {
    ({ orm, drop } = await isolatedTestOrm('credentials'));
    const em = orm.em.fork();
    alice = em.create(User, { subject: `cred-a-${randomUUID()}` });
    bob = em.create(User, { subject: `cred-b-${randomUUID()}` });
    await em.flush();
  });
  afterAll(() => drop());

  it('stores no plaintext and reads the fields back', async () => {
    const service = new CredentialService(parseKeyring(oldKey));
    await service.save(forUser(orm.em, alice.id), {
      userId: alice.id,
      providerId: 'delhivery',
      channelAccountId: await account(alice, 'delhivery'),
      fields,
      accountName: 'Main WH',
    });
    const rows = await orm.em.getConnection().execute<Record<string, unknown>[]>('select * from provider_credentials where user_id = ?', [alice.id]);
    expect(rows).toHaveLength(1);
    const dump = JSON.stringify(rows, (_k, v) => (v?.type === 'Buffer' ? Buffer.from(v.data).toString('latin1') : v));
    expect(dump).not.toContain('s3cr3t');
    expect(rows[0]!.secret_key_id).toBe('old');
    expect(await service.read(forUser(orm.em, alice.id), await account(alice, 'delhivery'))).toEqual(fields);
    // Another seller's account id opens nothing.
    expect(await service.read(forUser(orm.em, bob.id), await account(alice, 'delhivery'))).toBeUndefined();
  });

  it('replaces the row when the same account is connected again (one per account)', async () => {
    const service = new CredentialService(parseKeyring(oldKey));
    await service.save(forUser(orm.em, alice.id), {
      userId: alice.id,
      providerId: 'delhivery',
      channelAccountId: await account(alice, 'delhivery'),
      fields: { ...fields, pickup_location: 'Second WH' },
    });
    expect(await forUser(orm.em, alice.id).count(ProviderCredential, { providerId: 'delhivery' })).toBe(1);
    expect((await service.read(forUser(orm.em, alice.id), await account(alice, 'delhivery')))!.pickup_location).toBe('Second WH');
  });

  it('re-seals every credential under a new key, and each stays usable', async () => {
    const before = new CredentialService(parseKeyring(oldKey));
    await before.save(forUser(orm.em, bob.id), {
      userId: bob.id,
      providerId: 'selloship',
      channelAccountId: await account(bob, 'selloship'),
      fields: { username: 'b@example.in', password: 'pw-s3cr3t' },
    });

    const rotating = new CredentialService(parseKeyring(`${newKey},${oldKey}`));
    expect(await rotating.rotate(orm, silent, 1)).toEqual({ rotated: 2, failed: 0 });
    const left = await orm.em.getConnection().execute<{ n: number }[]>(`select count(*)::int as n from provider_credentials where secret_key_id <> 'new'`);
    expect(left[0]!.n).toBe(0);

    // Once rotated, the old key can go.
    const after = new CredentialService(parseKeyring(newKey));
    expect((await after.read(forUser(orm.em, alice.id), await account(alice, 'delhivery')))!.api_token).toBe(fields.api_token);
    expect((await after.read(forUser(orm.em, bob.id), await account(bob, 'selloship')))!.password).toBe('pw-s3cr3t');
  });

  it('reports a credential no key opens, and rotates the rest', async () => {
    const stranger = new CredentialService(parseKeyring(newKeyEntry('lost')));
    await stranger.save(forUser(orm.em, alice.id), {
      userId: alice.id,
      providerId: 'flipkart',
      channelAccountId: await account(alice, 'flipkart'),
      fields: { app_id: 'a', app_secret: 'b' },
    });
    const rotating = new CredentialService(parseKeyring(`${newKeyEntry('newer')},${newKey}`));
    expect(await rotating.rotate(orm, silent, 1)).toEqual({ rotated: 2, failed: 1 });
  });

  it('refuses a ciphertext copied onto another user’s row', async () => {
    const service = new CredentialService(parseKeyring(newKey));
    await service.save(forUser(orm.em, alice.id), { userId: alice.id, providerId: 'delhivery', channelAccountId: await account(alice, 'delhivery'), fields });
    await service.save(forUser(orm.em, bob.id), {
      userId: bob.id,
      providerId: 'delhivery',
      channelAccountId: await account(bob, 'delhivery'),
      fields: { api_token: 'bobs-token', pickup_location: 'B' },
    });
    await orm.em.getConnection().execute(
      `update provider_credentials b
         set secret_key_id = a.secret_key_id, secret_nonce = a.secret_nonce, secret_ciphertext = a.secret_ciphertext, secret_auth_tag = a.secret_auth_tag
         from provider_credentials a where a.user_id = ? and a.provider_id = 'delhivery' and b.user_id = ? and b.provider_id = 'delhivery'`,
      [alice.id, bob.id],
    );
    await expect(service.read(forUser(orm.em, bob.id), await account(bob, 'delhivery'))).rejects.toBeInstanceOf(CredentialUnreadableError);
  });
});
