import { OrderStatus, PaymentMethod, ShipmentStatus } from '../../src/domain/enums.js';
import { normalizeOrder } from '../../src/providers/amazon/normalize.js';
import { searchOrdersResponse, type AmazonOrder } from '../../src/providers/amazon/payloads.js';

/**
 * The searchOrders 200 example of SP-API's orders_2026-01-01.json model (amzn/selling-partner-api-models
 * @34dc93f; docs/providers.md §2.3), trimmed of what Sutra does not read (buyer, delivery preference,
 * conditions, gift options …) but with every amount as the model has it.
 */
const modelExample = {
  orders: [
    {
      orderId: '123-4567890-1234567',
      orderAliases: [{ aliasId: 'SELLER-ORDER-2024-001', aliasType: 'SELLER_ORDER_ID' }],
      createdTime: '2024-12-25T10:30:00Z',
      lastUpdatedTime: '2024-12-25T14:45:00Z',
      programs: ['PRIME', 'AMAZON_BUSINESS'],
      salesChannel: { channelName: 'AMAZON', marketplaceId: 'ATVPDKIKX0DER', marketplaceName: 'Amazon.com' },
      recipient: {
        deliveryAddress: {
          name: 'John Smith',
          addressLine1: '123 Main Street',
          city: 'Seattle',
          districtOrCounty: 'King County',
          stateOrRegion: 'WA',
          postalCode: '98101',
          countryCode: 'US',
          addressType: 'COMMERCIAL',
        },
      },
      proceeds: {
        grandTotal: { amount: '154.99', currencyCode: 'USD' },
        breakdowns: [
          { type: 'ITEM', subtotal: { amount: '149.97', currencyCode: 'USD' } },
          { type: 'TAX', subtotal: { amount: '0.02', currencyCode: 'USD' } },
          { type: 'DELIVERY_TIP', status: 'FINALIZED', subtotal: { amount: '5.00', currencyCode: 'USD' } },
        ],
      },
      fulfillment: { fulfillmentStatus: 'SHIPPED', fulfilledBy: 'MERCHANT', fulfillmentServiceLevel: 'STANDARD' },
      orderItems: [
        {
          orderItemId: '12345678901234',
          quantityOrdered: 2,
          product: {
            asin: 'B08N5WRWNW',
            title: 'Echo Dot (4th Gen) | Smart speaker with Alexa | Charcoal',
            sellerSku: 'ECHO-DOT-4-CHARCOAL',
            price: { unitPrice: { amount: '49.99', currencyCode: 'USD' }, priceDesignation: 'BUSINESS_PRICE' },
          },
          proceeds: {
            proceedsTotal: { amount: '100.00', currencyCode: 'USD' },
            breakdowns: [
              { type: 'ITEM', subtotal: { amount: '99.98', currencyCode: 'USD' } },
              {
                type: 'TAX',
                subtotal: { amount: '0.02', currencyCode: 'USD' },
                detailedBreakdowns: [{ subtype: 'ITEM', value: { amount: '0.02', currencyCode: 'USD' } }],
              },
            ],
          },
          promotion: { breakdowns: [{ promotionId: 'PROMO-HOLIDAY-2024' }] },
          fulfillment: {
            quantityFulfilled: 2,
            quantityUnfulfilled: 0,
            shipping: {
              shippingConstraints: {
                palletDelivery: 'MANDATORY',
                cashOnDelivery: 'MANDATORY',
                signatureConfirmation: 'MANDATORY',
                recipientIdentityVerification: 'MANDATORY',
                recipientAgeVerification: 'MANDATORY',
              },
            },
          },
        },
        {
          orderItemId: '12345678901235',
          quantityOrdered: 1,
          product: {
            asin: 'B07XJ8C8F5',
            title: 'Fire TV Stick 4K with Alexa Voice Remote',
            sellerSku: 'FIRE-TV-4K-2021',
            price: { unitPrice: { amount: '49.99', currencyCode: 'USD' } },
          },
          proceeds: {
            proceedsTotal: { amount: '49.99', currencyCode: 'USD' },
            breakdowns: [{ type: 'ITEM', subtotal: { amount: '49.99', currencyCode: 'USD' } }],
          },
          fulfillment: { quantityFulfilled: 1, quantityUnfulfilled: 0, shipping: { shippingConstraints: { signatureConfirmation: 'MANDATORY' } } },
        },
      ],
      packages: [
        {
          packageReferenceId: 'PKG-2024-001',
          createdTime: '2024-12-25T15:00:00Z',
          packageStatus: { status: 'DELIVERED', detailedStatus: 'DELIVERED' },
          carrier: 'UPS',
          shipTime: '2024-12-25T14:00:00Z',
          shippingService: 'UPS Ground',
          trackingNumber: '1Z999AA1234567890',
          packageItems: [
            { orderItemId: '12345678901234', quantity: 2 },
            { orderItemId: '12345678901235', quantity: 1 },
          ],
        },
      ],
      fulfillmentOrders: [{ fulfillmentOrderId: 'LdDv2jxM4' }],
    },
  ],
  pagination: { nextToken: '2YgYW55IGNhcm5hbCBwbGVhc3VyZS4' },
  lastUpdatedBefore: '2024-12-25T15:00:00Z',
};

