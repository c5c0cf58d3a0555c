import { OrderStatus, PaymentMethod } from '../../src/domain/enums.js';
import { normalizeOrder } from '../../src/providers/shopify/normalize.js';
import { ordersResponse } from '../../src/providers/shopify/payloads.js';

// The Admin GraphQL response of REFERENCE.md §1.7, with the money fields our query asks for.
const response = {
  data: {
    orders: {
      pageInfo: { hasNextPage: true, endCursor: 'eyJsYXN0X2lkIjo1NjYy' },
      nodes: [
        {
          id: 'gid://shopify/Order/5662123456789', legacyResourceId: '5662123456789', name: '#1001', createdAt: '2026-08-01T10:15:00Z', updatedAt: '2026-08-02T06:00:00Z',
          processedAt: '2026-08-01T10:15:00Z', cancelledAt: null, displayFinancialStatus: 'PAID', displayFulfillmentStatus: 'FULFILLED', currencyCode: 'INR',
          paymentGatewayNames: ['Razorpay'],
          totalPriceSet: { shopMoney: { amount: '1499.0', currencyCode: 'INR' } },
          subtotalPriceSet: { shopMoney: { amount: '1349.1', currencyCode: 'INR' } },
          totalShippingPriceSet: { shopMoney: { amount: '0.0', currencyCode: 'INR' } },
          totalTaxSet: { shopMoney: { amount: '149.9', currencyCode: 'INR' } },
          totalDiscountsSet: { shopMoney: { amount: '149.9', currencyCode: 'INR' } },
          shippingAddress: { city: 'Bengaluru', province: 'Karnataka', provinceCode: 'KA', zip: '560001', countryCodeV2: 'IN' },
          lineItems: {
            pageInfo: { hasNextPage: false, endCursor: null },
            nodes: [
              {
                id: 'gid://shopify/LineItem/1403', sku: 'TSHIRT-BLK-M', name: 'T-Shirt - Black / M', quantity: 1, currentQuantity: 1,
                originalUnitPriceSet: { shopMoney: { amount: '1499.0', currencyCode: 'INR' } },
                discountedTotalSet: { shopMoney: { amount: '1349.1', currencyCode: 'INR' } },
                variant: { id: 'gid://shopify/ProductVariant/4481', sku: 'TSHIRT-BLK-M' },
              },
            ],
          },
          fulfillments: [{ status: 'SUCCESS', trackingInfo: [{ company: 'Delhivery', number: '38261910000346', url: 'https://www.delhivery.com/track/package/38261910000346' }] }],
        },
      ],
    },
  },
  extensions: { cost: { requestedQueryCost: 252, actualQueryCost: 32, throttleStatus: { maximumAvailable: 2000.0, currentlyAvailable: 1968, restoreRate: 100.0 } } },
};

describe('Shopify normalizer (Admin GraphQL sample)', () => {
  const order = ordersResponse.parse(response).data.orders.nodes[0]!;

  it('maps the order with exact money: subtotal before discounts, discounts per line', () => {
    expect(normalizeOrder(order)).toEqual({
      externalId: '5662123456789',
      orderNumber: '#1001',
      status: OrderStatus.SHIPPED,
      rawStatus: 'PAID/FULFILLED',
      paymentMethod: PaymentMethod.PREPAID,
      currency: 'INR',
      orderedAt: new Date('2026-08-01T10:15:00Z'),
      updatedAt: new Date('2026-08-02T06:00:00Z'),
      itemSubtotal: '1499.00',
      discounts: '149.90',
      shippingCharged: '0.00',
      tax: '149.90',
      total: '1499.00',
      customer: { city: 'Bengaluru', state: 'Karnataka', pincode: '560001' },
      items: [{ externalLineId: '1403', sku: 'TSHIRT-BLK-M', title: 'T-Shirt - Black / M', quantity: 1, unitPrice: '1499.00', discount: '149.90', tax: '0.00' }],
    });
  });

  it('reads cash on delivery from the payment gateway, and keeps such an order confirmed while payment is pending', () => {
    const cod = normalizeOrder({ ...order, paymentGatewayNames: ['Cash on Delivery (COD)'], displayFinancialStatus: 'PENDING', displayFulfillmentStatus: 'UNFULFILLED' });
    expect(cod.paymentMethod).toBe(PaymentMethod.COD);
    expect(cod.status).toBe(OrderStatus.CONFIRMED);
    expect(normalizeOrder({ ...order, displayFinancialStatus: 'PENDING', displayFulfillmentStatus: 'UNFULFILLED' }).status).toBe(OrderStatus.PENDING);
  });

  it('maps cancellations and refunds', () => {
    expect(normalizeOrder({ ...order, cancelledAt: '2026-08-03T00:00:00Z' }).status).toBe(OrderStatus.CANCELLED);
    expect(normalizeOrder({ ...order, displayFinancialStatus: 'REFUNDED' }).status).toBe(OrderStatus.RETURNED);
  });
});
