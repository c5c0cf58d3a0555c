import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import {
  admitSpApiCall,
  AMAZON_TIME_SHIFT_MS,
  amazonCarrier,
  amazonFulfilledBy,
  amazonFulfillmentStatus,
  amazonOrderId,
  amazonShipTime,
  amazonTime,
  errors,
  EU_MARKETPLACES,
  invalid,
  ISO_8601,
  MARKETPLACE,
  NEWEST_REACH_MS,
  SANDBOX_RULE_HEADER,
  spApiPlan,
} from './amazon-orders.js';
import { rupees, type BookLine, type BookOrder, type OrderBook } from './order-book.js';
import type { SandboxState } from './state.js';

/**
 * SP-API Finances v2024-06-19 `listTransactions` (docs/providers.md §2.5; finances_2024-06-19.json in
 * amzn/selling-partner-api-models @34dc93f) over the shared order book, as strict as Amazon:
 * - every order Amazon shows as shipped (SHIPPED or PARTIALLY_SHIPPED: the book's shipped, delivered,
 *   returned and RTO orders) has a "Shipment" transaction posted a day after its package left, with
 *   the fees of the lines that shipped; returned and RTO orders then have a "Refund" transaction;
 * - the fees are the sandbox's own schedule below, not Amazon's rate card (UNVERIFIED as figures:
 *   amazon.in's referral fee depends on the category and the price, its closing fee on the price
 *   band and the shipping programme): a referral fee by price band on what the buyer paid for the
 *   line (GST and the line's shipping included), a closing fee per unit by price band, an Easy Ship
 *   fee per package (the seller's orders carried by Amazon's Easy Ship pickup: those whose package
 *   courier is Blue Dart) or an FBA fee per unit (orders fulfilled by Amazon), and 18 % GST on each fee,
 *   each rounded to the paisa;
 * - a refund gives back the referral fee, less a refund administration fee (20 % of it, at most
 *   ₹100, plus GST) for a customer return; for an undelivered parcel (RTO) the whole referral fee
 *   and the Easy Ship fee come back (UNVERIFIED: amazon.in's policy as summarised by a seller-facing
 *   page, not by Amazon's API docs);
 * - the layout follows a real answer (airbytehq/airbyte's recorded listTransactions answer, Amazon.se):
 *   each fee under "AmazonFees" split into "Base" and "Tax", per item and again as a total under the
 *   transaction's "Expenses"; amounts are JSON numbers (the model's BigDecimal);
 * - one shipped order in 25 also brings a "ServiceFee" transaction that belongs to no order;
 * - a page holds at most 100 transactions ("up to 500" in Amazon's use case guide: the sandbox pages
 *   sooner, so paging is exercised); a nextToken binds every other parameter.
 */

/** listTransactions' usage plan (model): requests per second, burst. */
const PLAN = { rate: 0.5, burst: 10 };
const PAGE = 100;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/** "If PostedAfter and PostedBefore are more than 180 days apart, the response is empty" (model). */
const MAX_SPAN_MS = 180 * DAY_MS;
const GST_PERCENT = 18;
/** Referral fee percent by the unit's price to the buyer (GST included), in paise: up to the bound. */
const REFERRAL_BANDS: Array<[number, number]> = [
  [50_000, 6],
  [100_000, 9],
  [Infinity, 12],
];
/** Closing fee per unit by the same price band, in paise. */
const CLOSING_BANDS: Array<[number, number]> = [
  [50_000, 1_100],
  [100_000, 3_400],
  [Infinity, 6_000],
];
const EASY_SHIP_PAISE = 7_000;
const FBA_UNIT_PAISE = 4_500;
const REFUND_ADMIN_PERCENT = 20;
const REFUND_ADMIN_CAP_PAISE = 10_000;
const STATUSES = ['DEFERRED', 'RELEASED', 'DEFERRED_RELEASED'];
const IDENTIFIER_NAMES = ['ORDER_ID', 'FINANCIAL_EVENT_GROUP_ID'];

