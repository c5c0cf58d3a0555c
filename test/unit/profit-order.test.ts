import { OrderStatus, PaymentMethod, ShipmentStatus } from '../../src/domain/enums.js';
import { DEFAULT_RATE_CARD } from '../../src/domain/rate-card.js';
import { channelTraits, type ChannelTraits } from '../../src/services/profit/channel-traits.js';
import {
  orderFigures,
  withAdSpend,
  type DayFacts,
  type OrderFacts,
  type ParcelFacts,
  type ProfitRules,
  type SkuCost,
} from '../../src/services/profit/order-profit.js';

/** The seller's settings: Razorpay at 2 %, no rate for other gateways, ₹40 per COD order, Amazon 15 %, Flipkart 12 %. */
const rules: ProfitRules = {
  currency: 'INR',
  commissionRates: { amazon: '15', flipkart: '12' },
  gatewayFeeRates: { razorpay: '2' },
  gatewayFeePercent: null,
  codFee: '40',
  defaultGstPercent: '18',
  rateCard: DEFAULT_RATE_CARD, // no origin: every parcel is zone D, ₹48 the first 500 g, ₹44 each 500 g after
};

const shopify = channelTraits('shopify');
const amazon = channelTraits('amazon');
const flipkart = channelTraits('flipkart');
const myntra = channelTraits('myntra');

const cost = (value: string, gstPercent: string | null = null): SkuCost => ({ cost: value, currency: 'INR', gstPercent });
const day = (costs: Record<string, SkuCost>, rates: Record<string, string> = {}): DayFacts => ({
  costs: new Map(Object.entries(costs)),
  rates: new Map(Object.entries(rates)),
});

/** A delivered prepaid Shopify order of one ₹999 mug (+18 % GST) through Razorpay, shipped for ₹55. */
const order = (over: Partial<OrderFacts> = {}): OrderFacts => ({
  id: 'o1',
  providerId: 'shopify',
  status: OrderStatus.DELIVERED,
  paymentMethod: PaymentMethod.PREPAID,
  currency: 'INR',
  itemSubtotal: '999.00',
  discounts: '0.00',
  shippingCharged: '0.00',
  tax: '179.82',
  total: '1178.82',
  channelFees: null,
  paymentGateway: 'Razorpay',
  paymentFees: null,
  pricesIncludeUnstatedTax: false,
  customerPincode: '400001',
  fulfilledByChannel: false,
  items: [{ sku: 'MUG', quantity: 1, unitPrice: '999.00', discount: '0.00', status: null }],
  shipments: [parcel()],
  ...over,
});

function parcel(over: Partial<ParcelFacts> = {}): ParcelFacts {
  return {
    status: ShipmentStatus.DELIVERED,
    shippingCost: '55.00',
    rtoCost: null,
    chargesEstimated: false,
    weightGrams: 400,
    destinationPincode: '400001',
    ...over,
  };
}

const mugCost = day({ MUG: cost('400.00') });

/** The figures as the profit columns take them, with no ad spend. */
const profit = (o: OrderFacts, channel: ChannelTraits, facts: DayFacts = mugCost) => withAdSpend(orderFigures(o, channel, rules, facts), 0n, false);

