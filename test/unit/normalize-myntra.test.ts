import { OrderStatus, PaymentMethod } from '../../src/domain/enums.js';
import { myntra } from '../../src/providers/myntra/index.js';
import { normalizeOrder } from '../../src/providers/myntra/normalize.js';
import { deliveryKey, parsePush, type MyntraOrder } from '../../src/providers/myntra/push-payload.js';

// A push in the shape Sutra assumes (push-payload.ts; Myntra's own is not public, docs/providers.md
// §4): two units of one kurta, each its own 1-unit line, and a mug. Prices are what the buyer
// pays, 12% GST included; the order's shipping rides on its first line.
const kurta = (n: number, shipping: number) => ({
  orderLineId: `9876543-${n}`,
  sellerSku: 'KURTA-BLU-M',
  productName: 'Kurta BLU-M',
  quantity: 1,
  status: 'WP',
  unitPrice: 1299,
  discount: 129.9,
  taxAmount: 125.26, // 12/112 of 1169.10
  shippingCharge: shipping,
});
const sample = {
  orderId: 'MYN000123456',
  status: 'WP',
  createdOn: '2026-11-20T10:15:00+05:30',
  lastModifiedOn: '2026-11-20T11:00:00+05:30',
  paymentMethod: 'COD',
  currency: 'INR',
  shippingAddress: { city: 'Pune', state: 'Maharashtra', pincode: 411001 },
  orderLines: [
    kurta(1, 49),
    kurta(2, 0),
    {
      orderLineId: '9876544-1',
      sellerSku: 'MUG-WHT-XL',
      quantity: 1,
      status: 'WP',
      unitPrice: '499.00',
      discount: '0',
      taxAmount: '53.46',
      shippingCharge: '0',
    },
  ],
};

const parseOne = (body: unknown): MyntraOrder => {
  const parsed = parsePush(body);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed.orders[0]!;
};

