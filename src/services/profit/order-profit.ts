import type { Decimal } from 'decimal.js';
import { FigureSource as FigureSourceEnum, OrderStatus, PaymentMethod, ProfitFlag as ProfitFlagEnum, ShipmentStatus } from '../../domain/enums.js';
import type { RateCard } from '../../domain/rate-card.js';
import { shipmentCharges } from '../freight-cost.js';
import type { ChannelTraits } from './channel-traits.js';
import { dec, fixed2, paiseOf, rupeesOf, toPaisa, ZERO } from './money.js';

/** What is missing (counted as zero) or estimated in an order's profit: domain/enums.ts's ProfitFlag, as its words. */
export type ProfitFlag = `${ProfitFlagEnum}`;

/** The flags in the order the figures are stored with (the enum's). */
export const PROFIT_FLAGS = Object.values(ProfitFlagEnum) as readonly ProfitFlag[];

/** Where a figure came from: domain/enums.ts's FigureSource, as its words. */
export type FigureSource = `${FigureSourceEnum}`;

export interface ProfitSources {
  gst: FigureSource;
  cogs: FigureSource;
  channelFees: FigureSource;
  paymentFees: FigureSource;
  shippingCost: FigureSource;
  rtoCost: FigureSource;
}

/** The seller's own figures (profit_settings, or its defaults), the rate card resolved. */
export interface ProfitRules {
  currency: string;
  /** providerId → percent of revenue. */
  commissionRates: Readonly<Record<string, string>>;
  /** lower-cased gateway name → percent of the order total. */
  gatewayFeeRates: Readonly<Record<string, string>>;
  /** Percent for a gateway not listed; null: unknown. */
  gatewayFeePercent: string | null;
  /** Flat fee per COD order. */
  codFee: string;
  defaultGstPercent: string;
  rateCard: RateCard;
}

/** One line of the order, as order_items holds it. */
export interface LineFacts {
  sku: string;
  quantity: number;
  /** Tax excluded, except where the order's prices include unstated tax. */
  unitPrice: string | null;
  /** The whole line's discount. */
  discount: string | null;
  /** The line's own status (orders assembled from parts); null: the order's. */
  status: OrderStatus | null;
}

/** One of the order's parcels, as shipments holds it. */
export interface ParcelFacts {
  status: ShipmentStatus;
  /** null: not known yet. */
  shippingCost: string | null;
  rtoCost: string | null;
  /** The charges came from the rate card, not from the courier. */
  chargesEstimated: boolean;
  weightGrams: number | null;
  destinationPincode: string | null;
}

/** One order's facts, as the orders row holds them (amounts in the order's currency, decimal strings). */
export interface OrderFacts {
  id: string;
  providerId: string;
  status: OrderStatus;
  paymentMethod: PaymentMethod;
  currency: string;
  itemSubtotal: string | null;
  discounts: string | null;
  shippingCharged: string | null;
  tax: string | null;
  total: string | null;
  /** The marketplace's reported fees (GST on them included); null: not reported. */
  channelFees: string | null;
  paymentGateway: string | null;
  /** Fees the channel's transactions reported; null: none reported. */
  paymentFees: string | null;
  pricesIncludeUnstatedTax: boolean;
  customerPincode: string | null;
  /** The channel fulfils the order from its own stock and ships it (Amazon FBA): orders.fulfilled_by_channel, from the channel's fulfilledBy. */
  fulfilledByChannel: boolean;
  items: readonly LineFacts[];
  shipments: readonly ParcelFacts[];
}

/** A SKU's cost in force on the order's day (product_costs). */
export interface SkuCost {
  cost: string;
  currency: string;
  /** null: the seller's default GST rate. */
  gstPercent: string | null;
}

/** What was in force on the order's day. */
export interface DayFacts {
  /** By SKU: the cost in force; a SKU without one is absent. */
  costs: ReadonlyMap<string, SkuCost>;
  /** currency → value of one unit in the seller's currency, in force on the day. */
  rates: ReadonlyMap<string, string>;
}

/** An order's figures before the day's ad spend is shared out: 2-place strings in the seller's currency. */
export interface OrderFigures {
  revenue: string;
  gst: string;
  cogs: string;
  channelFees: string;
  paymentFees: string;
  shippingCost: string;
  rtoCost: string;
  flags: ProfitFlag[];
  sources: ProfitSources;
}

/** The whole profit of an order, as the orders row's profit_* columns take it. */
export interface OrderProfitFigures extends OrderFigures {
  adSpend: string;
  netProfit: string;
}

/** Orders that earn nothing: the goods never went, or came back. */
const NO_REVENUE = new Set<OrderStatus>([OrderStatus.CANCELLED, OrderStatus.RTO, OrderStatus.RETURNED]);

const percentOf = (amount: Decimal, percent: string): Decimal => amount.times(percent).div(100);

