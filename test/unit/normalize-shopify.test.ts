import { OrderStatus, PaymentMethod, ShipmentStatus } from '../../src/domain/enums.js';
import { minus, sum } from '../../src/providers/money.js';
import { normalizeOrder } from '../../src/providers/shopify/normalize.js';
import { ordersResponse, type ShopifyOrder } from '../../src/providers/shopify/payloads.js';
import type { CommonOrder } from '../../src/providers/types.js';

const money = (amount: string) => ({ shopMoney: { amount, currencyCode: 'INR' } });
const tax = (rate: number, amount: string, title = 'IGST') => ({ title, rate, priceSet: money(amount) });

interface LineInput {
  id: number;
  sku: string;
  unit: string;
  quantity: number;
  current?: number;
  allocated?: string[];
  taxes?: ReturnType<typeof tax>[];
}
const line = (l: LineInput) => ({
  id: `gid://shopify/LineItem/${l.id}`,
  sku: l.sku,
  name: l.sku,
  quantity: l.quantity,
  currentQuantity: l.current ?? l.quantity,
  originalUnitPriceSet: money(l.unit),
  discountAllocations: (l.allocated ?? []).map((a) => ({ allocatedAmountSet: money(a) })),
  taxLines: l.taxes ?? [],
});

/** An Admin GraphQL order as Sutra's query asks for it, through the same zod parse the connector uses. */
function shopifyOrder(o: Record<string, unknown> & { lines: LineInput[] }): ShopifyOrder {
  const { lines, ...fields } = o;
  const node = {
    id: 'gid://shopify/Order/5662123456789',
    legacyResourceId: '5662123456789',
    name: '#1001',
    createdAt: '2026-08-01T10:15:00Z',
    updatedAt: '2026-08-02T06:00:00Z',
    cancelledAt: null,
    displayFinancialStatus: 'PAID',
    displayFulfillmentStatus: 'FULFILLED',
    returnStatus: 'NO_RETURN',
    currencyCode: 'INR',
    paymentGatewayNames: ['Razorpay'],
    shippingLine: { discountedPriceSet: money('0.00'), taxLines: [] },
    shippingAddress: { city: 'Bengaluru', province: 'Karnataka', zip: '560001' },
    refunds: [],
    fulfillments: [
      { id: 'gid://shopify/Fulfillment/255858046', displayStatus: 'IN_TRANSIT', trackingInfo: [{ company: 'Delhivery', number: '38261910000346' }] },
    ],
    lineItems: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: lines.map(line) },
    ...fields,
  };
  return ordersResponse.parse({ data: { orders: { pageInfo: { hasNextPage: false, endCursor: null }, nodes: [node] } } }).data.orders.nodes[0]!;
}

/** What the seller earned: item subtotal − discounts + shipping, tax excluded. */
const revenue = (o: CommonOrder) => sum([minus(o.itemSubtotal, o.discounts), o.shippingCharged]);