describe('Myntra push normalizer (assumed payload)', () => {
  it('takes the tax out of the prices exactly once, to the paisa', () => {
    const order = normalizeOrder(parseOne(sample));
    expect(order).toMatchObject({
      externalId: 'MYN000123456',
      orderNumber: 'MYN000123456',
      status: OrderStatus.CONFIRMED,
      rawStatus: 'WP',
      paymentMethod: PaymentMethod.COD,
      currency: 'INR',
      orderedAt: new Date('2026-11-20T04:45:00Z'),
      updatedAt: new Date('2026-11-20T05:30:00Z'),
      // 1173.74 × 2 + 445.54: each unit's price less the GST inside it.
      itemSubtotal: '2793.02',
      discounts: '259.80',
      shippingCharged: '49.00',
      tax: '303.98',
      // What the buyer paid: 1169.10 × 2 + 499 + 49 shipping.
      total: '2886.20',
      customer: { city: 'Pune', state: 'Maharashtra', pincode: '411001' },
      partial: true,
    });
    expect(order.items).toEqual([
      {
        externalLineId: '9876543-1',
        sku: 'KURTA-BLU-M',
        title: 'Kurta BLU-M',
        quantity: 1,
        unitPrice: '1173.74',
        discount: '129.90',
        tax: '125.26',
        status: OrderStatus.CONFIRMED,
        rawStatus: 'WP',
        shipping: '49.00',
      },
      {
        externalLineId: '9876543-2',
        sku: 'KURTA-BLU-M',
        title: 'Kurta BLU-M',
        quantity: 1,
        unitPrice: '1173.74',
        discount: '129.90',
        tax: '125.26',
        status: OrderStatus.CONFIRMED,
        rawStatus: 'WP',
        shipping: '0.00',
      },
      {
        externalLineId: '9876544-1',
        sku: 'MUG-WHT-XL',
        title: 'MUG-WHT-XL',
        quantity: 1,
        unitPrice: '445.54',
        discount: '0.00',
        tax: '53.46',
        status: OrderStatus.CONFIRMED,
        rawStatus: 'WP',
        shipping: '0.00',
      },
    ]);
  });

  it('reads one order, a list, or an envelope of orders', async () => {
    const second = { ...sample, orderId: 'MYN000123457' };
    for (const body of [[sample, second], { orders: [sample, second] }]) {
      const parsed = parsePush(body);
      expect('orders' in parsed && parsed.orders.map((o) => o.orderId)).toEqual(['MYN000123456', 'MYN000123457']);
    }
    // Myntra's pushes are read from their body alone: no session is ever opened.
    const read = await myntra.intake!.orders!(sample, 'orders', () => Promise.reject(new Error('no session for a push')));
    expect('orders' in read && read.orders.map((o) => [o.externalId, o.total])).toEqual([['MYN000123456', '2886.20']]);
  });

  it('reads a time without an offset as India time', () => {
    const order = normalizeOrder(parseOne({ ...sample, createdOn: '2026-11-20 10:15:00', lastModifiedOn: '2026-11-20T11:00:00' }));
    expect(order.orderedAt).toEqual(new Date('2026-11-20T04:45:00Z'));
    expect(order.updatedAt).toEqual(new Date('2026-11-20T05:30:00Z'));
  });

  it.each([
    ['Q', OrderStatus.PENDING],
    ['WP', OrderStatus.CONFIRMED],
    ['PK', OrderStatus.PACKED],
    ['SH', OrderStatus.SHIPPED],
    ['DL', OrderStatus.DELIVERED],
    ['F', OrderStatus.CANCELLED],
    ['RTO', OrderStatus.RTO],
    ['RT', OrderStatus.RETURNED],
    ['NEWCODE', OrderStatus.CONFIRMED],
  ])('maps status %s to %s, keeping Myntra’s word', (code, status) => {
    const order = normalizeOrder(parseOne({ ...sample, status: code, orderLines: sample.orderLines.map((l) => ({ ...l, status: code })) }));
    expect(order).toMatchObject({ status, rawStatus: code });
    expect(order.items.every((i) => i.status === status && i.rawStatus === code)).toBe(true);
  });

  it.each([
    ['a line without its SKU', { ...sample, orderLines: [{ ...kurta(1, 0), sellerSku: undefined }] }, /orders\[0\]\.orderLines\[0\]\.sellerSku/],
    ['a line of two units', { ...sample, orderLines: [{ ...kurta(1, 0), quantity: 2 }] }, /orderLines\[0\]\.quantity: Myntra sends 1-unit lines/],
    ['more tax than price', { ...sample, orderLines: [{ ...kurta(1, 0), taxAmount: 2000 }] }, /taxAmount: taxAmount is more than the price after its discount/],
    ['an amount in words', { ...sample, orderLines: [{ ...kurta(1, 0), unitPrice: 'twelve' }] }, /orderLines\[0\]\.unitPrice/],
    ['a bad time', { ...sample, createdOn: 'yesterday' }, /orders\[0\]\.createdOn: must be an ISO-8601 time/],
    ['no orders', [], /orders: no orders/],
    ['not an order at all', 'hello', /orders\[0\]/],
  ])('refuses %s with a message saying where', (_what, body, message) => {
    const parsed = parsePush(body);
    expect('error' in parsed && parsed.error).toMatch(/^Myntra's push is not an order Sutra understands: /);
    expect('error' in parsed && parsed.error).toMatch(message);
  });

  it('knows a resend of a push by its orders’ versions, however it is written', () => {
    const second = { ...sample, orderId: 'MYN000123457' };
    const key = deliveryKey([sample, second]);
    expect(key).toBe('MYN000123456@2026-11-20T11:00:00+05:30,MYN000123457@2026-11-20T11:00:00+05:30');
    expect(deliveryKey({ orders: [second, { ...sample, paymentMethod: 'COD ' }] })).toBe(key);
    expect(deliveryKey([sample, { ...second, lastModifiedOn: '2026-11-20T12:00:00+05:30' }])).not.toBe(key);
    expect(deliveryKey({ hello: 'world' })).toBeUndefined();
  });
});
