import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { ChannelAccount, ChannelType, OrderStatus, PaymentMethod, ShipmentStatus, User } from '../../src/domain/index.js';
import type { CommonOrder } from '../../src/providers/types.js';
import { orderStatusOverChannelSql } from '../../src/services/courier-order-status.js';
import { writeOrderPage } from '../../src/services/order-persistence.js';
import { writeTrackingUpdates } from '../../src/services/shipment-tracking.js';
import type { PageTarget } from '../../src/services/sync/page-target.js';
import { forUser } from '../../src/db/tenant-filter.js';
import { testOrm } from '../support/database.js';

const at = (day: number) => new Date(`2026-11-${day}T10:00:00Z`);

function channelOrder(id: string, status: OrderStatus, rawStatus: string, updatedAt: Date, partial = false): CommonOrder {
  return {
    partial,
    externalId: id,
    status,
    rawStatus,
    paymentMethod: PaymentMethod.COD,
    currency: 'INR',
    orderedAt: at(10),
    updatedAt,
    itemSubtotal: '799.00',
    discounts: '0.00',
    shippingCharged: '0.00',
    tax: '0.00',
    total: '799.00',
    customer: { city: 'Jaipur', state: 'Rajasthan', pincode: '302001' },
    items: [
      {
        externalLineId: `${id}-1`,
        sku: 'KURTA-L',
        title: 'Kurta',
        quantity: 1,
        unitPrice: '799.00',
        discount: '0.00',
        tax: '0.00',
        // A channel delivering orders in parts (Flipkart) gives each line its own status.
        ...(partial ? { status, rawStatus } : {}),
      },
    ],
  };
}

/** A seller selling on Amazon who ships with their own Delhivery account. */
async function seller(orm: MikroORM) {
  const em = orm.em.fork();
  const user = em.create(User, { subject: `courier-word-${randomUUID()}` });
  const amazon = em.create(ChannelAccount, { user, providerId: 'amazon', channelType: ChannelType.AMAZON, externalId: 'A1', displayName: 'Amazon' });
  const delhivery = em.create(ChannelAccount, { user, providerId: 'delhivery', externalId: 'DL1', displayName: 'Delhivery' });
  await em.flush();
  const channel: PageTarget = { userId: user.id, channelAccountId: amazon.id, providerId: 'amazon' };
  const courier: PageTarget = { userId: user.id, channelAccountId: delhivery.id, providerId: 'delhivery' };
  const db = orm.em.getConnection();
  return {
    sync: (orders: CommonOrder[]) => orm.em.fork().transactional((tx) => writeOrderPage(tx, channel, orders)),
    /** The seller booked the order's parcel with Delhivery: Sutra tracks it. */
    book: async (externalId: string, awb: string) =>
      db.execute(
        `insert into shipments (id, user_id, order_id, provider_id, tracking_number, courier_account_id, tracked, status, currency, created_at, updated_at)
         select gen_random_uuid(), o.user_id, o.id, 'delhivery', ?, ?, true, 'PICKED_UP', 'INR', now(), now()
         from orders o where o.channel_account_id = ? and o.external_id = ?`,
        [awb, delhivery.id, amazon.id, externalId],
      ),
    track: (awb: string, status: ShipmentStatus, rawStatus: string, day: number) =>
      forUser(orm.em, user.id).transactional((tx) =>
        writeTrackingUpdates(tx, courier, [{ trackingNumber: awb, status, rawStatus, events: [{ at: at(day), status, rawStatus }] }]),
      ),
    /** What orderStatusOverChannelSql stores for the order when the channel's copy says `channel`. */
    over: (externalId: string, channel: OrderStatus) =>
      forUser(orm.em, user.id).transactional(async (tx) => {
        const { rows } = await sql<{ status: string }>`
          select ${orderStatusOverChannelSql(sql`${channel}::order_status`, { id: sql.ref('o.id'), userId: sql.ref('o.user_id') })}::text as status
          from orders o where o.user_id = ${user.id}::uuid and o.channel_account_id = ${amazon.id}::uuid and o.external_id = ${externalId}`.execute(
          tx.getKysely(),
        );
        return rows[0]!.status;
      }),
    /** The order falls behind its parcel (set to `status` by hand), and no day's profit is owed. */
    lag: async (externalId: string, status: OrderStatus) => {
      await db.execute('update orders set status = ? where channel_account_id = ? and external_id = ?', [status, amazon.id, externalId]);
      await db.execute('delete from profit_stale_days where user_id = ?', [user.id]);
    },
    staleDays: async () =>
      (await db.execute<{ day: string }[]>('select day::text as day from profit_stale_days where user_id = ? order by day', [user.id])).map((r) => r.day),
    status: async (externalId: string) =>
      (await db.execute<{ status: string }[]>('select status from orders where channel_account_id = ? and external_id = ?', [amazon.id, externalId]))[0]!
        .status,
  };
}

