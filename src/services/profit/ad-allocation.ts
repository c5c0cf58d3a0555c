/** An order's claim on its day's ad spend: its revenue in paise (the seller's currency). */
export interface AdShareClaim {
  orderId: string;
  revenuePaise: bigint;
}

/**
 * A day's ad spend (paise) shared among its orders in proportion to their revenue, by the
 * largest remainder method: each order gets the floor of its exact share, and the paise left
 * over go one each to the orders with the largest remainders (ties: the smaller order id first),
 * so the shares sum exactly to the spend. Orders with revenue ≤ 0 get nothing (absent from the
 * result); without any order with revenue the spend stays unallocated (an empty map).
 * BigInt throughout: spend × revenue overflows a double's exact range for large sellers.
 */
export function allocateAdSpend(spendPaise: bigint, claims: readonly AdShareClaim[]): Map<string, bigint> {
  const shares = new Map<string, bigint>();
  const eligible = claims.filter((c) => c.revenuePaise > 0n);
  if (!eligible.length || spendPaise === 0n) return shares;
  // A negative day (a platform's credit) is shared the same way, with the sign put back after.
  const negative = spendPaise < 0n;
  const spend = negative ? -spendPaise : spendPaise;
  const total = eligible.reduce((sum, c) => sum + c.revenuePaise, 0n);
  let given = 0n;
  const parts = eligible.map((c) => {
    const exact = spend * c.revenuePaise;
    const floor = exact / total;
    given += floor;
    return { orderId: c.orderId, floor, remainder: exact % total };
  });
  const left = spend - given; // < number of eligible orders
  const order = [...parts].sort((a, b) =>
    a.remainder !== b.remainder ? (b.remainder > a.remainder ? 1 : -1) : a.orderId < b.orderId ? -1 : a.orderId > b.orderId ? 1 : 0,
  );
  for (let i = 0; i < order.length; i++) {
    const p = order[i]!;
    const share = p.floor + (BigInt(i) < left ? 1n : 0n);
    shares.set(p.orderId, negative ? -share : share);
  }
  return shares;
}
