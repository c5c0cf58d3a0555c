import { OrderStatus, PaymentMethod, ShipmentStatus } from '../../src/domain/enums.js';
import { flipkartErrorText } from '../../src/providers/flipkart/client.js';
import { isLiveReturn, normalizeReturn, normalizeShipment } from '../../src/providers/flipkart/normalize.js';
import { flipkartShipment, returnItem, shipmentDetails, type FlipkartShipment } from '../../src/providers/flipkart/payloads.js';

// Flipkart's shipment_created notification (docs/providers.md §3.2, fk docs
// shipment-created-notification.html): the same Shipment object the pull API returns.
const notification = {
  eventType: 'shipment_created',
  source: 'flipkart',
  version: 'v3',
  locationId: 'LOC1234',
  timestamp: '2017-03-28T18:03:01+05:30',
  attributes: {
    dispatchByDate: '2017-04-10T10:00:00.000+05:30',
    dispatchAfterDate: '2017-04-06T18:21:25.000+05:30',
    updatedAt: '2017-04-06T18:17:01.000+05:30',
    hold: false,
    mps: false,
    subShipments: [{ subShipmentId: 'SS-1', packages: [] }],
    packagingPolicy: 'GREEN_PACKAGE',
    orderItems: [
      {
        orderItemId: '1883380307363600',
        orderId: 'OD108833803073636000',
        cancellationGroupId: 'grp1883380307363600',
        orderDate: '2017-04-06T18:15:57.000+05:30',
        paymentType: 'COD',
        status: 'APPROVED',
        quantity: 1,
        fsn: 'DIAE777EDCWNZSPZ',
        sku: 'LKA041150',
        listingId: 'LSTDIAE777EDCWNZSPZQMLAT0',
        hsn: null,
        title: 'Lokalart Pocket-size Journal Yellow LKA041150',
        packageIds: [],
        priceComponents: { sellingPrice: 295.0, totalPrice: 295.0, shippingCharge: 0.0, customerPrice: 295.0, flipkartDiscount: 0.0 },
        is_replacement: false,
      },
    ],
    forms: [{ name: 'GJ_403', link: 'http://www.commercialtax.gujarat.gov.in/', automated: true }],
    dispatchLocation: null,
  },
  shipmentId: 'd133588f-b0ac-443b-99b4-7ac8648a0f89',
};

const sample = flipkartShipment.parse({ shipmentId: notification.shipmentId, ...notification.attributes });
const item = sample.orderItems[0]!;
/** The sample's shipment with other items (hand-worked cases). */
const withItems = (items: Array<Partial<typeof item> & { price?: number; shipping?: number }>, updatedAt = sample.updatedAt): FlipkartShipment => ({
  ...sample,
  updatedAt,
  orderItems: items.map(({ price = 295, shipping = 0, ...rest }, n) => ({
    ...item,
    orderItemId: `OI-${n + 1}`,
    priceComponents: { sellingPrice: price, totalPrice: price + shipping, shippingCharge: shipping, customerPrice: price, flipkartDiscount: 0 },
    ...rest,
  })),
});