const band = (bands: Array<[number, number]>, unitPaise: number) => bands.find(([bound]) => unitPaise <= bound)![1];
/** The unit's price to the buyer: the book's price plus its 12 % GST (amazon-orders.ts renders it so). */
const buyerUnitPaise = (l: BookLine) => (l.unitPaise * 112) / 100;
const gst = (base: number) => Math.round((base * GST_PERCENT) / 100);

/** The lines of a book order that Amazon shows as shipped, with the status it shows; none when it shipped nothing. */
function shippedLines(o: BookOrder): BookLine[] {
  const status = amazonFulfillmentStatus(o.status, o.index);
  if (status === 'SHIPPED') return o.lines;
  if (status === 'PARTIALLY_SHIPPED') return o.lines.slice(0, 1);
  return [];
}

type Channel = 'EASY_SHIP' | 'SELF_SHIP' | 'FBA';
const channelOf = (o: BookOrder): Channel =>
  amazonFulfilledBy(o.status, o.index) === 'AMAZON' ? 'FBA' : amazonCarrier(o) === 'Blue Dart' ? 'EASY_SHIP' : 'SELF_SHIP';

/** One fee: its type (Amazon's words), its base and its GST, in paise, signed as Amazon posts them (charges negative). */
interface Fee {
  type: string;
  base: number;
  tax: number;
}
interface ItemCharges {
  line: BookLine;
  principal: number;
  tax: number;
  shipping: number;
  fees: Fee[];
}
interface SandboxTransaction {
  postedAt: number;
  body: Record<string, unknown>;
  /** The book order it came with (a service fee: the order whose shipment it follows, though it names no order). */
  orderIndex: number;
  /** Whether it names its order (ORDER_ID). */
  ofOrder: boolean;
}

/** The referral fee base of a shipped line: what the buyer paid for it (GST and, on the first line, shipping included). */
const referralBase = (o: BookOrder, l: BookLine, n: number) =>
  Math.round(((l.unitPaise * l.quantity - l.discountPaise + l.taxPaise + (n === 0 ? o.shippingPaise : 0)) * band(REFERRAL_BANDS, buyerUnitPaise(l))) / 100);

/** When a shipped order's shipment and refund (if any) are posted, in ms: a day after the package left; an hour after both it and the order's last update. */
export function amazonFeeEventTimes(o: BookOrder): { shipment?: number; refund?: number } {
  if (shippedLines(o).length === 0) return {};
  const shipment = Date.parse(amazonShipTime(o)) + DAY_MS;
  if (o.status !== 'returned' && o.status !== 'rto') return { shipment };
  return { shipment, refund: Math.max(shipment, Date.parse(amazonTime(o.updatedAt))) + HOUR_MS };
}

/**
 * Amazon's fees on a book order, in paise (positive), netted over its shipment and its refund
 * when posted before `postedBefore` (default: both): what a test expects `fees` to be, worked out
 * from the schedule alone, not from the rendered transactions. 0 for an order Amazon has not shipped.
 */
function expectedAmazonFeesPaise(o: BookOrder, postedBefore = new Date(8.64e15)): number {
  const lines = shippedLines(o);
  const times = amazonFeeEventTimes(o);
  if (lines.length === 0 || times.shipment! >= postedBefore.getTime()) return 0;
  const channel = channelOf(o);
  let charged = 0;
  let referral = 0;
  let admin = 0;
  lines.forEach((l, n) => {
    const r = referralBase(o, l, n);
    referral += r + gst(r);
    const closing = band(CLOSING_BANDS, buyerUnitPaise(l)) * l.quantity;
    charged += closing + gst(closing);
    if (channel === 'FBA') charged += FBA_UNIT_PAISE * l.quantity + gst(FBA_UNIT_PAISE * l.quantity);
    const a = Math.min(Math.round((r * REFUND_ADMIN_PERCENT) / 100), REFUND_ADMIN_CAP_PAISE);
    admin += a + gst(a);
  });
  const easyShip = channel === 'EASY_SHIP' ? EASY_SHIP_PAISE + gst(EASY_SHIP_PAISE) : 0;
  charged += referral + easyShip;
  if (times.refund === undefined || times.refund >= postedBefore.getTime()) return charged;
  // A customer return gives the referral fee back less the refund administration fee; an RTO gives it and the Easy Ship fee back.
  return o.status === 'returned' ? charged - referral + admin : charged - referral - easyShip;
}

