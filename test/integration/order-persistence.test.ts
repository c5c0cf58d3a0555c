import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ChannelAccount, ChannelType, OrderStatus, PaymentMethod, User } from '../../src/domain/index.js';
import type { CommonOrder } from '../../src/providers/types.js';
import { defaultWarehouseId, writeOrderPage, type PageTarget } from '../../src/services/order-persistence.js';
import { testOrm } from '../support/database.js';

function order(n: number, overrides: Partial<CommonOrder> = {}): CommonOrder {
  return {
    externalId: `ORD-${n}`,
    orderNumber: `#${n}`,
    status: OrderStatus.CONFIRMED,
    rawStatus: 'APPROVED',
    paymentMethod: PaymentMethod.COD,
    currency: 'INR',
    orderedAt: new Date('2026-11-20T10:00:00Z'),
    updatedAt: new Date('2026-11-20T10:00:00Z'),
    itemSubtotal: '1000.10',
    discounts: '0.00',
    shippingCharged: '49.00',
    tax: '0.00',
    total: '1049.10',
    customer: { city: 'Pune', state: 'Maharashtra', pincode: '411001' },
    items: [
      { externalLineId: `${n}-1`, sku: 'MUG-01', title: 'Mug', quantity: 2, unitPrice: '250.05', discount: '0.00', tax: '0.00' },
      { externalLineId: `${n}-2`, sku: 'TEE-M', title: 'Tee', quantity: 1, unitPrice: '500.00', discount: '0.00', tax: '0.00' },
    ],
    ...overrides,
  };
}

describe('writing a page of orders', () => {
  let orm: MikroORM;
  let target: PageTarget;
  const count = async (table: string) =>
    (await orm.em.getConnection().execute<{ n: number }[]>(`select count(*)::int as n from ${table} where user_id = ?`, [target.userId]))[0]!.n;
  const reserved = async (sku: string) =>
    (
      await orm.em.getConnection().execute<{ reserved: number }[]>('select reserved from inventory_levels where user_id = ? and sku = ?', [target.userId, sku])
    )[0]?.reserved;
  const write = (orders: CommonOrder[]) => orm.em.fork().transactional((em) => writeOrderPage(em, target, orders));

  beforeAll(async () => {
    orm = await testOrm();
    const em = orm.em.fork();
    const user = em.create(User, { subject: `persist-${randomUUID()}` });
    const account = em.create(ChannelAccount, { user, providerId: 'flipkart', channelType: ChannelType.FLIPKART, externalId: 'fk-1', displayName: 'Flipkart' });
    await em.flush();
    target = { userId: user.id, channelAccountId: account.id, providerId: 'flipkart', warehouseId: await defaultWarehouseId(orm.em.fork(), user.id) };
  });
  afterAll(() => orm.close());

  it('creates orders, lines and one reservation per line, money exact', async () => {
    expect(await write([order(1), order(2)])).toEqual({ created: 2, updated: 0, unchanged: 0, shipmentChanges: [] });
    expect([await count('orders'), await count('order_items'), await count('inventory_reservations')]).toEqual([2, 4, 4]);
    expect(await reserved('MUG-01')).toBe(4);
    const totals = await orm.em.getConnection().execute('select total, item_subtotal from orders where user_id = ? order by external_id', [target.userId]);
    expect(totals).toEqual([
      { total: '1049.10', item_subtotal: '1000.10' },
      { total: '1049.10', item_subtotal: '1000.10' },
    ]);
  });

  it('changes nothing when the same page is written again (a replay after a crash)', async () => {
    expect(await write([order(1), order(2)])).toEqual({ created: 0, updated: 2, unchanged: 0, shipmentChanges: [] });
    expect([await count('orders'), await count('order_items'), await count('inventory_reservations')]).toEqual([2, 4, 4]);
    expect(await reserved('MUG-01')).toBe(4);
  });

  it('never lets an older copy of an order overwrite a newer one', async () => {
    const later = new Date('2026-11-21T10:00:00Z');
    await write([order(1, { updatedAt: later, status: OrderStatus.SHIPPED, rawStatus: 'SHIPPED' })]);
    expect(await write([order(1)])).toEqual({ created: 0, updated: 0, unchanged: 1, shipmentChanges: [] });
    const [row] = await orm.em.getConnection().execute('select status from orders where user_id = ? and external_id = ?', [target.userId, 'ORD-1']);
    expect(row!.status).toBe('SHIPPED');
  });

  it('releases the stock of a cancelled order, once', async () => {
    const cancelled = order(2, { status: OrderStatus.CANCELLED, rawStatus: 'CANCELLED', updatedAt: new Date('2026-11-22T00:00:00Z') });
    await write([cancelled]);
    await write([cancelled]);
    expect(await reserved('MUG-01')).toBe(2);
    expect(await reserved('TEE-M')).toBe(1);
    expect(await count('inventory_reservations')).toBe(4);
  });

  it('moves a line’s reservation with its quantity (units refunded), and by nothing when it stays', async () => {
    const at = (day: number) => new Date(`2026-11-2${day}T12:00:00Z`);
    const withMugs = (quantity: number, day: number) => {
      const o = order(3, { updatedAt: at(day) });
      return { ...o, items: o.items.map((i) => (i.sku === 'MUG-01' ? { ...i, quantity } : i)) };
    };
    const before = (await reserved('MUG-01'))!;
    await write([withMugs(3, 3)]);
    expect(await reserved('MUG-01')).toBe(before + 3);
    await write([withMugs(1, 4)]);
    await write([withMugs(1, 4)]);
    expect(await reserved('MUG-01')).toBe(before + 1);
    await write([withMugs(0, 5)]);
    expect(await reserved('MUG-01')).toBe(before);
    await write([{ ...withMugs(0, 6), status: OrderStatus.CANCELLED, rawStatus: 'CANCELLED' }]);
    expect(await reserved('MUG-01')).toBe(before);
    expect(await reserved('TEE-M')).toBe(1);
  });

  it('adds up when pages of one seller are written concurrently', async () => {
    const pages = Array.from({ length: 6 }, (_, p) => Array.from({ length: 10 }, (_, i) => order(100 + p * 10 + i)));
    await Promise.all(pages.map((page) => write(page)));
    expect(await reserved('MUG-01')).toBe(2 + 60 * 2);
    expect(await reserved('TEE-M')).toBe(1 + 60);
  });
});

describe('a write batch that holds an order twice', () => {
  it('keeps the newest copy (an order updated while the sync paged)', async () => {
    const orm = await testOrm();
    try {
      const em = orm.em.fork();
      const user = em.create(User, { subject: `twice-${randomUUID()}` });
      const account = em.create(ChannelAccount, { user, providerId: 'amazon', channelType: ChannelType.AMAZON, externalId: 'a-1', displayName: 'Amazon' });
      await em.flush();
      const target = { userId: user.id, channelAccountId: account.id, providerId: 'amazon', warehouseId: await defaultWarehouseId(orm.em.fork(), user.id) };
      const newer = order(7, { status: OrderStatus.SHIPPED, rawStatus: 'Shipped', updatedAt: new Date('2026-11-21T00:00:00Z') });
      const counts = await orm.em.fork().transactional((tx) => writeOrderPage(tx, target, [newer, order(7)]));
      expect(counts).toEqual({ created: 1, updated: 0, unchanged: 1, shipmentChanges: [] });
      const [row] = await orm.em.getConnection().execute('select status from orders where user_id = ?', [user.id]);
      expect(row!.status).toBe('SHIPPED');
    } finally {
      await orm.close();
    }
  });
});
