import { allocateAdSpend, type AdShareClaim } from '../../src/services/profit/ad-allocation.js';
import { daySpend } from '../../src/services/profit/day-spend.js';
import { seededRandom } from '../../src/sandbox/commerce/seeded-random.js';

/** A seeded generator (the sandbox's), so a failing case can be run again. */
const seeded = seededRandom;

const claims = (...revenues: number[]): AdShareClaim[] => revenues.map((r, i) => ({ orderId: `o${i + 1}`, revenuePaise: BigInt(r) }));
const shares = (m: Map<string, bigint>) => Object.fromEntries([...m].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, Number(v)]));

describe('sharing a day’s ad spend among its orders', () => {
  it('sums exactly to the spend, each share within a paisa of its exact proportion (2,000 seeded cases)', () => {
    const random = seeded(19);
    for (let n = 0; n < 2000; n++) {
      const count = 1 + Math.floor(random() * 40);
      const cs = Array.from({ length: count }, (_, i) => ({
        orderId: `o${String(i).padStart(3, '0')}`,
        // Some orders without revenue (cancelled), some large ones.
        revenuePaise: random() < 0.15 ? 0n : BigInt(Math.floor(random() * (random() < 0.1 ? 1e9 : 5e5))),
      }));
      const spend = BigInt(Math.floor(random() * (random() < 0.2 ? 1e11 : 1e6)));
      const got = allocateAdSpend(spend, cs);
      const total = cs.reduce((s, c) => s + c.revenuePaise, 0n);
      if (total === 0n) {
        expect(got.size).toBe(0);
        continue;
      }
      expect([...got.values()].reduce((s, v) => s + v, 0n)).toBe(spend);
      for (const c of cs) {
        const share = got.get(c.orderId);
        if (c.revenuePaise === 0n) {
          expect(share).toBeUndefined();
          continue;
        }
        const floor = (spend * c.revenuePaise) / total;
        expect(share === floor || share === floor + 1n).toBe(true);
      }
    }
  });

  it('is proportional to revenue', () => {
    expect(shares(allocateAdSpend(10_000n, claims(100_000, 300_000, 600_000)))).toEqual({ o1: 1000, o2: 3000, o3: 6000 });
  });

  it('gives the paise left over to the largest remainders, ties to the smaller order id', () => {
    // 100 paise over three equal orders: 33 each, the one left over to o1.
    expect(shares(allocateAdSpend(100n, claims(500, 500, 500)))).toEqual({ o1: 34, o2: 33, o3: 33 });
    // 10 paise at 1 : 2 : 3: exact 1.67, 3.33, 5 → 1, 3, 5 and the one left to o1 (remainder .67).
    expect(shares(allocateAdSpend(10n, claims(1, 2, 3)))).toEqual({ o1: 2, o2: 3, o3: 5 });
    // The order ids decide, not the order the claims come in.
    const reversed = [...claims(500, 500, 500)].reverse();
    expect(shares(allocateAdSpend(100n, reversed))).toEqual({ o1: 34, o2: 33, o3: 33 });
  });

  it('gives nothing to orders without revenue, and keeps a day’s spend unallocated without any', () => {
    expect(shares(allocateAdSpend(999n, claims(0, 1_000, -500)))).toEqual({ o2: 999 });
    expect(allocateAdSpend(999n, claims(0, 0)).size).toBe(0);
    expect(allocateAdSpend(0n, claims(100)).size).toBe(0);
  });
});

describe('a day’s ad spend in the seller’s currency', () => {
  const rows = [
    { spend: '1200.50', currency: 'INR' },
    { spend: '310.25', currency: 'INR' },
    { spend: '12.34', currency: 'USD' },
  ];

  it('adds up every account, a USD account at the rate in force', () => {
    // 12.34 × 83.2567 = 1027.387678 → the day: 1200.50 + 310.25 + 1027.387678 = 2538.137678 → ₹2,538.14
    expect(daySpend(rows, 'INR', new Map([['USD', '83.2567']]))).toEqual({ paise: 253_814n, incomplete: false });
  });

  it('leaves out a USD account without a rate and says the day is incomplete', () => {
    expect(daySpend(rows, 'INR', new Map())).toEqual({ paise: 151_075n, incomplete: true });
  });

  it('is zero for a day without spend', () => {
    expect(daySpend([], 'INR', new Map())).toEqual({ paise: 0n, incomplete: false });
  });
});