/** The same in rupees, as `OrderFees.fees` carries it. */
export const expectedAmazonFees = (o: BookOrder, postedBefore?: Date): string => rupees(expectedAmazonFeesPaise(o, postedBefore));

const inr = (paise: number) => ({ currencyAmount: paise / 100, currencyCode: 'INR' });
const node = (type: string, paise: number, parts?: unknown[]) => ({
  breakdownType: type,
  breakdownAmount: inr(paise),
  ...(parts ? { breakdowns: parts } : {}),
});
const feeNode = (f: Fee) => node(f.type, f.base + f.tax, [node('Base', f.base), node('Tax', f.tax)]);
const feesTotal = (fees: Fee[]) => fees.reduce((t, f) => t + f.base + f.tax, 0);

/** The charges of each shipped line on its shipment (fees negative). */
function shipmentCharges(o: BookOrder): ItemCharges[] {
  const channel = channelOf(o);
  return shippedLines(o).map((l, n) => {
    const r = referralBase(o, l, n);
    const closing = band(CLOSING_BANDS, buyerUnitPaise(l)) * l.quantity;
    const fees: Fee[] = [
      { type: 'Commission', base: -r, tax: -gst(r) },
      { type: 'FixedClosingFee', base: -closing, tax: -gst(closing) },
    ];
    if (channel === 'FBA') fees.push({ type: 'FBAPerUnitFulfillmentFee', base: -FBA_UNIT_PAISE * l.quantity, tax: -gst(FBA_UNIT_PAISE * l.quantity) });
    // UNVERIFIED: the breakdown type Amazon gives an Easy Ship fee (no public answer for amazon.in was found).
    if (channel === 'EASY_SHIP' && n === 0) fees.push({ type: 'EasyShipFee', base: -EASY_SHIP_PAISE, tax: -gst(EASY_SHIP_PAISE) });
    return { line: l, principal: l.unitPaise * l.quantity - l.discountPaise, tax: l.taxPaise, shipping: n === 0 ? o.shippingPaise : 0, fees };
  });
}

/** What a refund reverses of each shipped line (money back to the buyer negative, fees given back positive). */
function refundCharges(o: BookOrder): ItemCharges[] {
  const channel = channelOf(o);
  return shipmentCharges(o).map((c, n) => {
    const commission = c.fees.find((f) => f.type === 'Commission')!;
    const fees: Fee[] = [{ type: 'Commission', base: -commission.base, tax: -commission.tax }];
    if (o.status === 'returned') {
      const admin = Math.min(Math.round((-commission.base * REFUND_ADMIN_PERCENT) / 100), REFUND_ADMIN_CAP_PAISE);
      fees.push({ type: 'RefundCommission', base: -admin, tax: -gst(admin) });
    } else if (channel === 'EASY_SHIP' && n === 0) {
      fees.push({ type: 'EasyShipFee', base: EASY_SHIP_PAISE, tax: gst(EASY_SHIP_PAISE) });
    }
    return { line: c.line, principal: -c.principal, tax: -c.tax, shipping: -c.shipping, fees };
  });
}

const transactionId = (kind: string, o: BookOrder) => createHash('sha256').update(`${kind}:${o.index}`).digest('base64url').slice(0, 43);