describe('Flipkart normalizer: one partial copy of the order per shipment', () => {
  it('reads the shipment_created sample as order OD…, holding only this shipment’s line', () => {
    const details = shipmentDetails.parse({ shipmentId: sample.shipmentId, deliveryAddress: { city: 'Ahmedabad', state: 'Gujarat', pinCode: '380001' } });
    expect(normalizeShipment(sample, details)).toEqual({
      externalId: 'OD108833803073636000',
      orderNumber: 'OD108833803073636000',
      status: OrderStatus.CONFIRMED,
      rawStatus: 'APPROVED',
      paymentMethod: PaymentMethod.COD,
      currency: 'INR',
      orderedAt: new Date('2017-04-06T12:45:57.000Z'),
      updatedAt: new Date('2017-04-06T12:47:01.000Z'),
      itemSubtotal: '295.00',
      discounts: '0.00',
      shippingCharged: '0.00',
      tax: '0.00',
      total: '295.00',
      customer: { city: 'Ahmedabad', state: 'Gujarat', pincode: '380001' },
      items: [
        {
          externalLineId: '1883380307363600',
          sku: 'LKA041150',
          title: 'Lokalart Pocket-size Journal Yellow LKA041150',
          quantity: 1,
          unitPrice: '295.00',
          discount: '0.00',
          tax: '0.00',
          status: OrderStatus.CONFIRMED,
          rawStatus: 'APPROVED',
          shipping: '0.00',
        },
      ],
      partial: true,
      // GST is inside Flipkart's prices, unstated: the profit engine takes it out.
      pricesIncludeUnstatedTax: true,
      // The sample names no serviceProfile: the seller ships it.
      fulfilledBy: 'SELLER',
      // No courier yet: the parcel is only created.
      shipments: [
        {
          externalId: 'd133588f-b0ac-443b-99b4-7ac8648a0f89',
          trackingNumber: undefined,
          carrier: undefined,
          status: ShipmentStatus.CREATED,
          rawStatus: 'APPROVED',
        },
      ],
    });
  });

  it.each([
    ['FBF', 'CHANNEL'],
    ['Flipkart_Fulfilment', 'CHANNEL'],
    ['NON_FBF', 'SELLER'],
    ['Seller_Fulfilment', 'SELLER'],
    ['FBF_LITE', 'SELLER'],
    ['Smart_Fulfilment', 'SELLER'],
  ])('a shipment of serviceProfile %s is shipped by the %s, and so is its return', (serviceProfile, by) => {
    const shipment = withItems([{ serviceProfile }, { serviceProfile }]);
    expect(normalizeShipment(shipment).fulfilledBy).toBe(by);
    const returned = new Map([['OI-1', returnItem.parse({ orderItemId: 'OI-1', status: 'CREATED' })]]);
    expect(normalizeReturn(shipment, returned, 'customer_return')!.fulfilledBy).toBe(by);
  });

  it.each([
    ['PACKING_IN_PROGRESS', OrderStatus.CONFIRMED, ShipmentStatus.CREATED],
    ['FORM_FAILED', OrderStatus.CONFIRMED, ShipmentStatus.CREATED],
    ['PACKED', OrderStatus.PACKED, ShipmentStatus.CREATED],
    ['READY_TO_DISPATCH', OrderStatus.PACKED, ShipmentStatus.CREATED],
    ['PICKUP_COMPLETE', OrderStatus.SHIPPED, ShipmentStatus.PICKED_UP],
    ['SHIPPED', OrderStatus.SHIPPED, ShipmentStatus.IN_TRANSIT],
    ['DELIVERED', OrderStatus.DELIVERED, ShipmentStatus.DELIVERED],
    ['COMPLETED', OrderStatus.DELIVERED, ShipmentStatus.DELIVERED],
    ['RETURN_REQUESTED', OrderStatus.DELIVERED, ShipmentStatus.DELIVERED],
    ['RETURNED', OrderStatus.RETURNED, ShipmentStatus.DELIVERED],
    ['CANCELLED', OrderStatus.CANCELLED, ShipmentStatus.CANCELLED],
  ])('an item %s is a %s line in a %s parcel', (raw, status, parcel) => {
    const copy = normalizeShipment(withItems([{ status: raw }]));
    expect(copy.items[0]).toMatchObject({ status, rawStatus: raw });
    expect(copy.status).toBe(status);
    expect(copy.shipments![0]!.status).toBe(parcel);
  });

  it('takes a RETURNED item Flipkart flags as a courier return for an RTO', () => {
    const rto = normalizeShipment(withItems([{ status: 'RETURNED', courierReturn: true }]));
    expect([rto.items[0]!.status, rto.shipments![0]!.status]).toEqual([OrderStatus.RTO, ShipmentStatus.RTO_DELIVERED]);
  });

  it('keeps GST inside the price and tax at 0.00, and comes to the paisa of what the buyer paid', () => {
    // ₹100.00 for 3 units: 33.34 × 3 = 100.02, so the line carries 0.02 of rounding as discount.
    const copy = normalizeShipment(withItems([{ quantity: 3, price: 100 }, { quantity: 2, price: 0.1, shipping: 49 }, { price: 1249.5 }]));
    expect(copy.items.map((l) => [l.unitPrice, l.discount, l.tax, l.shipping])).toEqual([
      ['33.34', '0.02', '0.00', '0.00'],
      ['0.05', '0.00', '0.00', '49.00'],
      ['1249.50', '0.00', '0.00', '0.00'],
    ]);
    // 100.00 + 0.10 + 49.00 shipping + 1249.50
    expect(copy).toMatchObject({ itemSubtotal: '1349.62', discounts: '0.02', shippingCharged: '49.00', tax: '0.00', total: '1398.60' });
  });

  it('gives each line its own status: one cancelled item does not cancel the parcel or the copy', () => {
    const copy = normalizeShipment(
      withItems([
        { status: 'CANCELLED', price: 10 },
        { status: 'PACKED', price: 20, shipping: 49 },
      ]),
    );
    expect(copy.items.map((l) => l.status)).toEqual([OrderStatus.CANCELLED, OrderStatus.PACKED]);
    expect(copy.status).toBe(OrderStatus.PACKED);
    expect(copy.rawStatus).toBe('CANCELLED,PACKED');
    expect(copy.shipments![0]!.status).toBe(ShipmentStatus.CREATED);

    const allCancelled = normalizeShipment(withItems([{ status: 'CANCELLED' }, { status: 'CANCELLED' }]));
    expect(allCancelled.status).toBe(OrderStatus.CANCELLED);
    expect(allCancelled.shipments![0]!.status).toBe(ShipmentStatus.CANCELLED);
  });

  it('makes two shipments of one order two copies of the same order, whose totals add up to the order', () => {
    const first = normalizeShipment({ ...withItems([{ price: 499, shipping: 40 }]), shipmentId: 'S-1' });
    const second = normalizeShipment({ ...withItems([{ orderItemId: 'OI-9', price: 1299.99, quantity: 2, status: 'SHIPPED' }]), shipmentId: 'S-2' });
    expect([first.externalId, second.externalId]).toEqual(['OD108833803073636000', 'OD108833803073636000']);
    expect([first.partial, second.partial]).toEqual([true, true]);
    expect([first.shipments![0]!.externalId, second.shipments![0]!.externalId]).toEqual(['S-1', 'S-2']);
    expect([first.total, second.total]).toEqual(['539.00', '1299.99']);
  });

  it('takes the courier’s AWB and name from the sub-shipment in the shipment details, and the address', () => {
    // As fk docs get-shipment-details give it: the courier per sub-shipment.
    const details = shipmentDetails.parse({
      shipmentId: sample.shipmentId,
      deliveryAddress: { firstName: 'A', city: 'Pune', state: 'Maharashtra', pinCode: 411001 },
      subShipments: [
        {
          subShipmentId: 'SS-1',
          courierDetails: {
            pickupDetails: { trackingId: 'PICK1', vendorName: 'X' },
            deliveryDetails: { trackingId: 'FMPC0000001234', vendorName: 'Ekart Logistics' },
          },
          shipmentDimensions: { length: null, breadth: null, height: null, weight: null },
        },
      ],
    });
    const copy = normalizeShipment(withItems([{ status: 'SHIPPED' }]), details);
    expect(copy.shipments).toEqual([
      { externalId: sample.shipmentId, trackingNumber: 'FMPC0000001234', carrier: 'Ekart Logistics', status: ShipmentStatus.IN_TRANSIT, rawStatus: 'SHIPPED' },
    ]);
    expect(copy.customer).toEqual({ city: 'Pune', state: 'Maharashtra', pincode: '411001' });
  });

  it('reads a shipment-level courier (the SDK model) when no sub-shipment names one', () => {
    const details = shipmentDetails.parse({
      shipmentId: sample.shipmentId,
      subShipments: [{ subShipmentId: 'SS-1', courierDetails: { deliveryDetails: { trackingId: null, vendorName: null } } }],
      courierDetails: { deliveryDetails: { trackingId: 'FMPC0000005678', vendorName: 'Ekart Logistics' } },
    });
    expect(normalizeShipment(withItems([{ status: 'SHIPPED' }]), details).shipments![0]).toMatchObject({
      trackingNumber: 'FMPC0000005678',
      carrier: 'Ekart Logistics',
    });
  });
});

