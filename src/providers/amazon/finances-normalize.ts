import { minus, money, sum } from '../money.js';
import type { OrderFees } from '../types.js';
import type { FinancesBreakdown, FinancesTransaction } from './finances-payloads.js';

/**
 * Amazon's fees per order from Finances v2024-06-19 transactions (docs/providers.md §2.5).
 *
 * Every fee Amazon charges on an order sits under a breakdown of type "AmazonFees" (Commission,
 * FixedClosingFee, FBAPerUnitFulfillmentFee, ShippingChargeback, …, each split into "Base" and
 * "Tax", the GST on the fee), as a negative amount; a refund's fee reversals come as positive ones
 * under the same type. So an order's fees = −Σ "AmazonFees" amounts over its transactions: its
 * shipment's fees less what its refunds gave back.
 *
 * The "AmazonFees" total comes at two levels: the transaction's own breakdowns (under "Expenses")
 * and each item's. The transaction's are read when it has any, else the items' (some transaction
 * types carry their breakdowns only at one level: selling-partner-api-models#4993), never both.
 * Amazon spells the types without spaces ("AmazonFees"; airbytehq/airbyte's recorded answer) and the
 * model's examples with them ("FBA fees", "Product Charges"): they are compared without spaces or case.
 */

const FEES = 'amazonfees';
const typeOf = (b: FinancesBreakdown) => (b.breakdownType ?? '').replace(/\s+/g, '').toLowerCase();

/** A node's amount; a node without one (UNVERIFIED that Amazon sends such) counts its parts. */
function amountOf(b: FinancesBreakdown): string {
  const a = b.breakdownAmount?.currencyAmount;
  if (a !== null && a !== undefined && a !== '') return money(String(a));
  return sum((b.breakdowns ?? []).map(amountOf));
}

/** The "AmazonFees" nodes of a breakdown tree, outermost only (their parts are already in their amount). */
function feeNodes(breakdowns: FinancesBreakdown[] | null | undefined): FinancesBreakdown[] {
  return (breakdowns ?? []).flatMap((b) => (typeOf(b) === FEES ? [b] : feeNodes(b.breakdowns)));
}

/** The first currency named in some nodes or their parts, else the transaction's. */
function currencyOf(nodes: FinancesBreakdown[], t?: FinancesTransaction): string | undefined {
  for (const n of nodes) {
    const c = n.breakdownAmount?.currencyCode ?? currencyOf(n.breakdowns ?? []);
    if (c) return c;
  }
  return t?.totalAmount?.currencyCode ?? undefined;
}

/** The order a transaction belongs to (its ORDER_ID related identifier), if any. */
export function orderIdOf(t: FinancesTransaction): string | undefined {
  return t.relatedIdentifiers?.find((r) => r.relatedIdentifierName === 'ORDER_ID')?.relatedIdentifierValue ?? undefined;
}

/**
 * What one transaction charged in fees (positive; negative for a refund that gave fees back), or
 * nothing when it belongs to no order or carries no fee.
 */
export function feesOfTransaction(t: FinancesTransaction): { externalOrderId: string; fees: string; currency?: string } | undefined {
  const externalOrderId = orderIdOf(t);
  if (!externalOrderId) return undefined;
  let nodes = feeNodes(t.breakdowns);
  if (nodes.length === 0) nodes = (t.items ?? []).flatMap((i) => feeNodes(i.breakdowns));
  if (nodes.length === 0) return undefined;
  return { externalOrderId, fees: minus(0, sum(nodes.map(amountOf))), currency: currencyOf(nodes, t) };
}

/**
 * A running tally of fees per order over the pages of a window: shipment fees less refunded fees,
 * in the order the orders first appear. A transaction listed twice (the same transactionId, e.g.
 * on two pages of a window that moved) counts once. `fallbackCurrency` is used when Amazon names
 * none (the marketplace's: INR for amazon.in).
 */
export class FeesTally {
  private readonly seen = new Set<string>();
  private readonly byOrder = new Map<string, OrderFees>();

  constructor(private readonly fallbackCurrency = 'INR') {}

  add(transactions: Iterable<FinancesTransaction>): void {
    for (const t of transactions) {
      if (t.transactionId) {
        if (this.seen.has(t.transactionId)) continue;
        this.seen.add(t.transactionId);
      }
      const f = feesOfTransaction(t);
      if (!f) continue;
      const had = this.byOrder.get(f.externalOrderId);
      // UNVERIFIED: one currency per order (an order is paid in its marketplace's currency).
      if (had) had.fees = sum([had.fees, f.fees]);
      else this.byOrder.set(f.externalOrderId, { externalOrderId: f.externalOrderId, fees: f.fees, currency: f.currency ?? this.fallbackCurrency });
    }
  }

  orders(): OrderFees[] {
    return [...this.byOrder.values()];
  }
}

/** The fees of every order in some transactions, netted per order (see FeesTally). */
export function normalizeFinances(transactions: Iterable<FinancesTransaction>, fallbackCurrency = 'INR'): OrderFees[] {
  const tally = new FeesTally(fallbackCurrency);
  tally.add(transactions);
  return tally.orders();
}