function renderTransaction(kind: 'Shipment' | 'Refund', o: BookOrder, postedAt: number, charges: ItemCharges[]): Record<string, unknown> {
  const orderId = amazonOrderId(o.index);
  const all = charges.flatMap((c) => c.fees);
  const sales = charges.reduce((t, c) => t + c.principal + c.tax + c.shipping, 0);
  const principal = charges.reduce((t, c) => t + c.principal, 0);
  const tax = charges.reduce((t, c) => t + c.tax, 0);
  const shipping = charges.reduce((t, c) => t + c.shipping, 0);
  return {
    sellingPartnerMetadata: { sellingPartnerId: 'A1SANDBOXSELLER', marketplaceId: MARKETPLACE, accountType: 'Standard Orders' },
    transactionType: kind,
    transactionId: transactionId(kind, o),
    transactionStatus: 'Released',
    relatedIdentifiers: [
      { relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: orderId },
      { relatedIdentifierName: kind === 'Shipment' ? 'SHIPMENT_ID' : 'REFUND_ID', relatedIdentifierValue: String(7_000_000_000 + o.index) },
      { relatedIdentifierName: 'FINANCIAL_EVENT_GROUP_ID', relatedIdentifierValue: `FEG-${new Date(postedAt).toISOString().slice(0, 10)}` },
    ],
    totalAmount: inr(sales + feesTotal(all)),
    description: kind === 'Shipment' ? 'Order Payment' : 'Refund Order',
    postedDate: new Date(postedAt).toISOString(),
    marketplaceDetails: { marketplaceId: MARKETPLACE, marketplaceName: 'Amazon.in' },
    items: charges.map((c) => ({
      description: c.line.title,
      totalAmount: inr(c.principal + c.tax + c.shipping + feesTotal(c.fees)),
      relatedIdentifiers: [{ itemRelatedIdentifierName: 'ORDER_ADJUSTMENT_ITEM_ID', itemRelatedIdentifierValue: `${o.index}${c.line.lineId}` }],
      breakdowns: [
        node('ProductCharges', c.principal, [node('OurPricePrincipal', c.principal)]),
        node('Tax', c.tax, [node('OurPriceTax', c.tax)]),
        ...(c.shipping ? [node('Shipping', c.shipping, [node('ShippingPrincipal', c.shipping)])] : []),
        node('AmazonFees', feesTotal(c.fees), c.fees.map(feeNode)),
      ],
      contexts: [
        { contextType: 'ProductContext', sku: c.line.sku, quantityShipped: c.line.quantity, fulfillmentNetwork: channelOf(o) === 'FBA' ? 'AFN' : 'MFN' },
      ],
    })),
    breakdowns: [
      node('Sales', sales, [node('ProductCharges', principal), node('Tax', tax), ...(shipping ? [node('Shipping', shipping)] : [])]),
      node('Expenses', feesTotal(all), [node('AmazonFees', feesTotal(all))]),
    ],
  };
}

/** Every transaction of a book order: its shipment, refund and any service fee, with when each was posted. */
function transactionsOf(o: BookOrder): SandboxTransaction[] {
  const charges = shipmentCharges(o);
  if (charges.length === 0) return [];
  const { shipment: shipPosted, refund: refundPosted } = amazonFeeEventTimes(o) as { shipment: number; refund?: number };
  const out: SandboxTransaction[] = [{ postedAt: shipPosted, body: renderTransaction('Shipment', o, shipPosted, charges), orderIndex: o.index, ofOrder: true }];
  if (refundPosted !== undefined) {
    out.push({ postedAt: refundPosted, body: renderTransaction('Refund', o, refundPosted, refundCharges(o)), orderIndex: o.index, ofOrder: true });
  }
  if (o.index % 25 === 0) {
    const at = shipPosted + 60_000;
    const fee: Fee = { type: 'FBAInventoryStorageFee', base: -2_500, tax: -gst(2_500) };
    out.push({
      postedAt: at,
      orderIndex: o.index,
      ofOrder: false,
      body: {
        sellingPartnerMetadata: { sellingPartnerId: 'A1SANDBOXSELLER', marketplaceId: MARKETPLACE, accountType: 'Standard Orders' },
        transactionType: 'ServiceFee',
        transactionId: transactionId('ServiceFee', o),
        transactionStatus: 'Released',
        relatedIdentifiers: [{ relatedIdentifierName: 'FINANCIAL_EVENT_GROUP_ID', relatedIdentifierValue: `FEG-${new Date(at).toISOString().slice(0, 10)}` }],
        totalAmount: inr(fee.base + fee.tax),
        description: 'FBAStorageBilling',
        postedDate: new Date(at).toISOString(),
        marketplaceDetails: { marketplaceId: MARKETPLACE, marketplaceName: 'Amazon.in' },
        items: [],
        breakdowns: [node('Expenses', fee.base + fee.tax, [node('AmazonFees', fee.base + fee.tax, [feeNode(fee)])])],
      },
    });
  }
  return out;
}