describe("the courier's word on an order against the channel's later copies", () => {
  let orm: MikroORM;
  let s: Awaited<ReturnType<typeof seller>>;

  beforeAll(async () => {
    orm = await testOrm();
    s = await seller(orm);
  });
  afterAll(() => orm.close());

  it('keeps an order RTO when the channel, a day later, still says it shipped or was delivered', async () => {
    await s.sync([channelOrder('405-RTO', OrderStatus.SHIPPED, 'Shipped', at(11))]);
    await s.book('405-RTO', 'DL-RTO-1');
    await s.track('DL-RTO-1', ShipmentStatus.RTO_DELIVERED, 'RTO', 14);
    expect(await s.status('405-RTO')).toBe('RTO');

    await s.sync([channelOrder('405-RTO', OrderStatus.SHIPPED, 'Shipped', at(15))]);
    expect(await s.status('405-RTO')).toBe('RTO');
    await s.sync([channelOrder('405-RTO', OrderStatus.DELIVERED, 'Delivered', at(16))]);
    expect(await s.status('405-RTO')).toBe('RTO');
  });

  it('keeps an order delivered by the courier DELIVERED against a stale "shipped", but takes the customer’s return after it', async () => {
    await s.sync([channelOrder('405-DEL', OrderStatus.SHIPPED, 'Shipped', at(11))]);
    await s.book('405-DEL', 'DL-DEL-1');
    await s.track('DL-DEL-1', ShipmentStatus.DELIVERED, 'Delivered', 13);
    expect(await s.status('405-DEL')).toBe('DELIVERED');

    await s.sync([channelOrder('405-DEL', OrderStatus.SHIPPED, 'Shipped', at(14))]);
    expect(await s.status('405-DEL')).toBe('DELIVERED');
    await s.sync([channelOrder('405-DEL', OrderStatus.RETURNED, 'Returned', at(20))]);
    expect(await s.status('405-DEL')).toBe('RETURNED');
  });

  it('keeps RTO when a channel delivering orders in parts sends a newer part saying delivered', async () => {
    await s.sync([channelOrder('OD-RTO', OrderStatus.SHIPPED, 'SHIPPED', at(11), true)]);
    await s.book('OD-RTO', 'DL-RTO-2');
    await s.track('DL-RTO-2', ShipmentStatus.RTO_INITIATED, 'RTO', 14);
    expect(await s.status('OD-RTO')).toBe('RTO');

    await s.sync([channelOrder('OD-RTO', OrderStatus.DELIVERED, 'DELIVERED', at(15), true)]);
    expect(await s.status('OD-RTO')).toBe('RTO');
  });

  it('takes every word of the channel’s when no courier-tracked parcel closed, and keeps RTO whatever it says', async () => {
    await s.sync([channelOrder('W-OPEN', OrderStatus.SHIPPED, 'Shipped', at(11)), channelOrder('W-RTO', OrderStatus.SHIPPED, 'Shipped', at(11))]);
    await s.book('W-OPEN', 'DL-W-OPEN');
    await s.book('W-RTO', 'DL-W-RTO');
    await s.track('DL-W-RTO', ShipmentStatus.RTO_DELIVERED, 'RTO', 14);
    for (const status of Object.values(OrderStatus)) {
      expect(await s.over('W-OPEN', status)).toBe(status);
      expect(await s.over('W-RTO', status)).toBe(OrderStatus.RTO);
    }
  });

  it('keeps DELIVERED against a lagging channel, but takes a customer return after it', async () => {
    await s.sync([channelOrder('W-DEL', OrderStatus.SHIPPED, 'Shipped', at(11))]);
    await s.book('W-DEL', 'DL-W-DEL');
    await s.track('DL-W-DEL', ShipmentStatus.DELIVERED, 'Delivered', 13);
    expect(await s.over('W-DEL', OrderStatus.SHIPPED)).toBe(OrderStatus.DELIVERED);
    expect(await s.over('W-DEL', OrderStatus.CANCELLED)).toBe(OrderStatus.DELIVERED);
    expect(await s.over('W-DEL', OrderStatus.RTO)).toBe(OrderStatus.DELIVERED);
    expect(await s.over('W-DEL', OrderStatus.RETURNED)).toBe(OrderStatus.RETURNED);
  });

  it('owes the day’s profit of an order the courier’s word moves, though its parcel stands', async () => {
    await s.sync([channelOrder('405-LAG', OrderStatus.SHIPPED, 'Shipped', at(11))]);
    await s.book('405-LAG', 'DL-LAG-1');
    await s.track('DL-LAG-1', ShipmentStatus.DELIVERED, 'Delivered', 13);
    await s.lag('405-LAG', OrderStatus.SHIPPED);

    // The same update again: the parcel does not change, the order follows it.
    await s.track('DL-LAG-1', ShipmentStatus.DELIVERED, 'Delivered', 13);
    expect(await s.status('405-LAG')).toBe('DELIVERED');
    expect(await s.staleDays()).toEqual(['2026-11-10']);
  });

  it('takes the channel’s cancellation of an order whose parcel the courier has not closed', async () => {
    await s.sync([channelOrder('405-CAN', OrderStatus.CONFIRMED, 'Unshipped', at(11))]);
    await s.book('405-CAN', 'DL-CAN-1');
    await s.sync([channelOrder('405-CAN', OrderStatus.CANCELLED, 'Canceled', at(12))]);
    expect(await s.status('405-CAN')).toBe('CANCELLED');
  });
});
