import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { ChannelAccount, ChannelType, OrderStatus, PaymentMethod, ShipmentStatus, User } from '../../src/domain/index.js';
import type { CommonOrder, CommonOrderItem } from '../../src/providers/types.js';
import { writeOrderPage } from '../../src/services/order-persistence.js';
import type { PageTarget } from '../../src/services/sync/page-target.js';
import { writeStockLevels } from '../../src/services/stock-persistence.js';
import { testOrm } from '../support/database.js';

const line = (id: string, status: OrderStatus, unitPrice: string, shipping = '0.00', quantity = 1): CommonOrderItem => ({
  externalLineId: id,
  sku: `SKU-${id}`,
  title: `Item ${id}`,
  quantity,
  unitPrice,
  discount: '0.00',
  tax: '0.00',
  status,
  rawStatus: status,
  shipping,
});

/** One shipment of a Flipkart-style order: a part carrying some of its lines. */
const part = (orderId: string, shipmentId: string, updatedAt: string, items: CommonOrderItem[], tracking?: string): CommonOrder => ({
  externalId: orderId,
  orderNumber: orderId,
  status: items[0]!.status!,
  rawStatus: items[0]!.rawStatus!,
  paymentMethod: PaymentMethod.COD,
  currency: 'INR',
  orderedAt: new Date('2026-11-20T10:00:00Z'),
  updatedAt: new Date(updatedAt),
  itemSubtotal: null,
  discounts: null,
  shippingCharged: null,
  tax: null,
  total: null,
  customer: { city: 'Pune' },
  items,
  partial: true,
  shipments: [{ externalId: shipmentId, status: ShipmentStatus.CREATED, trackingNumber: tracking, carrier: tracking ? 'Ekart' : undefined }],
});

describe('orders a channel delivers in parts', () => {
  let orm: MikroORM;
  let target: PageTarget;
  const write = (orders: CommonOrder[]) => orm.em.fork().transactional((em) => writeOrderPage(em, target, orders));
  const stored = async (orderId: string) =>
    (
      await orm.em.getConnection().execute(
        `select o.status, o.item_subtotal, o.shipping_charged, o.total,
           (select count(*)::int from order_items i where i.order_id = o.id) as lines,
           (select array_agg(coalesce(s.tracking_number, '-') || '@' || s.external_id order by s.external_id)
              from shipments s where s.order_id = o.id) as shipments
         from orders o where o.user_id = ? and o.external_id = ?`,
        [target.userId, orderId],
      )
    )[0];
  const reserved = async (sku: string) =>
    (
      await orm.em.getConnection().execute<{ reserved: number }[]>('select reserved from inventory_levels where user_id = ? and sku = ?', [target.userId, sku])
    )[0]?.reserved;

  beforeAll(async () => {
    orm = await testOrm();
    const em = orm.em.fork();
    const user = em.create(User, { subject: `parts-${randomUUID()}` });
    const account = em.create(ChannelAccount, {
      user,
      providerId: 'flipkart',
      channelType: ChannelType.FLIPKART,
      externalId: 'fk-parts',
      displayName: 'Flipkart',
    });
    await em.flush();
    target = { userId: user.id, channelAccountId: account.id, providerId: 'flipkart' };
    // Stock read for the SKUs whose reservations are checked, so they are counted somewhere.
    const at = new Date('2026-11-20T09:00:00Z');
    const stock = ['SKU-3a', 'SKU-3b'].map((sku) => ({ sku, locationId: '1', locationName: 'Pune', onHand: 10, updatedAt: at }));
    await orm.em.fork().transactional((em) => writeStockLevels(em, user.id, 'shopify', stock));
  });
  afterAll(() => orm.close());

  it('an order split over two shipments in two syncs is one order with both shipments and the sum of both', async () => {
    expect(await write([part('OD1', 'S1', '2026-11-20T11:00:00Z', [line('1a', OrderStatus.SHIPPED, '499.50', '40.00')], 'AWB1')])).toMatchObject({
      created: 1,
      updated: 0,
      unchanged: 0,
    });
    expect(await write([part('OD1', 'S2', '2026-11-20T10:30:00Z', [line('1b', OrderStatus.PACKED, '300.25', '0.00', 2)])])).toMatchObject({
      created: 0,
      updated: 1,
      unchanged: 0,
    });
    expect(await stored('OD1')).toEqual({
      status: 'PACKED',
      item_subtotal: '1100.00',
      shipping_charged: '40.00',
      total: '1140.00',
      lines: 2,
      shipments: ['AWB1@S1', '-@S2'],
    });
  });

  it('reports each parcel that is new or changed status, once, for shipmentStatusChanged', async () => {
    const shipped = (status: ShipmentStatus, at: string) => {
      const p = part('OD9', 'S9', at, [line('9a', OrderStatus.SHIPPED, '100.00', '0.00')], 'AWB9');
      return { ...p, shipments: [{ ...p.shipments![0]!, status }] };
    };
    const changes = async (o: CommonOrder) =>
      (await write([o])).shipmentChanges.map(({ trackingNumber, status, previousStatus }) => [trackingNumber, previousStatus, status]);
    expect(await changes(shipped(ShipmentStatus.CREATED, '2026-11-20T11:00:00Z'))).toEqual([['AWB9', null, 'CREATED']]);
    expect(await changes(shipped(ShipmentStatus.IN_TRANSIT, '2026-11-21T11:00:00Z'))).toEqual([['AWB9', 'CREATED', 'IN_TRANSIT']]);
    expect(await changes(shipped(ShipmentStatus.IN_TRANSIT, '2026-11-22T11:00:00Z'))).toEqual([]);
  });

  it('assembles the two shipments of an order met on one page the same way', async () => {
    await write([
      part('OD2', 'S3', '2026-11-20T11:00:00Z', [line('2a', OrderStatus.DELIVERED, '100.00')]),
      part('OD2', 'S4', '2026-11-20T11:05:00Z', [line('2b', OrderStatus.DELIVERED, '200.00')]),
    ]);
    expect(await stored('OD2')).toMatchObject({ status: 'DELIVERED', total: '300.00', lines: 2 });
  });

  it('an order with one of two lines cancelled is not cancelled, is worth its other line and releases the cancelled stock', async () => {
    await write([part('OD3', 'S5', '2026-11-20T11:00:00Z', [line('3a', OrderStatus.CONFIRMED, '250.00'), line('3b', OrderStatus.CONFIRMED, '150.00')])]);
    expect(await reserved('SKU-3b')).toBe(1);
    await write([part('OD3', 'S5', '2026-11-20T12:00:00Z', [line('3b', OrderStatus.CANCELLED, '150.00')])]);
    expect(await stored('OD3')).toMatchObject({ status: 'CONFIRMED', total: '250.00', lines: 2 });
    expect(await reserved('SKU-3b')).toBe(0);
    expect(await reserved('SKU-3a')).toBe(1);
  });

  it('every line cancelled: cancelled, with what was ordered', async () => {
    await write([part('OD4', 'S6', '2026-11-20T11:00:00Z', [line('4a', OrderStatus.CANCELLED, '80.00'), line('4b', OrderStatus.CANCELLED, '20.00')])]);
    expect(await stored('OD4')).toMatchObject({ status: 'CANCELLED', total: '100.00' });
  });

  it('every line back from the courier is RTO; a customer return makes it RETURNED; a part return leaves it delivered', async () => {
    await write([part('OD5', 'S7', '2026-11-20T11:00:00Z', [line('5a', OrderStatus.RTO, '80.00'), line('5b', OrderStatus.CANCELLED, '20.00')])]);
    expect(await stored('OD5')).toMatchObject({ status: 'RTO', total: '80.00' });
    await write([part('OD6', 'S8', '2026-11-20T11:00:00Z', [line('6a', OrderStatus.RETURNED, '80.00'), line('6b', OrderStatus.DELIVERED, '20.00')])]);
    expect(await stored('OD6')).toMatchObject({ status: 'DELIVERED', total: '20.00' });
  });

  it('an older copy of a line never overwrites a newer one', async () => {
    await write([part('OD7', 'S9', '2026-11-20T12:00:00Z', [line('7a', OrderStatus.DELIVERED, '80.00')], 'AWB7')]);
    await write([part('OD7', 'S9', '2026-11-20T11:00:00Z', [line('7a', OrderStatus.PACKED, '80.00')])]);
    expect(await stored('OD7')).toMatchObject({ status: 'DELIVERED', shipments: ['AWB7@S9'] });
  });
});

