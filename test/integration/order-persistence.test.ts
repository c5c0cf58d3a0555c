import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ChannelAccount, ChannelType, OrderStatus, PaymentMethod, User } from '../../src/domain/index.js';
import type { CommonOrder, StockLevel } from '../../src/providers/types.js';
import { writeOrderPage } from '../../src/services/order-persistence.js';
import type { PageTarget } from '../../src/services/sync/page-target.js';
import { writeStockLevels } from '../../src/services/stock-persistence.js';
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

const stock = (sku: string, locationId: string, onHand: number): StockLevel => ({
  sku,
  locationId,
  locationName: `Store ${locationId}`,
  onHand,
  updatedAt: new Date('2026-11-20T09:00:00Z'),
});

/** A seller with one Flipkart account, and the ways to look at its stock. */
async function seller(orm: MikroORM, label: string) {
  const em = orm.em.fork();
  const user = em.create(User, { subject: `${label}-${randomUUID()}` });
  const account = em.create(ChannelAccount, { user, providerId: 'flipkart', channelType: ChannelType.FLIPKART, externalId: label, displayName: 'Flipkart' });
  await em.flush();
  const target: PageTarget = { userId: user.id, channelAccountId: account.id, providerId: 'flipkart' };
  const db = orm.em.getConnection();
  return {
    target,
    write: (orders: CommonOrder[]) => orm.em.fork().transactional((tx) => writeOrderPage(tx, target, orders)),
    readStock: (levels: StockLevel[]) => orm.em.fork().transactional((tx) => writeStockLevels(tx, user.id, 'shopify', levels)),
    count: async (table: string) => (await db.execute<{ n: number }[]>(`select count(*)::int as n from ${table} where user_id = ?`, [user.id]))[0]!.n,
    /** Units reserved for the SKU over all of its levels (undefined when it has none). */
    reserved: async (sku: string) =>
      (await db.execute<{ r: number | null }[]>('select sum(reserved)::int as r from inventory_levels where user_id = ? and sku = ?', [user.id, sku]))[0]!.r ??
      undefined,
    /** Each level's reserved count, by location code. */
    levels: async (sku: string) =>
      Object.fromEntries(
        (
          await db.execute<{ code: string; reserved: number }[]>(
            'select w.code, l.reserved from inventory_levels l join warehouses w on w.id = l.warehouse_id where l.user_id = ? and l.sku = ? order by w.code',
            [user.id, sku],
          )
        ).map((l) => [l.code, l.reserved]),
      ),
    /** Open reservations counted in no level, because no stock of their SKU was read yet. */
    waiting: async () =>
      (
        await db.execute<{ n: number }[]>(
          'select count(*)::int as n from inventory_reservations where user_id = ? and warehouse_id is null and released_at is null',
          [user.id],
        )
      )[0]!.n,
    /** Levels whose reserved count is not the sum of their open reservations (none, always). */
    inconsistent: async () =>
      db.execute(
        `select l.sku, l.reserved, coalesce(sum(r.quantity) filter (where r.released_at is null), 0)::int as held
           from inventory_levels l left join inventory_reservations r on r.warehouse_id = l.warehouse_id and r.sku = l.sku
          where l.user_id = ? group by l.id having l.reserved <> coalesce(sum(r.quantity) filter (where r.released_at is null), 0)`,
        [user.id],
      ),
  };
}

