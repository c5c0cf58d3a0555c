import type { MikroORM } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { ChannelAccount, ChannelType, Order, OrderStatus, PaymentMethod, User } from '../../src/domain/index.js';
import { pendingMigrations } from '../../src/db/migrate.js';
import { testOrm } from '../support/database.js';

describe('migrations', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await testOrm();
  });
  afterAll(() => orm.close());

  it('leave nothing pending and match the entities exactly', async () => {
    expect(await pendingMigrations(orm)).toEqual([]);
    const diff = await orm.schema.getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });

  it('make an order unique per channel account and external id, so a re-sync cannot double it', async () => {
    const em = orm.em.fork();
    const user = em.create(User, { subject: `migr-${Date.now()}` });
    const account = em.create(ChannelAccount, {
      user,
      providerId: 'flipkart',
      channelType: ChannelType.FLIPKART,
      externalId: 'seller-1',
      displayName: 'Flipkart',
    });
    const order = () =>
      em.create(Order, {
        user,
        channelAccount: account,
        providerId: 'flipkart',
        externalId: 'OD108833803073636000',
        status: OrderStatus.CONFIRMED,
        rawStatus: 'APPROVED',
        paymentMethod: PaymentMethod.COD,
        currency: 'INR',
        orderedAt: new Date(),
        sourceUpdatedAt: new Date(),
        itemSubtotal: '295.00',
        discounts: '0',
        shippingCharged: '0',
        tax: '0',
        total: '295.00',
      });
    order();
    await em.flush();
    order();
    await expect(em.flush()).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  });

  it('store money exactly (NUMERIC, not float)', async () => {
    const rows = await orm.em
      .getConnection()
      .execute(
        `select column_name, data_type from information_schema.columns where table_name = 'orders' and column_name in ('total','item_subtotal','channel_fees')`,
      );
    expect(rows.map((r) => (r as { data_type: string }).data_type)).toEqual(['numeric', 'numeric', 'numeric']);
  });
});