/** A nextToken: where the next page starts, the arguments it is bound to, when it was issued. */
interface PageToken {
  p: number;
  h: string;
  t: number;
}

interface Listing {
  after?: number;
  before: number;
  status?: string;
  orderIndex?: number;
  start: number;
  hash: string;
}

export interface AmazonFinancesDesk {
  api: Router;
  calls(): { listTransactions: number; throttled: number; requests: string[] };
}

export function amazonFinancesSandbox(state: SandboxState): AmazonFinancesDesk {
  const book: OrderBook = state.book;
  const plan = spApiPlan(PLAN, state.rateScale);
  const counts = { listTransactions: 0, throttled: 0, requests: [] as string[] };

  /** Every rule of the model's parameters; the listing, or the refusal already sent. */
  function readListing(req: Request, res: Response): Listing | undefined {
    const q = req.query as Record<string, string | string[] | undefined>;
    const one = (name: string) => (Array.isArray(q[name]) ? q[name].at(-1) : q[name]);
    const marketplaceId = one('marketplaceId');
    // UNVERIFIED for listTransactions: a marketplace of another region refused as searchOrders refuses one (selling-partner-api-models#5126).
    if (marketplaceId !== undefined && !EU_MARKETPLACES.has(marketplaceId)) {
      res.removeHeader('x-amzn-RateLimit-Limit');
      res.setHeader(SANDBOX_RULE_HEADER, "marketplaceId must be a marketplace of the endpoint's region.");
      return void errors(res, 403, 'Unauthorized', 'Access to requested resource is denied.', 'The marketplaces you provided are not valid for region.');
    }
    const name = one('relatedIdentifierName');
    const value = one('relatedIdentifierValue');
    if (name !== undefined && !IDENTIFIER_NAMES.includes(name))
      return void invalid(res, `relatedIdentifierName must be one of ${IDENTIFIER_NAMES.join(', ')}.`);
    if ((name === undefined) !== (value === undefined)) return void invalid(res, 'relatedIdentifierName and relatedIdentifierValue go together.');
    const afterText = one('postedAfter');
    const beforeText = one('postedBefore');
    // The model's own example of this refusal: postedBefore without postedAfter.
    if (afterText === undefined && name === undefined) return void errors(res, 400, 'InvalidInput', 'Start date cannot be null', 'Start date cannot be null');
    for (const [param, text] of [
      ['postedAfter', afterText],
      ['postedBefore', beforeText],
    ] as const) {
      if (text !== undefined && (!ISO_8601.test(text) || Number.isNaN(Date.parse(text)))) return void invalid(res, `${param} must be an ISO 8601 date-time.`);
    }
    const newest = Date.now() - NEWEST_REACH_MS;
    const after = afterText === undefined ? undefined : Date.parse(afterText);
    if (after !== undefined && after > newest) return void invalid(res, 'postedAfter must be more than two minutes before the time of the request.');
    const before = beforeText === undefined ? newest : Date.parse(beforeText);
    if (beforeText !== undefined && before > newest) return void invalid(res, 'postedBefore must be more than two minutes before the time of the request.');
    if (after !== undefined && before <= after) return void invalid(res, 'postedBefore must be later than postedAfter.');
    const status = one('transactionStatus');
    if (status !== undefined && !STATUSES.includes(status))
      return void invalid(res, `Invalid value '${status}' for transactionStatus. Allowed values: ${STATUSES.join(', ')}.`);
    let orderIndex: number | undefined;
    if (name === 'ORDER_ID') {
      const i = Number(value!.split('-')[1]);
      // An order the seller does not have has no transactions: an index that renders to another id matches nothing.
      orderIndex = Number.isInteger(i) && i >= 0 && i < book.size && amazonOrderId(i) === value ? i : -1;
    }
    const hash = createHash('sha256')
      .update(JSON.stringify([afterText, beforeText, marketplaceId, status, name, value].map((v) => v ?? null)))
      .digest('base64url')
      .slice(0, 16);
    let start = 0;
    const tokenText = one('nextToken');
    if (tokenText !== undefined) {
      const token = readToken(tokenText);
      // UNVERIFIED: Amazon's words for a token it will not take; searchOrders' generic ones here.
      if (!token) return void invalid(res, 'nextToken is not a token the sandbox issued.');
      if (token.h !== hash) return void invalid(res, 'nextToken was issued for other arguments: include the same arguments as the call that produced it.');
      start = token.p;
    }
    return {
      ...(after !== undefined ? { after } : {}),
      before,
      ...(status ? { status } : {}),
      ...(orderIndex !== undefined ? { orderIndex } : {}),
      start,
      hash,
    };
  }

  /** The transactions a listing matches, in posting order. */
  function matching(l: Listing): SandboxTransaction[] {
    // FINANCIAL_EVENT_GROUP_ID is accepted but the sandbox keeps no groups: nothing matches.
    if (l.orderIndex === -1) return [];
    // Sandbox transactions are all released: a DEFERRED filter matches none.
    if (l.status && l.status !== 'RELEASED') return [];
    if (l.orderIndex !== undefined)
      return transactionsOf(book.get(l.orderIndex)).filter((t) => t.ofOrder && t.postedAt < l.before && (l.after === undefined || t.postedAt >= l.after));
    const after = l.after!;
    if (l.before - after > MAX_SPAN_MS) return [];
    // An event posted at t belongs to an order updated between t − 25 h and t + 12 h (Amazon's time, shifted back
    // to the book's): shipment a day after the package left (at most 36 h before the update), refund an hour after both.
    const lo = book.indexAfter(new Date(after + AMAZON_TIME_SHIFT_MS - 26 * HOUR_MS));
    const hi = book.indexAfter(new Date(l.before + AMAZON_TIME_SHIFT_MS + 13 * HOUR_MS));
    const out: SandboxTransaction[] = [];
    for (let i = lo; i < hi; i++) for (const t of transactionsOf(book.get(i))) if (t.postedAt >= after && t.postedAt < l.before) out.push(t);
    return out.sort((a, b) => a.postedAt - b.postedAt || a.orderIndex - b.orderIndex);
  }

  const api = Router();
  api.get('/finances/2024-06-19/transactions', (req, res) => {
    counts.listTransactions++;
    if (!admitSpApiCall(req, res, state, plan, counts)) return;
    const listing = readListing(req, res);
    if (!listing) return;
    const all = matching(listing);
    const page = all.slice(listing.start, listing.start + PAGE);
    const end = listing.start + page.length;
    const nextToken =
      end < all.length ? Buffer.from(JSON.stringify({ p: end, h: listing.hash, t: Date.now() } satisfies PageToken)).toString('base64url') : undefined;
    res.json({ payload: { transactions: page.map((t) => t.body), ...(nextToken ? { nextToken } : {}) } });
  });

  return { api, calls: () => ({ ...counts, requests: [...counts.requests] }) };
}

function readToken(text: string): PageToken | undefined {
  try {
    const token = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<PageToken>;
    return typeof token.p === 'number' && typeof token.h === 'string' && typeof token.t === 'number' ? (token as PageToken) : undefined;
  } catch {
    return undefined;
  }
}