describe('writing a page of orders', () => {
  let orm: MikroORM;
  let s: Awaited<ReturnType<typeof seller>>;

  beforeAll(async () => {
    orm = await testOrm();
    s = await seller(orm, 'persist');
    await s.readStock([stock('MUG-01', '1', 100), stock('TEE-M', '1', 100)]);
  });
  afterAll(() => orm.close());
  afterEach(async () => expect(await s.inconsistent()).toEqual([]));

  it('creates orders, lines and one reservation per line, money exact', async () => {
    expect(await s.write([order(1), order(2)])).toEqual({ created: 2, updated: 0, unchanged: 0, shipmentChanges: [] });
    expect([await s.count('orders'), await s.count('order_items'), await s.count('inventory_reservations')]).toEqual([2, 4, 4]);
    expect(await s.reserved('MUG-01')).toBe(4);
    const totals = await orm.em.getConnection().execute('select total, item_subtotal from orders where user_id = ? order by external_id', [s.target.userId]);
    expect(totals).toEqual([
      { total: '1049.10', item_subtotal: '1000.10' },
      { total: '1049.10', item_subtotal: '1000.10' },
    ]);
  });

  it('changes nothing when the same page is written again (a replay after a crash)', async () => {
    expect(await s.write([order(1), order(2)])).toEqual({ created: 0, updated: 2, unchanged: 0, shipmentChanges: [] });
    expect([await s.count('orders'), await s.count('order_items'), await s.count('inventory_reservations')]).toEqual([2, 4, 4]);
    expect(await s.reserved('MUG-01')).toBe(4);
  });

  it('never lets an older copy of an order overwrite a newer one, and releases the stock of an order that shipped', async () => {
    const later = new Date('2026-11-21T10:00:00Z');
    await s.write([order(1, { updatedAt: later, status: OrderStatus.SHIPPED, rawStatus: 'SHIPPED' })]);
    // The goods left: the stock the channel reports already went down by them.
    expect([await s.reserved('MUG-01'), await s.reserved('TEE-M')]).toEqual([2, 1]);
    expect(await s.write([order(1)])).toEqual({ created: 0, updated: 0, unchanged: 1, shipmentChanges: [] });
    const [row] = await orm.em.getConnection().execute('select status from orders where user_id = ? and external_id = ?', [s.target.userId, 'ORD-1']);
    expect(row!.status).toBe('SHIPPED');
    expect(await s.reserved('MUG-01')).toBe(2);
  });

  it('releases the stock of a cancelled order, once', async () => {
    const cancelled = order(2, { status: OrderStatus.CANCELLED, rawStatus: 'CANCELLED', updatedAt: new Date('2026-11-22T00:00:00Z') });
    await s.write([cancelled]);
    await s.write([cancelled]);
    expect([await s.reserved('MUG-01'), await s.reserved('TEE-M')]).toEqual([0, 0]);
    expect(await s.count('inventory_reservations')).toBe(4);
  });

  it('moves a line’s reservation with its quantity (units refunded), and by nothing when it stays', async () => {
    const at = (day: number) => new Date(`2026-11-2${day}T12:00:00Z`);
    const withMugs = (quantity: number, day: number) => {
      const o = order(3, { updatedAt: at(day) });
      return { ...o, items: o.items.map((i) => (i.sku === 'MUG-01' ? { ...i, quantity } : i)) };
    };
    await s.write([withMugs(3, 3)]);
    expect(await s.reserved('MUG-01')).toBe(3);
    await s.write([withMugs(1, 4)]);
    await s.write([withMugs(1, 4)]);
    expect(await s.reserved('MUG-01')).toBe(1);
    await s.write([withMugs(0, 5)]);
    expect(await s.reserved('MUG-01')).toBe(0);
    expect(await s.reserved('TEE-M')).toBe(1);
    await s.write([{ ...withMugs(0, 6), status: OrderStatus.CANCELLED, rawStatus: 'CANCELLED' }]);
    expect([await s.reserved('MUG-01'), await s.reserved('TEE-M')]).toEqual([0, 0]);
  });

  it('adds up when pages of one seller are written concurrently', async () => {
    const pages = Array.from({ length: 6 }, (_, p) => Array.from({ length: 10 }, (_, i) => order(100 + p * 10 + i)));
    await Promise.all(pages.map((page) => s.write(page)));
    expect(await s.reserved('MUG-01')).toBe(60 * 2);
    expect(await s.reserved('TEE-M')).toBe(60);
  });

  it('reserves nothing for an order the channel ships from its own stock', async () => {
    const before = [await s.reserved('MUG-01'), await s.count('inventory_reservations')];
    await s.write([order(200, { fulfilledBy: 'CHANNEL' }), order(201, { fulfilledBy: 'CHANNEL', status: OrderStatus.PENDING })]);
    expect([await s.reserved('MUG-01'), await s.count('inventory_reservations')]).toEqual(before);
  });

  it('releases what a line held once a newer copy says the channel ships it', async () => {
    const before = (await s.reserved('MUG-01'))!;
    await s.write([order(210)]);
    expect(await s.reserved('MUG-01')).toBe(before + 2);
    await s.write([order(210, { fulfilledBy: 'CHANNEL', updatedAt: new Date('2026-11-21T00:00:00Z') })]);
    expect(await s.reserved('MUG-01')).toBe(before);
  });
});