describe('Flipkart returns: partial copies of the returned lines', () => {
  const shipment = withItems(
    [
      { status: 'DELIVERED', price: 500 },
      { status: 'DELIVERED', price: 700, shipping: 40 },
    ],
    '2017-04-12T10:00:00.000+05:30',
  );
  const ret = (orderItemId: string, status: string, updatedDate = '2017-04-20T09:00:00.000+05:30') =>
    returnItem.parse({ returnId: `R-${orderItemId}`, orderItemId, status, updatedDate });

  it('makes a customer return RETURNED, only for the returned line, newer than the forward copy', () => {
    const copy = normalizeReturn(shipment, new Map([['OI-2', ret('OI-2', 'COMPLETED')]]), 'customer_return')!;
    expect(copy.items).toEqual([
      expect.objectContaining({
        externalLineId: 'OI-2',
        status: OrderStatus.RETURNED,
        rawStatus: 'COMPLETED (customer_return)',
        unitPrice: '700.00',
        shipping: '40.00',
      }),
    ]);
    expect(copy).toMatchObject({
      externalId: 'OD108833803073636000',
      partial: true,
      status: OrderStatus.RETURNED,
      total: '740.00',
      updatedAt: new Date('2017-04-20T03:30:00.000Z'),
    });
    // The forward parcel was delivered; the return is a new pickup.
    expect(copy.shipments![0]).toMatchObject({ externalId: sample.shipmentId, status: ShipmentStatus.DELIVERED });
  });

  it('makes a courier return an RTO, initiated until it is back with the seller', () => {
    const both = new Map([
      ['OI-1', ret('OI-1', 'CREATED')],
      ['OI-2', ret('OI-2', 'CREATED')],
    ]);
    const onTheWay = normalizeReturn(shipment, both, 'courier_return')!;
    expect(onTheWay.items.map((l) => l.status)).toEqual([OrderStatus.RTO, OrderStatus.RTO]);
    expect(onTheWay.shipments![0]).toMatchObject({ status: ShipmentStatus.RTO_INITIATED, rawStatus: 'RTO CREATED' });
    const back = normalizeReturn(
      shipment,
      new Map([
        ['OI-1', ret('OI-1', 'COMPLETED')],
        ['OI-2', ret('OI-2', 'COMPLETED')],
      ]),
      'courier_return',
    )!;
    expect(back.shipments![0]).toMatchObject({ status: ShipmentStatus.RTO_DELIVERED, rawStatus: 'RTO COMPLETED' });
  });

  it('is never older than the shipment as Flipkart shows it now', () => {
    const copy = normalizeReturn(shipment, new Map([['OI-1', ret('OI-1', 'CREATED', '2017-04-01T00:00:00.000+05:30')]]), 'customer_return')!;
    expect(copy.updatedAt).toEqual(new Date('2017-04-12T04:30:00.000Z'));
  });

  it('ignores a cancelled return, and a shipment none of whose items came back', () => {
    expect(isLiveReturn(ret('OI-1', 'CANCELLED'))).toBe(false);
    expect(isLiveReturn(ret('OI-1', 'CREATED'))).toBe(true);
    expect(normalizeReturn(shipment, new Map([['OTHER', ret('OTHER', 'CREATED')]]), 'customer_return')).toBeUndefined();
  });
});

describe('Flipkart’s own error text', () => {
  it('reads every errors[].description, or the OAuth error_description, and nothing else', () => {
    const body = {
      errors: [
        { severity: 'ERROR', code: 4002, description: 'States RETURNED are not allowed for postDispatch shipments', path: 'filter.states' },
        { severity: 'ERROR', code: 4004, description: 'pageSize too big' },
      ],
    };
    expect(flipkartErrorText(body)).toBe('States RETURNED are not allowed for postDispatch shipments; pageSize too big');
    expect(flipkartErrorText({ error: 'invalid_token', error_description: 'Invalid access token' })).toBe('Invalid access token');
    expect(flipkartErrorText('<html>Bad gateway</html>')).toBeUndefined();
    expect(flipkartErrorText(undefined)).toBeUndefined();
  });
});