describe('an order the channel has not priced yet', () => {
  it('is stored without invented amounts, and completed when the channel prices it', async () => {
    const orm = await testOrm();
    try {
      const em = orm.em.fork();
      const user = em.create(User, { subject: `unpriced-${randomUUID()}` });
      const account = em.create(ChannelAccount, {
        user,
        providerId: 'amazon',
        channelType: ChannelType.AMAZON,
        externalId: 'a-unpriced',
        displayName: 'Amazon',
      });
      await em.flush();
      const target = { userId: user.id, channelAccountId: account.id, providerId: 'amazon' };
      const pending: CommonOrder = {
        externalId: '405-1',
        status: OrderStatus.PENDING,
        rawStatus: 'PENDING',
        paymentMethod: PaymentMethod.PREPAID,
        currency: 'INR',
        orderedAt: new Date('2026-11-20T10:00:00Z'),
        updatedAt: new Date('2026-11-20T10:00:00Z'),
        itemSubtotal: null,
        discounts: null,
        shippingCharged: null,
        tax: null,
        total: null,
        customer: {},
        items: [{ externalLineId: 'L1', sku: 'MUG', title: 'Mug', quantity: 2, unitPrice: null, discount: null, tax: null }],
      };
      const write = (o: CommonOrder) => orm.em.fork().transactional((tx) => writeOrderPage(tx, target, [o]));
      const row = async () =>
        (
          await orm.em
            .getConnection()
            .execute('select o.total, o.item_subtotal, i.unit_price from orders o join order_items i on i.order_id = o.id where o.user_id = ?', [user.id])
        )[0];
      await write(pending);
      expect(await row()).toEqual({ total: null, item_subtotal: null, unit_price: null });
      await write({
        ...pending,
        status: OrderStatus.CONFIRMED,
        updatedAt: new Date('2026-11-20T11:00:00Z'),
        itemSubtotal: '400.00',
        discounts: '0.00',
        shippingCharged: '0.00',
        tax: '72.00',
        total: '472.00',
        items: [{ ...pending.items[0]!, unitPrice: '200.00', discount: '0.00', tax: '72.00' }],
      });
      expect(await row()).toEqual({ total: '472.00', item_subtotal: '400.00', unit_price: '200.00' });
    } finally {
      await orm.close();
    }
  });
});
