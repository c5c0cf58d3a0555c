import { OrderStatus, PaymentMethod } from '../../src/domain/enums.js';
import { normalizeShipment } from '../../src/providers/flipkart/normalize.js';
import { flipkartShipment } from '../../src/providers/flipkart/payloads.js';

// The shipment of Flipkart's shipment_created notification (REFERENCE.md §3.2): the same
// objects the pull API returns.
const notification = {
  eventType: 'shipment_created', source: 'flipkart', version: 'v3', locationId: 'LOC1234', timestamp: '2017-03-28T18:03:01+05:30',
  attributes: {
    dispatchByDate: '2017-04-10T10:00:00.000+05:30', dispatchAfterDate: '2017-04-06T18:21:25.000+05:30', updatedAt: '2017-04-06T18:17:01.000+05:30',
    hold: false, mps: false, subShipments: [{ subShipmentId: 'SS-1', packages: [] }], packagingPolicy: 'GREEN_PACKAGE',
    orderItems: [
      {
        orderItemId: '1883380307363600', orderId: 'OD108833803073636000', cancellationGroupId: 'grp1883380307363600', orderDate: '2017-04-06T18:15:57.000+05:30',
        paymentType: 'COD', status: 'APPROVED', quantity: 1, fsn: 'DIAE777EDCWNZSPZ', sku: 'LKA041150', listingId: 'LSTDIAE777EDCWNZSPZQMLAT0', hsn: null,
        title: 'Lokalart Pocket-size Journal Yellow LKA041150',
        priceComponents: { sellingPrice: 295.0, totalPrice: 295.0, shippingCharge: 0.0, customerPrice: 295.0, flipkartDiscount: 0.0 }, is_replacement: false,
      },
    ],
    forms: [{ name: 'GJ_403', link: 'http://www.commercialtax.gujarat.gov.in/', automated: true }],
    dispatchLocation: null,
  },
  shipmentId: 'd133588f-b0ac-443b-99b4-7ac8648a0f89',
};

describe('Flipkart normalizer (shipment_created sample)', () => {
  const shipment = flipkartShipment.parse({ shipmentId: notification.shipmentId, ...notification.attributes });

  it('makes the shipment the order, with Flipkart’s order id as its number', () => {
    expect(normalizeShipment(shipment, { city: 'Ahmedabad', state: 'Gujarat', pinCode: 380001 })).toMatchObject({
      externalId: 'd133588f-b0ac-443b-99b4-7ac8648a0f89',
      orderNumber: 'OD108833803073636000',
      status: OrderStatus.CONFIRMED,
      rawStatus: 'APPROVED',
      paymentMethod: PaymentMethod.COD,
      currency: 'INR',
      orderedAt: new Date('2017-04-06T12:45:57.000Z'),
      updatedAt: new Date('2017-04-06T12:47:01.000Z'),
      itemSubtotal: '295.00',
      shippingCharged: '0.00',
      total: '295.00',
      customer: { city: 'Ahmedabad', state: 'Gujarat', pincode: '380001' },
      items: [{ externalLineId: '1883380307363600', sku: 'LKA041150', quantity: 1, unitPrice: '295.00', discount: '0.00', tax: '0.00' }],
    });
  });

  it.each([
    ['PACKED', OrderStatus.PACKED],
    ['READY_TO_DISPATCH', OrderStatus.PACKED],
    ['SHIPPED', OrderStatus.SHIPPED],
    ['DELIVERED', OrderStatus.DELIVERED],
    ['RETURNED', OrderStatus.RETURNED],
    ['CANCELLED', OrderStatus.CANCELLED],
  ])('maps %s to %s', (raw, status) => {
    const s = { ...shipment, orderItems: [{ ...shipment.orderItems[0]!, status: raw }] };
    expect(normalizeShipment(s).status).toBe(status);
  });

  it('keeps the live status when only some lines were cancelled, and adds money exactly', () => {
    const line = shipment.orderItems[0]!;
    const s = {
      ...shipment,
      orderItems: [
        { ...line, status: 'CANCELLED', priceComponents: { ...line.priceComponents, sellingPrice: 0.1, totalPrice: 0.1 } },
        { ...line, orderItemId: '2', status: 'PACKED', quantity: 2, paymentType: 'PREPAID', priceComponents: { ...line.priceComponents, sellingPrice: 0.2, totalPrice: 49.2, shippingCharge: 49 } },
      ],
    };
    const common = normalizeShipment(s);
    expect(common.status).toBe(OrderStatus.PACKED);
    expect(common.itemSubtotal).toBe('0.30');
    expect(common.total).toBe('49.30');
    expect(common.items[1]!.unitPrice).toBe('0.10');
  });
});