describe('Shopify money: one rule, tax-exclusive, current amounts (docs/providers.md §1.7)', () => {
  it('taxesIncluded true: two ₹1,120 T-shirts and ₹49 shipping, each with 12 % GST inside; tax is taken out, never added', () => {
    const order = normalizeOrder(
      shopifyOrder({
        taxesIncluded: true,
        currentSubtotalPriceSet: money('2240.00'),
        currentShippingPriceSet: money('49.00'),
        currentTotalTaxSet: money('245.25'),
        currentTotalPriceSet: money('2289.00'),
        shippingLine: { discountedPriceSet: money('49.00'), taxLines: [tax(0.12, '5.25')] },
        lines: [{ id: 1403, sku: 'TSHIRT-BLK-M', unit: '1120.00', quantity: 2, taxes: [tax(0.12, '240.00')] }],
      }),
    );
    expect(order).toMatchObject({ itemSubtotal: '2000.00', discounts: '0.00', shippingCharged: '43.75', tax: '245.25', total: '2289.00' });
    expect(order.items).toEqual([
      { externalLineId: '1403', sku: 'TSHIRT-BLK-M', title: 'TSHIRT-BLK-M', quantity: 2, unitPrice: '1000.00', discount: '0.00', tax: '240.00' },
    ]);
    expect(revenue(order)).toBe('2043.75');
    expect(revenue(order)).toBe(minus(order.total, order.tax));
  });

  it('taxesIncluded false: the same sale priced without tax; 12 % GST comes on top', () => {
    const order = normalizeOrder(
      shopifyOrder({
        taxesIncluded: false,
        currentSubtotalPriceSet: money('2000.00'),
        currentShippingPriceSet: money('49.00'),
        currentTotalTaxSet: money('240.00'),
        currentTotalPriceSet: money('2289.00'),
        shippingLine: { discountedPriceSet: money('49.00'), taxLines: [] },
        lines: [{ id: 1403, sku: 'TSHIRT-BLK-M', unit: '1000.00', quantity: 2, taxes: [tax(0.12, '240.00')] }],
      }),
    );
    expect(order).toMatchObject({ itemSubtotal: '2000.00', discounts: '0.00', shippingCharged: '49.00', tax: '240.00', total: '2289.00' });
    expect(order.items[0]).toMatchObject({ quantity: 2, unitPrice: '1000.00', discount: '0.00', tax: '240.00' });
    expect(revenue(order)).toBe('2049.00');
  });

  it('a partial refund: one of three mugs refunded (not returned); amounts and quantities are the current ones', () => {
    // Kurta ₹1,680 and mugs ₹448 each, 12 % GST inside (CGST + SGST, within the state); one mug refunded: ₹448 back.
    const order = normalizeOrder(
      shopifyOrder({
        taxesIncluded: true,
        displayFinancialStatus: 'PARTIALLY_REFUNDED',
        fulfillments: [{ id: 'gid://shopify/Fulfillment/1', displayStatus: 'DELIVERED', trackingInfo: [] }],
        // Before the refund: subtotal 3024, tax 324, total 3024 (totalPriceSet, not asked for).
        currentSubtotalPriceSet: money('2576.00'),
        currentShippingPriceSet: money('0.00'),
        currentTotalTaxSet: money('276.00'),
        currentTotalPriceSet: money('2576.00'),
        refunds: [{ refundLineItems: { nodes: [{ restockType: 'NO_RESTOCK' }] } }],
        lines: [
          { id: 1, sku: 'KURTA-BLU-M', unit: '1680.00', quantity: 1, taxes: [tax(0.06, '90.00', 'CGST'), tax(0.06, '90.00', 'SGST')] },
          { id: 2, sku: 'MUG-WHT-XL', unit: '448.00', quantity: 3, current: 2, taxes: [tax(0.06, '72.00', 'CGST'), tax(0.06, '72.00', 'SGST')] },
        ],
      }),
    );
    expect(order).toMatchObject({
      status: OrderStatus.DELIVERED,
      itemSubtotal: '2300.00',
      discounts: '0.00',
      shippingCharged: '0.00',
      tax: '276.00',
      total: '2576.00',
    });
    expect(order.items.map(({ sku, quantity, unitPrice, discount, tax: t }) => ({ sku, quantity, unitPrice, discount, tax: t }))).toEqual([
      { sku: 'KURTA-BLU-M', quantity: 1, unitPrice: '1500.00', discount: '0.00', tax: '180.00' },
      { sku: 'MUG-WHT-XL', quantity: 2, unitPrice: '400.00', discount: '0.00', tax: '96.00' },
    ]);
    expect(revenue(order)).toBe('2300.00');
  });

  it('an order-level discount allocated over two lines is each line’s discount', () => {
    // SAVE10: 10 % off ₹3,000 of goods, allocated ₹200 to the jeans and ₹100 to the two caps; 12 % GST on top.
    const order = normalizeOrder(
      shopifyOrder({
        taxesIncluded: false,
        currentSubtotalPriceSet: money('2700.00'),
        currentShippingPriceSet: money('49.00'),
        currentTotalTaxSet: money('324.00'),
        currentTotalPriceSet: money('3073.00'),
        shippingLine: { discountedPriceSet: money('49.00'), taxLines: [] },
        lines: [
          { id: 1, sku: 'JEANS-BLU-M', unit: '2000.00', quantity: 1, allocated: ['200.00'], taxes: [tax(0.12, '216.00')] },
          { id: 2, sku: 'CAP-RED-L', unit: '500.00', quantity: 2, allocated: ['100.00'], taxes: [tax(0.12, '108.00')] },
        ],
      }),
    );
    expect(order).toMatchObject({ itemSubtotal: '3000.00', discounts: '300.00', shippingCharged: '49.00', tax: '324.00', total: '3073.00' });
    expect(order.items.map((i) => i.discount)).toEqual(['200.00', '100.00']);
    expect(revenue(order)).toBe('2749.00');
  });

  it('taxes included with a discount and 18 % GST: each line adds up to its tax-exclusive net, to the paisa', () => {
    // Three ₹999 watches (18 % inside), 10 % off: ₹2,697.30 paid, of which ₹411.45 GST.
    const order = normalizeOrder(
      shopifyOrder({
        taxesIncluded: true,
        currentSubtotalPriceSet: money('2697.30'),
        currentShippingPriceSet: money('0.00'),
        currentTotalTaxSet: money('411.45'),
        currentTotalPriceSet: money('2697.30'),
        lines: [{ id: 7, sku: 'WATCH-BLK-S', unit: '999.00', quantity: 3, allocated: ['299.70'], taxes: [tax(0.18, '411.45')] }],
      }),
    );
    expect(order.items[0]).toMatchObject({ quantity: 3, unitPrice: '846.61', discount: '253.98', tax: '411.45' });
    expect(order).toMatchObject({ itemSubtotal: '2539.83', discounts: '253.98', tax: '411.45', total: '2697.30' });
    expect(revenue(order)).toBe('2285.85');
    expect(revenue(order)).toBe(minus(order.total, order.tax));
  });

  it('a withheld address (protected customer data) is missing data: the order is kept without it', () => {
    const base = {
      taxesIncluded: false,
      currentSubtotalPriceSet: money('500.00'),
      currentShippingPriceSet: money('0.00'),
      currentTotalTaxSet: money('60.00'),
      currentTotalPriceSet: money('560.00'),
    };
    const lines = [{ id: 9, sku: 'CAP-BLK-S', unit: '500.00', quantity: 1, taxes: [tax(0.12, '60.00')] }];
    const whole = normalizeOrder(shopifyOrder({ ...base, shippingAddress: null, lines }));
    expect(whole.customer).toEqual({ city: undefined, state: undefined, pincode: undefined });
    expect(whole).toMatchObject({ total: '560.00', tax: '60.00', itemSubtotal: '500.00' });
    const fields = normalizeOrder(shopifyOrder({ ...base, shippingAddress: { city: null, province: 'Karnataka', zip: null }, lines }));
    expect(fields.customer).toEqual({ city: undefined, state: 'Karnataka', pincode: undefined });
  });
});