/** The GST inside a gross amount at `rate` percent: gross × r / (100 + r). */
const gstInside = (gross: Decimal, rate: string): Decimal => gross.times(rate).div(dec(rate).plus(100));

/**
 * One order's revenue, GST, cost of goods, channel and payment fees and freight, in the seller's
 * currency, by the rules of docs (issue 19, "the rules"); no I/O. Each figure is worked out exactly
 * and rounded to the paisa once; the ad spend comes after (withAdSpend), when the day's orders
 * are known.
 */
export function orderFigures(order: OrderFacts, channel: ChannelTraits, rules: ProfitRules, day: DayFacts): OrderFigures {
  const flags = new Set<ProfitFlag>();
  // The order's amounts in the seller's currency: at the rate in force on its day.
  let rate: string | undefined = '1';
  if (order.currency !== rules.currency) rate = day.rates.get(order.currency);
  const toSeller = (amount: Decimal): Decimal => (rate === '1' ? amount : amount.times(rate ?? 0));

  const live = !NO_REVENUE.has(order.status);
  const priced = order.itemSubtotal !== null && order.total !== null;
  // The lines still with the buyer (order-assembly.ts counts the same ones): a cancelled line of a live order costs nothing.
  const liveLines = live ? order.items.filter((l) => l.status === null || !NO_REVENUE.has(l.status)) : [];

  // Revenue and GST.
  let revenue = ZERO;
  let gst = ZERO;
  let gstSource: FigureSource = 'REPORTED';
  if (order.pricesIncludeUnstatedTax) gstSource = 'SELLER_SETTING';
  if (!priced) {
    flags.add('PRICE_UNKNOWN');
  } else if (live) {
    const gross = dec(order.itemSubtotal).minus(dec(order.discounts)).plus(dec(order.shippingCharged));
    if (order.pricesIncludeUnstatedTax) {
      let inside = gstInside(dec(order.shippingCharged), rules.defaultGstPercent);
      for (const line of liveLines) {
        const net = dec(line.unitPrice).times(line.quantity).minus(dec(line.discount));
        inside = inside.plus(gstInside(net, day.costs.get(line.sku)?.gstPercent ?? rules.defaultGstPercent));
      }
      gst = toPaisa(toSeller(inside));
      revenue = toPaisa(toSeller(gross)).minus(gst);
      flags.add('GST_ESTIMATED');
    } else {
      revenue = toPaisa(toSeller(gross));
      gst = toPaisa(toSeller(dec(order.tax)));
    }
  }

  // Cost of goods: the cost in force on the order's day (in its own currency, converted the same way).
  let cogs = ZERO;
  for (const line of liveLines) {
    const cost = day.costs.get(line.sku);
    const costRate = cost && (cost.currency === rules.currency ? '1' : day.rates.get(cost.currency));
    if (!cost || costRate === undefined) flags.add('COST_UNKNOWN');
    else cogs = cogs.plus(dec(cost.cost).times(costRate).times(line.quantity));
  }
  cogs = toPaisa(cogs);

  // Channel fees: the channel's figure; else the seller's rate on the revenue.
  let channelFees = ZERO;
  let channelSource: FigureSource;
  const commission = rules.commissionRates[order.providerId];
  if (order.channelFees !== null) {
    channelFees = toPaisa(toSeller(dec(order.channelFees)));
    channelSource = 'REPORTED';
  } else if (commission !== undefined) {
    channelFees = toPaisa(percentOf(revenue, commission));
    channelSource = 'SELLER_SETTING';
    flags.add('CHANNEL_FEES_ESTIMATED');
  } else if (channel.marketplace) {
    // No figure and no rate: unknown, counted as zero, from no setting.
    channelSource = 'NONE';
    flags.add('CHANNEL_FEES_UNKNOWN');
  } else {
    channelSource = 'NONE';
  }

  // Payment fees: only where the seller collects the payment (its own store).
  let paymentFees = ZERO;
  let paymentSource: FigureSource = 'NONE';
  if (!channel.marketplace) {
    if (order.paymentFees !== null) {
      paymentFees = toPaisa(toSeller(dec(order.paymentFees)));
      paymentSource = 'REPORTED';
    } else if (order.paymentMethod === PaymentMethod.PREPAID) {
      const gatewayRate = (order.paymentGateway && rules.gatewayFeeRates[order.paymentGateway.toLowerCase()]) || rules.gatewayFeePercent;
      // UNVERIFIED: gateways keep their fee when the payment is refunded (cancelled prepaid orders keep it).
      // Without a rate the fee is unknown (counted as zero): it comes from no setting.
      if (gatewayRate === null) flags.add('PAYMENT_FEES_UNKNOWN');
      else {
        paymentSource = 'SELLER_SETTING';
        paymentFees = toPaisa(toSeller(percentOf(dec(order.total), gatewayRate)));
      }
    } else if (live) {
      // A COD order that never reached the buyer collected nothing, so no collection fee.
      paymentSource = 'SELLER_SETTING';
      paymentFees = toPaisa(dec(rules.codFee));
    } else {
      paymentSource = 'SELLER_SETTING';
    }
  }

  // Freight, in the seller's currency: couriers and the rate card charge in rupees.
  // UNVERIFIED: shipments.currency copies the order's; a courier's charge is taken as the seller's currency.
  let shippingCost = ZERO;
  let rtoCost = ZERO;
  let shippingSource: FigureSource = 'NONE';
  let rtoSource: FigureSource = 'NONE';
  const channelShips = channel.channelShipsParcels || order.fulfilledByChannel;
  if (!channelShips && order.shipments.length) {
    let estimated = false;
    let anyReturn = false;
    for (const parcel of order.shipments) {
      // A parcel whose charge is not known yet (a carrier the seller has not connected) is priced
      // from the rate card, as the tracking prices a tracked one; the rules leave this case open.
      // A parcel never picked up for an order cancelled since costs nothing.
      const status = order.status === OrderStatus.CANCELLED && parcel.status === ShipmentStatus.CREATED ? ShipmentStatus.CANCELLED : parcel.status;
      const charges = shipmentCharges(
        {
          status,
          reported: {
            ...(parcel.shippingCost !== null && { forward: parcel.shippingCost }),
            ...(parcel.rtoCost !== null && { return: parcel.rtoCost }),
          },
          weightGrams: parcel.weightGrams,
          destinationPincode: parcel.destinationPincode ?? order.customerPincode,
        },
        rules.rateCard,
      );
      estimated ||= charges.estimated || parcel.chargesEstimated;
      shippingCost = shippingCost.plus(dec(charges.shippingCost));
      if (charges.rtoCost !== null) {
        anyReturn = true;
        rtoCost = rtoCost.plus(dec(charges.rtoCost));
      }
    }
    shippingSource = estimated ? 'RATE_CARD' : 'REPORTED';
    if (anyReturn) rtoSource = estimated ? 'RATE_CARD' : 'REPORTED';
    if (estimated) flags.add('FREIGHT_ESTIMATED');
  } else if (!channelShips && order.status !== OrderStatus.CANCELLED) {
    // The seller ships it and no parcel is known: one slab forward to the buyer's pincode.
    shippingCost = dec(shipmentCharges({ status: ShipmentStatus.CREATED, destinationPincode: order.customerPincode }, rules.rateCard).shippingCost);
    shippingSource = 'RATE_CARD';
    flags.add('FREIGHT_ESTIMATED');
  }
  shippingCost = toPaisa(shippingCost);
  rtoCost = toPaisa(rtoCost);

  const sources: ProfitSources = {
    gst: gstSource,
    cogs: 'SELLER_SETTING',
    channelFees: channelSource,
    paymentFees: paymentSource,
    shippingCost: shippingSource,
    rtoCost: rtoSource,
  };
  if (rate === undefined) {
    // Without the rate nothing of the order can be stated in the seller's currency.
    return { ...zeroFigures(), flags: ['EXCHANGE_RATE_MISSING'], sources };
  }
  return {
    revenue: fixed2(revenue),
    gst: fixed2(gst),
    cogs: fixed2(cogs),
    channelFees: fixed2(channelFees),
    paymentFees: fixed2(paymentFees),
    shippingCost: fixed2(shippingCost),
    rtoCost: fixed2(rtoCost),
    flags: PROFIT_FLAGS.filter((f) => flags.has(f)),
    sources,
  };
}

