import { randomUUID } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import { ChannelAccount, ChannelType, OrderStatus, PaymentMethod, Shipment, ShipmentStatus, User } from '../../src/domain/index.js';
import type { CommonOrder } from '../../src/providers/types.js';
import { writeOrderPage } from '../../src/services/order-persistence.js';
import type { PageTarget } from '../../src/services/sync/page-target.js';
import { testOrm } from '../support/database.js';

/** An order with one parcel, the same ids whichever account reports it (one seller connected twice). */
const order = (n: number, status: ShipmentStatus, updatedAt: string, tracking?: string): CommonOrder => ({
  externalId: `OD${n}`,
  status: OrderStatus.SHIPPED,
  rawStatus: 'SHIPPED',
  paymentMethod: PaymentMethod.PREPAID,
  currency: 'INR',
  orderedAt: new Date('2026-11-20T10:00:00Z'),
  updatedAt: new Date(updatedAt),
  itemSubtotal: '499.00',
  discounts: '0.00',
  shippingCharged: '0.00',
  tax: '0.00',
  total: '499.00',
  customer: {},
  items: [{ externalLineId: `${n}-1`, sku: 'MUG-01', title: 'Mug', quantity: 1, unitPrice: '499.00', discount: '0.00', tax: '0.00' }],
  shipments: [{ externalId: `S${n}`, status, trackingNumber: tracking, carrier: tracking ? 'Ekart Logistics' : undefined }],
});

describe('the parcels of two accounts of one sales channel', () => {
  let orm: MikroORM;
  let user: User;
  let a: PageTarget;
  let b: PageTarget;
  const write = (target: PageTarget, orders: CommonOrder[]) => orm.em.fork().transactional((em) => writeOrderPage(em, target, orders));
  /** Each of the account's orders with its parcels, as "order: AWB@shipment status". */
  const parcelsOf = async (target: PageTarget) =>
    (
      await orm.em.getConnection().execute<Array<{ parcel: string }>>(
        `select o.external_id || ': ' || coalesce(s.tracking_number, '-') || '@' || s.external_id || ' ' || s.status as parcel
           from orders o join shipments s on s.order_id = o.id where o.channel_account_id = ? order by 1`,
        [target.channelAccountId],
      )
    ).map((r) => r.parcel);

  beforeAll(async () => {
    orm = await testOrm();
    const em = orm.em.fork();
    user = em.create(User, { subject: `two-books-${randomUUID()}` });
    const account = (externalId: string) =>
      em.create(ChannelAccount, { user, providerId: 'flipkart', channelType: ChannelType.FLIPKART, externalId, displayName: `Flipkart · ${externalId}` });
    const first = account('fk-app-1');
    const second = account('fk-app-2');
    await em.flush();
    a = { userId: user.id, channelAccountId: first.id, providerId: 'flipkart' };
    b = { userId: user.id, channelAccountId: second.id, providerId: 'flipkart' };
  });
  afterAll(() => orm.close());

  it('each account keeps its own parcels when both report the same shipment ids and AWBs', async () => {
    const page = [order(1, ShipmentStatus.IN_TRANSIT, '2026-11-20T11:00:00Z', 'AWB1'), order(2, ShipmentStatus.CREATED, '2026-11-20T11:00:00Z')];
    await write(a, page);
    const second = await write(b, page);

    expect(await parcelsOf(a)).toEqual(['OD1: AWB1@S1 IN_TRANSIT', 'OD2: -@S2 CREATED']);
    expect(await parcelsOf(b)).toEqual(['OD1: AWB1@S1 IN_TRANSIT', 'OD2: -@S2 CREATED']);
    // The second account's parcels are new to it: its subscribers are told of the one with an AWB as a first sighting.
    expect(second.shipmentChanges.map((c) => [c.trackingNumber, c.previousStatus, c.status])).toEqual([
      ['AWB1', null, 'IN_TRANSIT'],
      [null, null, 'CREATED'],
    ]);
  });

  it('moves one account’s parcel without touching the other’s copy', async () => {
    const changes = await write(a, [order(2, ShipmentStatus.IN_TRANSIT, '2026-11-21T09:00:00Z', 'AWB2')]);
    expect(changes.shipmentChanges.map((c) => [c.trackingNumber, c.previousStatus, c.status])).toEqual([['AWB2', 'CREATED', 'IN_TRANSIT']]);
    expect(await parcelsOf(a)).toEqual(['OD1: AWB1@S1 IN_TRANSIT', 'OD2: AWB2@S2 IN_TRANSIT']);
    expect(await parcelsOf(b)).toEqual(['OD1: AWB1@S1 IN_TRANSIT', 'OD2: -@S2 CREATED']);
  });

  it('still stores a parcel booked with a courier once per AWB', async () => {
    const em = orm.em.fork();
    em.create(Shipment, { user: user.id, providerId: 'delhivery', trackingNumber: '38261910000346' });
    await em.flush();
    em.create(Shipment, { user: user.id, providerId: 'delhivery', trackingNumber: '38261910000346' });
    await expect(em.flush()).rejects.toBeInstanceOf(UniqueConstraintViolationException);
  });
});