describe('reserving stock that was never read', () => {
  let orm: MikroORM;
  beforeAll(async () => {
    orm = await testOrm();
  });
  afterAll(() => orm.close());

  it('invents no level: the reservation waits, and is counted in the level read later with the most units free', async () => {
    const s = await seller(orm, 'unread');
    await s.write([order(1), order(2, { status: OrderStatus.PENDING })]);
    expect(await s.count('inventory_levels')).toBe(0);
    expect(await s.count('warehouses')).toBe(0);
    expect(await s.waiting()).toBe(4);

    // Read at two locations: the mugs are held where most are free; the tees are still unread.
    await s.readStock([stock('MUG-01', '1', 3), stock('MUG-01', '2', 9)]);
    expect(await s.levels('MUG-01')).toEqual({ 'shopify:1': 0, 'shopify:2': 4 });
    expect(await s.waiting()).toBe(2);
    // Read again (the next sync): nothing moves twice.
    await s.readStock([stock('MUG-01', '1', 3), stock('MUG-01', '2', 9), stock('TEE-M', '1', 0)]);
    expect(await s.levels('MUG-01')).toEqual({ 'shopify:1': 0, 'shopify:2': 4 });
    expect(await s.levels('TEE-M')).toEqual({ 'shopify:1': 2 });
    expect(await s.waiting()).toBe(0);

    // A new order goes where most units are free now (9 − 4 = 5 against 3); a replay changes nothing.
    await s.write([order(3)]);
    await s.write([order(3)]);
    expect(await s.levels('MUG-01')).toEqual({ 'shopify:1': 0, 'shopify:2': 6 });
    expect(await s.inconsistent()).toEqual([]);
  });

  it('a waiting reservation follows its line’s quantity and is released on cancel, counted nowhere meanwhile', async () => {
    const s = await seller(orm, 'unread-moves');
    await s.write([order(1)]);
    await s.write([{ ...order(1, { updatedAt: new Date('2026-11-21T00:00:00Z') }), items: order(1).items.map((i) => ({ ...i, quantity: 5 })) }]);
    await s.write([order(1, { status: OrderStatus.CANCELLED, rawStatus: 'CANCELLED', updatedAt: new Date('2026-11-22T00:00:00Z') })]);
    expect(await s.waiting()).toBe(0);
    await s.readStock([stock('MUG-01', '1', 10)]);
    expect(await s.levels('MUG-01')).toEqual({ 'shopify:1': 0 });
  });

  it('adds up when stock is read while pages are written', async () => {
    const s = await seller(orm, 'race');
    const pages = Array.from({ length: 8 }, (_, p) => Array.from({ length: 5 }, (_, i) => order(p * 5 + i)));
    const reads = Array.from({ length: 3 }, (_, k) => [stock('MUG-01', String(k + 1), 10 * (k + 1)), stock('TEE-M', String(k + 1), 5)]);
    await Promise.all([...pages.map((page) => s.write(page)), ...reads.map((levels) => s.readStock(levels))]);
    expect(await s.waiting()).toBe(0);
    expect([await s.reserved('MUG-01'), await s.reserved('TEE-M')]).toEqual([80, 40]);
    expect(await s.inconsistent()).toEqual([]);
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
      const target = { userId: user.id, channelAccountId: account.id, providerId: 'amazon' };
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
