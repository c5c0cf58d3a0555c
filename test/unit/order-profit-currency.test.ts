import { OrderStatus, PaymentMethod } from '../../src/domain/enums.js';
import { toOrderType } from '../../src/graphql/mappers.js';
import type { OrderRow } from '../../src/services/order-reads.js';

/**
 * An order's amounts are in its own currency; its profit in the seller's, into which the
 * engine converted it: a USD order of an Indian seller shows a USD total and an INR profit.
 */
describe("an order's profit currency", () => {
  it("is the seller's, not the order's", () => {
    const row = {
      id: 'o1',
      channelAccountId: 'a1',
      providerId: 'shopify',
      externalId: 'gid://shopify/Order/1',
      orderNumber: '#1001',
      status: OrderStatus.DELIVERED,
      paymentMethod: PaymentMethod.PREPAID,
      currency: 'USD',
      orderedAt: new Date('2026-12-01T10:00:00Z'),
      total: '120.00',
      profit: {
        currency: 'INR',
        revenue: '10110.00',
        gst: '0.00',
        cogs: '4000.00',
        channelFees: '0.00',
        paymentFees: '202.20',
        shippingCost: '90.00',
        rtoCost: '0.00',
        adSpend: '310.55',
        netProfit: '5507.25',
        flags: [],
        sources: {},
        computedAt: new Date('2026-12-02T00:00:00Z'),
      },
    } as unknown as OrderRow;
    const order = toOrderType(row, undefined);
    expect(order.total).toEqual({ amount: '120.00', currencyCode: 'USD' });
    expect(order.profit!.netProfit).toEqual({ amount: '5507.25', currencyCode: 'INR' });
    expect(order.profit!.revenue).toEqual({ amount: '10110.00', currencyCode: 'INR' });
  });
});