describe('the profit of one order', () => {
  it('prepaid through Razorpay: 2 % of the total, to the paisa', () => {
    expect(profit(order(), shopify)).toEqual({
      revenue: '999.00',
      gst: '179.82',
      cogs: '400.00',
      channelFees: '0.00',
      paymentFees: '23.58', // 1178.82 × 2 % = 23.5764
      shippingCost: '55.00',
      rtoCost: '0.00',
      adSpend: '0.00',
      netProfit: '520.42', // 999 − 400 − 23.58 − 55
      flags: [],
      sources: { gst: 'REPORTED', cogs: 'SELLER_SETTING', channelFees: 'NONE', paymentFees: 'SELLER_SETTING', shippingCost: 'REPORTED', rtoCost: 'NONE' },
    });
  });

  it('cash on delivery: the flat COD fee', () => {
    const p = profit(order({ paymentMethod: PaymentMethod.COD, paymentGateway: null }), shopify);
    expect([p.paymentFees, p.sources.paymentFees, p.netProfit]).toEqual(['40.00', 'SELLER_SETTING', '504.00']);
  });

  it('a prepaid order through a gateway without a rate: fee unknown, counted 0', () => {
    const p = profit(order({ paymentGateway: 'PayU' }), shopify);
    expect([p.paymentFees, p.flags, p.sources.paymentFees, p.netProfit]).toEqual(['0.00', ['PAYMENT_FEES_UNKNOWN'], 'NONE', '544.00']);
  });

  it('RTO: no revenue, no goods, no COD fee; both freight legs kept', () => {
    const p = profit(
      order({
        status: OrderStatus.RTO,
        paymentMethod: PaymentMethod.COD,
        paymentGateway: null,
        shipments: [parcel({ status: ShipmentStatus.RTO_DELIVERED, rtoCost: '50.00' })],
      }),
      shopify,
    );
    expect(p).toMatchObject({
      revenue: '0.00',
      gst: '0.00',
      cogs: '0.00',
      paymentFees: '0.00',
      shippingCost: '55.00',
      rtoCost: '50.00',
      netProfit: '-105.00',
      flags: [],
    });
    expect(p.sources.rtoCost).toBe('REPORTED');
  });

  it('cancelled before shipping: no revenue and no freight, the gateway keeps its fee', () => {
    const p = profit(order({ status: OrderStatus.CANCELLED, shipments: [] }), shopify);
    expect(p).toMatchObject({ revenue: '0.00', cogs: '0.00', paymentFees: '23.58', shippingCost: '0.00', netProfit: '-23.58', flags: [] });
    expect(p.sources.shippingCost).toBe('NONE');
    // A parcel booked but never picked up, its charge unknown, costs nothing either.
    const booked = profit(order({ status: OrderStatus.CANCELLED, shipments: [parcel({ status: ShipmentStatus.CREATED, shippingCost: null })] }), shopify);
    expect([booked.shippingCost, booked.flags]).toEqual(['0.00', []]);
  });

  it('a SKU without a cost counts 0 and flags the order', () => {
    const p = profit(
      order({
        itemSubtotal: '1248.00',
        total: '1472.64',
        tax: '224.64',
        items: [
          { sku: 'MUG', quantity: 1, unitPrice: '999.00', discount: '0.00', status: null },
          { sku: 'COASTER', quantity: 1, unitPrice: '249.00', discount: '0.00', status: null },
        ],
      }),
      shopify,
    );
    expect([p.cogs, p.flags, p.sources.cogs]).toEqual(['400.00', ['COST_UNKNOWN'], 'SELLER_SETTING']);
  });

  it('several items, a discount, free shipping, Shopify Payments’ reported fee, a parcel priced from the rate card', () => {
    const p = profit(
      order({
        itemSubtotal: '1249.00', // 2 × 499.50 + 250
        discounts: '100.00',
        shippingCharged: '0.00',
        tax: '206.82',
        total: '1355.82',
        paymentGateway: 'shopify_payments',
        paymentFees: '32.15',
        items: [
          { sku: 'MUG', quantity: 2, unitPrice: '499.50', discount: '100.00', status: null },
          { sku: 'COASTER', quantity: 1, unitPrice: '250.00', discount: '0.00', status: null },
        ],
        // The courier has not charged it yet: 1.2 kg to Bengaluru, 3 slabs of zone D = 48 + 2 × 44.
        shipments: [parcel({ status: ShipmentStatus.IN_TRANSIT, shippingCost: null, weightGrams: 1200, destinationPincode: '560001' })],
      }),
      shopify,
      day({ MUG: cost('210.25'), COASTER: cost('99.99') }),
    );
    expect(p).toMatchObject({
      revenue: '1149.00',
      cogs: '520.49', // 2 × 210.25 + 99.99
      paymentFees: '32.15',
      shippingCost: '136.00',
      netProfit: '460.36',
      flags: ['FREIGHT_ESTIMATED'],
    });
    expect(p.sources).toMatchObject({ paymentFees: 'REPORTED', shippingCost: 'RATE_CARD' });
  });

  it('a partial refund: Shopify’s current amounts and quantities', () => {
    // Two ₹500 units, one refunded: the line now holds one unit, the order its current amounts.
    const p = profit(
      order({
        itemSubtotal: '500.00',
        shippingCharged: '50.00',
        tax: '90.00',
        total: '640.00',
        items: [{ sku: 'MUG', quantity: 1, unitPrice: '500.00', discount: '0.00', status: null }],
        shipments: [parcel({ shippingCost: '60.00' })],
      }),
      shopify,
      day({ MUG: cost('200.00') }),
    );
    expect(p).toMatchObject({ revenue: '550.00', gst: '90.00', cogs: '200.00', paymentFees: '12.80', shippingCost: '60.00', netProfit: '277.20' });
  });

  it('Flipkart: GST taken out of its prices at 18 % and at the SKU’s own 5 %, its parcels its own', () => {
    const p = profit(
      order({
        providerId: 'flipkart',
        pricesIncludeUnstatedTax: true,
        paymentGateway: null,
        itemSubtotal: '1705.00',
        discounts: '0.00',
        shippingCharged: '59.00',
        tax: '0.00',
        total: '1764.00',
        items: [
          { sku: 'SHIRT', quantity: 2, unitPrice: '590.00', discount: '0.00', status: null },
          { sku: 'TEA', quantity: 1, unitPrice: '525.00', discount: '0.00', status: null },
          { sku: 'SOCKS', quantity: 1, unitPrice: '100.00', discount: '0.00', status: OrderStatus.CANCELLED },
        ],
        shipments: [parcel({ shippingCost: null })],
      }),
      flipkart,
      day({ SHIRT: cost('300.00'), TEA: cost('150.00', '5.00'), SOCKS: cost('40.00') }),
    );
    expect(p).toEqual({
      revenue: '1550.00', // 1764 − GST
      gst: '214.00', // 1180 × 18/118 + 525 × 5/105 + 59 × 18/118 = 180 + 25 + 9
      cogs: '750.00', // the cancelled line costs nothing
      channelFees: '186.00', // 12 % of 1550
      paymentFees: '0.00',
      shippingCost: '0.00',
      rtoCost: '0.00',
      adSpend: '0.00',
      netProfit: '614.00',
      flags: ['GST_ESTIMATED', 'CHANNEL_FEES_ESTIMATED'],
      sources: { gst: 'SELLER_SETTING', cogs: 'SELLER_SETTING', channelFees: 'SELLER_SETTING', paymentFees: 'NONE', shippingCost: 'NONE', rtoCost: 'NONE' },
    });
  });

  const amazonOrder = (over: Partial<OrderFacts> = {}) =>
    order({ providerId: 'amazon', itemSubtotal: '1000.00', tax: '180.00', total: '1180.00', paymentGateway: null, shipments: [], ...over });

  it('Amazon: its reported fees win over the seller’s commission rate', () => {
    const reported = profit(amazonOrder({ channelFees: '171.10' }), amazon);
    expect([reported.channelFees, reported.sources.channelFees, reported.paymentFees, reported.sources.paymentFees]).toEqual([
      '171.10',
      'REPORTED',
      '0.00',
      'NONE',
    ]);
    const estimated = profit(amazonOrder(), amazon);
    expect([estimated.channelFees, estimated.sources.channelFees]).toEqual(['150.00', 'SELLER_SETTING']);
    expect(estimated.flags).toEqual(['CHANNEL_FEES_ESTIMATED', 'FREIGHT_ESTIMATED']);
  });

  it('a marketplace without a rate: channel fees unknown, counted 0', () => {
    const p = profit(order({ providerId: 'myntra', paymentGateway: null, shipments: [] }), myntra);
    expect([p.channelFees, p.flags, p.sources.channelFees]).toEqual(['0.00', ['CHANNEL_FEES_UNKNOWN', 'FREIGHT_ESTIMATED'], 'NONE']);
  });

  it('freight: the courier’s figure, the rate card’s (charges estimated), or one slab to the buyer without a parcel', () => {
    const reported = profit(order(), shopify);
    expect([reported.shippingCost, reported.sources.shippingCost, reported.flags]).toEqual(['55.00', 'REPORTED', []]);
    const fromCard = profit(order({ shipments: [parcel({ shippingCost: '48.00', chargesEstimated: true })] }), shopify);
    expect([fromCard.shippingCost, fromCard.sources.shippingCost, fromCard.flags]).toEqual(['48.00', 'RATE_CARD', ['FREIGHT_ESTIMATED']]);
    const none = profit(order({ shipments: [], customerPincode: '781001' }), shopify); // Guwahati: zone E, ₹65
    expect([none.shippingCost, none.sources.shippingCost, none.flags]).toEqual(['65.00', 'RATE_CARD', ['FREIGHT_ESTIMATED']]);
    // Amazon ships an FBA order itself: its freight is inside Amazon's fees.
    const fba = profit(amazonOrder({ fulfilledByChannel: true, channelFees: '200.00' }), amazon);
    expect([fba.shippingCost, fba.sources.shippingCost, fba.flags]).toEqual(['0.00', 'NONE', []]);
  });

  it('an unpriced order (Amazon Pending): no revenue, flagged', () => {
    const p = profit(amazonOrder({ status: OrderStatus.PENDING, itemSubtotal: null, discounts: null, tax: null, total: null, channelFees: null }), amazon);
    expect(p).toMatchObject({ revenue: '0.00', gst: '0.00', channelFees: '0.00', cogs: '400.00' });
    expect(p.flags).toEqual(['PRICE_UNKNOWN', 'CHANNEL_FEES_ESTIMATED', 'FREIGHT_ESTIMATED']);
  });

  const usd = (rates: Record<string, string>) =>
    profit(
      order({
        currency: 'USD',
        itemSubtotal: '20.00',
        tax: '0.00',
        total: '20.00',
        paymentGateway: 'paypal',
        shipments: [parcel({ shippingCost: '1200.00' })],
      }),
      shopify,
      day({ MUG: cost('500.00') }, rates),
    );

  it('an order in USD: converted at the rate in force', () => {
    const withRate = usd({ USD: '83.25' });
    const seller = { ...rules, gatewayFeePercent: '3' };
    const viaDefault = withAdSpend(
      orderFigures(
        order({
          currency: 'USD',
          itemSubtotal: '20.00',
          tax: '0.00',
          total: '20.00',
          paymentGateway: 'paypal',
          shipments: [parcel({ shippingCost: '1200.00' })],
        }),
        shopify,
        seller,
        day({ MUG: cost('500.00') }, { USD: '83.25' }),
      ),
      0n,
      false,
    );
    expect(withRate).toMatchObject({ revenue: '1665.00', cogs: '500.00', paymentFees: '0.00', flags: ['PAYMENT_FEES_UNKNOWN'] });
    // 3 % of $20 = $0.60 = ₹49.95; 1665 − 500 − 49.95 − 1200
    expect(viaDefault).toMatchObject({ revenue: '1665.00', paymentFees: '49.95', shippingCost: '1200.00', netProfit: '-84.95', flags: [] });
  });

  it('an order in USD without a rate: every figure 0, flagged', () => {
    expect(usd({})).toMatchObject({
      revenue: '0.00',
      gst: '0.00',
      cogs: '0.00',
      channelFees: '0.00',
      paymentFees: '0.00',
      shippingCost: '0.00',
      rtoCost: '0.00',
      netProfit: '0.00',
      flags: ['EXCHANGE_RATE_MISSING'],
    });
  });

  it('takes its share of the ad spend off the net profit, flagged when the day’s spend is incomplete', () => {
    const p = withAdSpend(orderFigures(order(), shopify, rules, mugCost), 1234n, true);
    expect([p.adSpend, p.netProfit, p.flags]).toEqual(['12.34', '508.08', ['AD_SPEND_INCOMPLETE']]);
  });
});