const inr = (amount: string) => ({ amount, currencyCode: 'INR' });
const taxOn = (subtype: string, amount: string) => ({ subtype, value: inr(amount) });

/**
 * A hand-worked amazon.in order, as 2026-01-01 itemises it (ITEM before tax, as in the model's example):
 * - 2 × kurta at ₹1,120.00 on the shelf, GST 12% included: ₹1,000.00 before tax; 10% off (₹200.00 before tax);
 *   GST on the ₹1,800.00 sold: ₹216.00; ₹49.00 shipping. The line: 2,000 − 200 + 216 + 49 = ₹2,065.00.
 * - 1 × mug at ₹336.00 on the shelf: ₹300.00 + ₹36.00 GST.
 * The buyer pays ₹2,401.00; the seller's revenue is 2,300 − 200 + 49 = ₹2,149.00 (tax is not revenue).
 */
const kurta = {
  orderItemId: '40312345600101',
  quantityOrdered: 2,
  product: { asin: 'B0KURTA001', title: 'Kurta BLU-M', sellerSku: 'KURTA-BLU-M', price: { unitPrice: inr('1120.00') } },
  proceeds: {
    proceedsTotal: inr('2065.00'),
    breakdowns: [
      { type: 'ITEM', subtotal: inr('2000.00') },
      { type: 'SHIPPING', subtotal: inr('49.00') },
      { type: 'DISCOUNT', subtotal: inr('-200.00'), detailedBreakdowns: [taxOn('ITEM', '-200.00')] },
      { type: 'TAX', subtotal: inr('216.00'), detailedBreakdowns: [taxOn('ITEM', '216.00')] },
    ],
  },
  fulfillment: { quantityFulfilled: 0, quantityUnfulfilled: 2, shipping: { shippingConstraints: {} } },
};
const mug = {
  orderItemId: '40312345600102',
  quantityOrdered: 1,
  product: { asin: 'B0MUG00001', title: 'Mug WHT-XL', sellerSku: 'MUG-WHT-XL', price: { unitPrice: inr('336.00') } },
  proceeds: {
    proceedsTotal: inr('336.00'),
    breakdowns: [
      { type: 'ITEM', subtotal: inr('300.00') },
      { type: 'TAX', subtotal: inr('36.00'), detailedBreakdowns: [taxOn('ITEM', '36.00')] },
    ],
  },
  fulfillment: { quantityFulfilled: 0, quantityUnfulfilled: 1, shipping: { shippingConstraints: {} } },
};
const indianOrder = (items: unknown[], extra: Record<string, unknown> = {}) =>
  searchOrdersResponse.parse({
    orders: [
      {
        orderId: '403-1234567-8901234',
        createdTime: '2026-11-20T04:30:00Z',
        lastUpdatedTime: '2026-11-20T06:00:00Z',
        salesChannel: { channelName: 'AMAZON', marketplaceId: 'A21TJRUUN4KGV', marketplaceName: 'Amazon.in' },
        recipient: { deliveryAddress: { city: 'Pune', stateOrRegion: 'Maharashtra', postalCode: '411001', countryCode: 'IN' } },
        proceeds: {
          grandTotal: inr('2401.00'),
          breakdowns: [
            { type: 'ITEM', subtotal: inr('2300.00') },
            { type: 'SHIPPING', subtotal: inr('49.00') },
            { type: 'DISCOUNT', subtotal: inr('-200.00') },
            { type: 'TAX', subtotal: inr('252.00') },
          ],
        },
        fulfillment: { fulfillmentStatus: 'UNSHIPPED', fulfilledBy: 'MERCHANT' },
        orderItems: items,
        ...extra,
      },
    ],
  }).orders[0]!;

