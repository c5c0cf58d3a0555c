import type { MikroORM } from '@mikro-orm/postgresql';
import { randomUUID } from 'node:crypto';
import { ChannelAccount, ChannelType, ProductCost, User } from '../../src/domain/index.js';
import { forUser, TenantScopeError } from '../../src/db/tenant-filter.js';
import { testOrm } from '../support/database.js';

describe('tenant filter', () => {
  let orm: MikroORM;
  let a: User;
  let b: User;

  beforeAll(async () => {
    orm = await testOrm();
    const em = orm.em.fork();
    a = em.create(User, { subject: `a-${randomUUID()}` });
    b = em.create(User, { subject: `b-${randomUUID()}` });
    em.create(ChannelAccount, { user: a, providerId: 'amazon', channelType: ChannelType.AMAZON, externalId: 'A1SELLER', displayName: 'Amazon A' });
    em.create(ProductCost, { user: a, sku: 'TSHIRT-BLK-M', effectiveFrom: '2026-01-01', cost: '310.00' });
    await em.flush();
  });
  afterAll(() => orm.close());

  it('shows each user only its own rows', async () => {
    expect(await forUser(orm.em, a.id).count(ChannelAccount)).toBe(1);
    expect(await forUser(orm.em, b.id).count(ChannelAccount)).toBe(0);
    expect(await forUser(orm.em, b.id).findOne(ProductCost, { sku: 'TSHIRT-BLK-M' })).toBeNull();
  });

  it('applies to updates and deletes too', async () => {
    const updated = await forUser(orm.em, b.id).nativeUpdate(ProductCost, { sku: 'TSHIRT-BLK-M' }, { cost: '1.00' });
    const deleted = await forUser(orm.em, b.id).nativeDelete(ChannelAccount, {});
    expect([updated, deleted]).toEqual([0, 0]);
    expect((await forUser(orm.em, a.id).findOneOrFail(ProductCost, { sku: 'TSHIRT-BLK-M' })).cost).toBe('310.00');
  });

  it('refuses a tenant query made without a user rather than reading everyone', async () => {
    await expect(orm.em.fork().find(ChannelAccount, {})).rejects.toBeInstanceOf(TenantScopeError);
  });

  it('lets system code read across tenants only when it says so', async () => {
    const all = await orm.em.fork().find(ChannelAccount, { user: { $in: [a.id, b.id] } }, { filters: { tenant: false } });
    expect(all).toHaveLength(1);
  });
});