describe('Shopify statuses: money back is not goods back (docs/providers.md §1.7, §1.12)', () => {
  const amounts = {
    taxesIncluded: false,
    currentSubtotalPriceSet: money('0.00'),
    currentShippingPriceSet: money('0.00'),
    currentTotalTaxSet: money('0.00'),
    currentTotalPriceSet: money('0.00'),
  };
  const refundedLine = [{ id: 1, sku: 'SAREE-RED-L', unit: '2500.00', quantity: 1, current: 0, taxes: [tax(0.12, '300.00')] }];

  it('keeps a fully refunded line with quantity 0, so its reservation follows it', () => {
    const order = normalizeOrder(shopifyOrder({ ...amounts, displayFinancialStatus: 'REFUNDED', lines: refundedLine }));
    expect(order.items).toEqual([
      { externalLineId: '1', sku: 'SAREE-RED-L', title: 'SAREE-RED-L', quantity: 0, unitPrice: '2500.00', discount: '0.00', tax: '0.00' },
    ]);
  });

  it('RETURNED only when the goods came back: returnStatus, or a refund restocked as RETURN', () => {
    expect(normalizeOrder(shopifyOrder({ ...amounts, displayFinancialStatus: 'REFUNDED', returnStatus: 'RETURNED', lines: refundedLine })).status).toBe(
      OrderStatus.RETURNED,
    );
    const restocked = shopifyOrder({
      ...amounts,
      displayFinancialStatus: 'REFUNDED',
      refunds: [{ refundLineItems: { nodes: [{ restockType: 'RETURN' }] } }],
      lines: refundedLine,
    });
    expect(normalizeOrder(restocked)).toMatchObject({ status: OrderStatus.RETURNED, rawStatus: 'REFUNDED/FULFILLED' });
  });

  it('a refund without the goods back keeps the fulfilment’s status', () => {
    const goodwill = shopifyOrder({
      ...amounts,
      displayFinancialStatus: 'REFUNDED',
      refunds: [{ refundLineItems: { nodes: [{ restockType: 'NO_RESTOCK' }] } }],
      lines: refundedLine,
    });
    expect(normalizeOrder(goodwill).status).toBe(OrderStatus.SHIPPED);
    const unfulfilled = shopifyOrder({
      ...amounts,
      displayFinancialStatus: 'REFUNDED',
      displayFulfillmentStatus: 'UNFULFILLED',
      fulfillments: [],
      lines: refundedLine,
    });
    expect(normalizeOrder(unfulfilled).status).toBe(OrderStatus.CONFIRMED);
    expect(normalizeOrder({ ...unfulfilled, cancelledAt: '2026-08-03T00:00:00Z' })).toMatchObject({
      status: OrderStatus.CANCELLED,
      rawStatus: 'REFUNDED/UNFULFILLED/CANCELLED',
    });
  });

  it('a partial return keeps the order’s status; its amounts are the current ones', () => {
    const partial = shopifyOrder({
      ...amounts,
      displayFinancialStatus: 'PARTIALLY_REFUNDED',
      returnStatus: 'RETURNED',
      lines: [...refundedLine, { id: 2, sku: 'MUG-BLK-S', unit: '400.00', quantity: 1, taxes: [] }],
    });
    expect(normalizeOrder(partial)).toMatchObject({ status: OrderStatus.SHIPPED, rawStatus: 'PARTIALLY_REFUNDED/FULFILLED/RETURNED' });
  });

  it('reads cash on delivery from the gateway, and keeps such an order confirmed while payment is pending', () => {
    const open = {
      ...amounts,
      displayFinancialStatus: 'PENDING',
      displayFulfillmentStatus: 'UNFULFILLED',
      fulfillments: [],
      lines: [{ id: 1, sku: 'MUG-BLK-S', unit: '400.00', quantity: 1 }],
    };
    const cod = normalizeOrder(shopifyOrder({ ...open, paymentGatewayNames: ['Cash on Delivery (COD)'] }));
    expect(cod).toMatchObject({ paymentMethod: PaymentMethod.COD, status: OrderStatus.CONFIRMED });
    expect(normalizeOrder(shopifyOrder(open))).toMatchObject({ paymentMethod: PaymentMethod.PREPAID, status: OrderStatus.PENDING });
  });

  it('turns fulfilments into shipments: the tracking number and courier; delivered when every parcel is', () => {
    const order = normalizeOrder(shopifyOrder({ ...amounts, lines: [{ id: 1, sku: 'MUG-BLK-S', unit: '400.00', quantity: 1 }] }));
    expect(order.shipments).toEqual([
      { externalId: '255858046', trackingNumber: '38261910000346', carrier: 'Delhivery', status: ShipmentStatus.IN_TRANSIT, rawStatus: 'IN_TRANSIT' },
    ]);
    expect(order.status).toBe(OrderStatus.SHIPPED);
    const delivered = normalizeOrder(
      shopifyOrder({
        ...amounts,
        fulfillments: [
          { id: 'gid://shopify/Fulfillment/1', displayStatus: 'DELIVERED', trackingInfo: [] },
          { id: 'gid://shopify/Fulfillment/2', displayStatus: 'CANCELED', trackingInfo: [] },
        ],
        lines: [{ id: 1, sku: 'MUG-BLK-S', unit: '400.00', quantity: 1 }],
      }),
    );
    expect(delivered.status).toBe(OrderStatus.DELIVERED);
    expect(delivered.shipments!.map((s) => s.status)).toEqual([ShipmentStatus.DELIVERED, ShipmentStatus.CANCELLED]);
  });
});