/** Revenue as Sutra counts it (README "Architecture", "What an order earned"), in paise. */
const paise = (amount: string | null) => Math.round(Number(amount) * 100);
const revenuePaise = (o: { itemSubtotal: string | null; discounts: string | null; shippingCharged: string | null }) =>
  paise(o.itemSubtotal) - paise(o.discounts) + paise(o.shippingCharged);

describe('Amazon normalizer (SP-API Orders v2026-01-01)', () => {
  it("reads the model's example: status, items inline, proceeds, cash on delivery, address and package", () => {
    const order = normalizeOrder(searchOrdersResponse.parse(modelExample).orders[0]!);
    expect(order).toMatchObject({
      externalId: '123-4567890-1234567',
      orderNumber: '123-4567890-1234567',
      status: OrderStatus.SHIPPED,
      rawStatus: 'SHIPPED',
      // The first item's shippingConstraints.cashOnDelivery is MANDATORY in the example.
      paymentMethod: PaymentMethod.COD,
      currency: 'USD',
      orderedAt: new Date('2024-12-25T10:30:00Z'),
      updatedAt: new Date('2024-12-25T14:45:00Z'),
      // ITEM 99.98 + 49.99, before tax; TAX 0.02 once; the grand total holds the 5.00 delivery tip.
      itemSubtotal: '149.97',
      discounts: '0.00',
      shippingCharged: '0.00',
      tax: '0.02',
      total: '154.99',
      customer: { city: 'Seattle', state: 'WA', pincode: '98101' },
      shipments: [
        {
          externalId: '123-4567890-1234567/PKG-2024-001',
          trackingNumber: '1Z999AA1234567890',
          carrier: 'UPS',
          status: ShipmentStatus.DELIVERED,
          rawStatus: 'DELIVERED',
        },
      ],
    });
    expect(order.items).toEqual([
      {
        externalLineId: '12345678901234',
        sku: 'ECHO-DOT-4-CHARCOAL',
        title: 'Echo Dot (4th Gen) | Smart speaker with Alexa | Charcoal',
        quantity: 2,
        unitPrice: '49.99',
        discount: '0.00',
        tax: '0.02',
      },
      {
        externalLineId: '12345678901235',
        sku: 'FIRE-TV-4K-2021',
        title: 'Fire TV Stick 4K with Alexa Voice Remote',
        quantity: 1,
        unitPrice: '49.99',
        discount: '0.00',
        tax: '0.00',
      },
    ]);
  });

  it('reads who ships the order from fulfillment.fulfilledBy: the seller (MERCHANT) or Amazon from its own stock (AMAZON, FBA)', () => {
    expect(normalizeOrder(searchOrdersResponse.parse(modelExample).orders[0]!).fulfilledBy).toBe('SELLER');
    expect(normalizeOrder(indianOrder([kurta])).fulfilledBy).toBe('SELLER');
    const fba = normalizeOrder(indianOrder([kurta], { fulfillment: { fulfillmentStatus: 'UNSHIPPED', fulfilledBy: 'AMAZON' } }));
    expect(fba).toMatchObject({ fulfilledBy: 'CHANNEL', status: OrderStatus.CONFIRMED });
  });

  it('counts GST once on a tax-inclusive amazon.in order with a discount and shipping: revenue to the paisa', () => {
    const order = normalizeOrder(indianOrder([kurta, mug]));
    expect(order).toMatchObject({
      currency: 'INR',
      itemSubtotal: '2300.00',
      discounts: '200.00',
      shippingCharged: '49.00',
      tax: '252.00',
      total: '2401.00',
      status: OrderStatus.CONFIRMED,
      rawStatus: 'UNSHIPPED',
    });
    expect(revenuePaise(order)).toBe(214_900);
    expect(revenuePaise(order) + paise(order.tax)).toBe(paise(order.total));
    // The shelf price (₹1,120.00 with GST) is not the unit price: ₹1,000.00 before tax is.
    expect(order.items.map(({ sku, unitPrice, discount, tax }) => ({ sku, unitPrice, discount, tax }))).toEqual([
      { sku: 'KURTA-BLU-M', unitPrice: '1000.00', discount: '200.00', tax: '216.00' },
      { sku: 'MUG-WHT-XL', unitPrice: '300.00', discount: '0.00', tax: '36.00' },
    ]);
  });

  it('keeps a line exact when its amount does not divide by its quantity', () => {
    // 3 × tea at ₹100.00 for the three before tax: ₹33.34 each, the extra 2 paise a discount.
    const tea = {
      ...mug,
      orderItemId: '40312345600103',
      quantityOrdered: 3,
      proceeds: {
        proceedsTotal: inr('112.00'),
        breakdowns: [
          { type: 'ITEM', subtotal: inr('100.00') },
          { type: 'TAX', subtotal: inr('12.00') },
        ],
      },
    };
    const [line] = normalizeOrder(indianOrder([tea])).items;
    expect(line).toMatchObject({ quantity: 3, unitPrice: '33.34', discount: '0.02', tax: '12.00' });
    expect(paise(line!.unitPrice) * 3 - paise(line!.discount)).toBe(10_000);
  });

  it('still counts GST once if amazon.in sends amounts with their tax inside, as v0 did', () => {
    // The same order with ITEM and DISCOUNT carrying their GST (v0's ItemPrice/PromotionDiscount, docs/providers.md §2.2):
    // the breakdowns add up to proceedsTotal only with TAX left out, so the tax is taken out of them.
    const inclusive = [
      {
        ...kurta,
        proceeds: {
          proceedsTotal: inr('2065.00'),
          breakdowns: [
            { type: 'ITEM', subtotal: inr('2240.00') },
            { type: 'SHIPPING', subtotal: inr('49.00') },
            { type: 'DISCOUNT', subtotal: inr('-224.00') },
            { type: 'TAX', subtotal: inr('216.00'), detailedBreakdowns: [taxOn('ITEM', '240.00'), taxOn('DISCOUNT', '-24.00')] },
          ],
        },
      },
      {
        ...mug,
        proceeds: {
          proceedsTotal: inr('336.00'),
          breakdowns: [
            { type: 'ITEM', subtotal: inr('336.00') },
            { type: 'TAX', subtotal: inr('36.00') },
          ],
        },
      },
    ];
    const order = normalizeOrder(indianOrder(inclusive));
    expect(order).toMatchObject({ itemSubtotal: '2300.00', discounts: '200.00', shippingCharged: '49.00', tax: '252.00', total: '2401.00' });
    expect(order.items.map((i) => i.unitPrice)).toEqual(['1000.00', '300.00']);
  });

  it('reads cash on delivery from the items’ shipping constraint', () => {
    const cod = { ...mug, fulfillment: { ...mug.fulfillment, shipping: { shippingConstraints: { cashOnDelivery: 'MANDATORY' } } } };
    expect(normalizeOrder(indianOrder([kurta, cod])).paymentMethod).toBe(PaymentMethod.COD);
    expect(normalizeOrder(indianOrder([kurta, mug])).paymentMethod).toBe(PaymentMethod.PREPAID);
  });

  it('stores a Pending order without prices with every amount null, never an invented 0', () => {
    const unpriced = (item: typeof kurta | typeof mug) => ({ ...item, proceeds: undefined, product: { ...item.product, price: undefined } });
    const pending = searchOrdersResponse.parse({
      orders: [
        {
          orderId: '403-7654321-0000001',
          createdTime: '2026-11-20T04:30:00Z',
          lastUpdatedTime: '2026-11-20T04:30:05Z',
          salesChannel: { channelName: 'AMAZON', marketplaceId: 'A21TJRUUN4KGV' },
          fulfillment: { fulfillmentStatus: 'PENDING', fulfilledBy: 'MERCHANT' },
          orderItems: [unpriced(kurta), unpriced(mug)],
        },
      ],
    }).orders[0]!;
    const order = normalizeOrder(pending);
    expect(order).toMatchObject({
      status: OrderStatus.PENDING,
      rawStatus: 'PENDING',
      currency: 'INR',
      itemSubtotal: null,
      discounts: null,
      shippingCharged: null,
      tax: null,
      total: null,
      customer: {},
    });
    expect(order.items.map(({ quantity, unitPrice, discount, tax }) => ({ quantity, unitPrice, discount, tax }))).toEqual([
      { quantity: 2, unitPrice: null, discount: null, tax: null },
      { quantity: 1, unitPrice: null, discount: null, tax: null },
    ]);
    expect(order.shipments).toBeUndefined();
  });

  it.each([
    ['PENDING_AVAILABILITY', OrderStatus.PENDING],
    ['PENDING', OrderStatus.PENDING],
    ['UNSHIPPED', OrderStatus.CONFIRMED],
    ['PARTIALLY_SHIPPED', OrderStatus.SHIPPED],
    ['SHIPPED', OrderStatus.SHIPPED],
    ['CANCELLED', OrderStatus.CANCELLED],
    ['UNFULFILLABLE', OrderStatus.CANCELLED],
    ['SOMETHING_NEW', OrderStatus.PENDING],
  ])('maps fulfillmentStatus %s to %s and keeps the word', (raw, status) => {
    const order: AmazonOrder = { ...indianOrder([kurta]), fulfillment: { fulfillmentStatus: raw } };
    expect(normalizeOrder(order)).toMatchObject({ status, rawStatus: raw });
  });

  it('turns packages into shipments with the courier’s AWB', () => {
    const order = indianOrder([kurta], {
      packages: [
        {
          packageReferenceId: '1',
          packageStatus: { status: 'UNDELIVERABLE', detailedStatus: 'RETURNED_TO_SELLER' },
          carrier: 'Delhivery',
          trackingNumber: '3000000007919',
        },
        { packageReferenceId: '2', packageStatus: { status: 'SHIPPED' }, carrier: 'ATS' },
        // Amazon's UK sandbox answer pairs these two: the detail says more.
        { packageReferenceId: '3', packageStatus: { status: 'IN_TRANSIT', detailedStatus: 'OUT_FOR_DELIVERY' }, carrier: 'ATS' },
        // A detail with no ShipmentStatus of its own: the status enum says where the package is.
        { packageReferenceId: '4', packageStatus: { status: 'IN_TRANSIT', detailedStatus: 'DAMAGED' }, carrier: 'ATS' },
      ],
    });
    expect(normalizeOrder(order).shipments).toEqual([
      {
        externalId: '403-1234567-8901234/1',
        trackingNumber: '3000000007919',
        carrier: 'Delhivery',
        status: ShipmentStatus.RTO_DELIVERED,
        rawStatus: 'RETURNED_TO_SELLER',
      },
      { externalId: '403-1234567-8901234/2', trackingNumber: undefined, carrier: 'ATS', status: ShipmentStatus.PICKED_UP, rawStatus: 'SHIPPED' },
      {
        externalId: '403-1234567-8901234/3',
        trackingNumber: undefined,
        carrier: 'ATS',
        status: ShipmentStatus.OUT_FOR_DELIVERY,
        rawStatus: 'OUT_FOR_DELIVERY',
      },
      { externalId: '403-1234567-8901234/4', trackingNumber: undefined, carrier: 'ATS', status: ShipmentStatus.IN_TRANSIT, rawStatus: 'DAMAGED' },
    ]);
  });

  it('keeps the city and state when the pincode is withheld (an app without the Direct-to-Consumer Delivery role)', () => {
    // postalCode is PII in v2026-01-01, city and stateOrRegion are not (developer-docs.amazon.com/sp-api/docs/access-orders-pii).
    const order = indianOrder([kurta], { recipient: { deliveryAddress: { city: 'Pune', stateOrRegion: 'Maharashtra', countryCode: 'IN' } } });
    expect(normalizeOrder(order).customer).toEqual({ city: 'Pune', state: 'Maharashtra', pincode: undefined });
  });
});