const zeroFigures = () => ({ revenue: '0.00', gst: '0.00', cogs: '0.00', channelFees: '0.00', paymentFees: '0.00', shippingCost: '0.00', rtoCost: '0.00' });

/**
 * The order's profit once its share of the day's ad spend is known (paise, ad-allocation.ts):
 * net profit = revenue − cogs − channel fees − payment fees − shipping − RTO − ad spend, exact
 * over the rounded figures so the parts add up to it. `adSpendIncomplete`: a spend row of the
 * day had no exchange rate.
 */
export function withAdSpend(figures: OrderFigures, adSpendPaise: bigint, adSpendIncomplete: boolean): OrderProfitFigures {
  const net =
    paiseOf(figures.revenue) -
    paiseOf(figures.cogs) -
    paiseOf(figures.channelFees) -
    paiseOf(figures.paymentFees) -
    paiseOf(figures.shippingCost) -
    paiseOf(figures.rtoCost) -
    adSpendPaise;
  const flags = adSpendIncomplete ? PROFIT_FLAGS.filter((f) => f === 'AD_SPEND_INCOMPLETE' || figures.flags.includes(f)) : figures.flags;
  return { ...figures, flags, adSpend: rupeesOf(adSpendPaise), netProfit: rupeesOf(net) };
}
