import { seededRandom } from './seeded-random.js';
/**
 * A deterministic order book of any size, generated order by order on demand (never held
 * in memory): order i is the same on every run with the same seed. Orders are updated in
 * index order, so "updated after T" is a suffix of the book. Money is in paise.
 */

export type BookStatus = 'pending' | 'confirmed' | 'packed' | 'shipped' | 'delivered' | 'cancelled' | 'returned' | 'rto';

export interface BookLine {
  lineId: string;
  sku: string;
  title: string;
  quantity: number;
  unitPaise: number;
  discountPaise: number;
  taxPaise: number;
}

export interface BookOrder {
  index: number;
  createdAt: Date;
  updatedAt: Date;
  status: BookStatus;
  cod: boolean;
  city: string;
  state: string;
  pincode: string;
  lines: BookLine[];
  shippingPaise: number;
  subtotalPaise: number;
  discountPaise: number;
  taxPaise: number;
  totalPaise: number;
}

const STATUSES: Array<[BookStatus, number]> = [
  ['pending', 4],
  ['confirmed', 14],
  ['packed', 8],
  ['shipped', 16],
  ['delivered', 40],
  ['cancelled', 8],
  ['returned', 4],
  ['rto', 6],
];
const CITIES = [
  ['Mumbai', 'Maharashtra', '400001'],
  ['Pune', 'Maharashtra', '411001'],
  ['Bengaluru', 'Karnataka', '560001'],
  ['New Delhi', 'Delhi', '110001'],
  ['Jaipur', 'Rajasthan', '302001'],
  ['Chennai', 'Tamil Nadu', '600001'],
  ['Hyderabad', 'Telangana', '500001'],
  ['Kolkata', 'West Bengal', '700001'],
  ['Ahmedabad', 'Gujarat', '380001'],
  ['Lucknow', 'Uttar Pradesh', '226001'],
] as const;
const PRODUCTS = ['TSHIRT', 'KURTA', 'JEANS', 'SAREE', 'MUG', 'BOTTLE', 'CAP', 'SNEAKER', 'WATCH', 'WALLET'];
const VARIANTS = ['BLK-S', 'BLK-M', 'BLU-M', 'RED-L', 'WHT-XL'];

/** Every SKU the book sells, in a stable order. */
export const CATALOG_SKUS: string[] = PRODUCTS.flatMap((p) => VARIANTS.map((v) => `${p}-${v}`));

// By default one order every 20 s of book time: 100,000 orders span about 23 days.
const STEP_MS = 20_000;

const BIG_BASKET_EVERY = 50;
const BIG_BASKET_LINES = 7;

export class OrderBook {
  readonly size: number;
  private readonly seed: number;
  private readonly firstUpdate: number;
  private readonly stepMs: number;

  /** `stepMs`: book time between two orders (the demo spreads a small book over weeks). */
  constructor({ size, seed = 7, now = new Date(), stepMs = STEP_MS }: { size: number; seed?: number; now?: Date; stepMs?: number }) {
    this.size = size;
    this.seed = seed;
    this.stepMs = stepMs;
    // The newest order was updated a minute before "now".
    this.firstUpdate = now.getTime() - 60_000 - Math.max(size - 1, 0) * stepMs;
  }

  updatedAt(i: number): Date {
    return new Date(this.firstUpdate + i * this.stepMs);
  }

  /** The first index updated strictly after `at` (size when none is). */
  indexAfter(at: Date): number {
    const i = Math.floor((at.getTime() - this.firstUpdate) / this.stepMs) + 1;
    return Math.min(Math.max(i, 0), this.size);
  }

  /** The status alone, cheaply (the searches that filter by status call it for every order). */
  statusOf(i: number): BookStatus {
    return this.pickStatus(seededRandom(this.seed * 1_000_003 + i)());
  }

  get(i: number): BookOrder {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) throw new RangeError(`no order ${i} in a book of ${this.size}`);
    const rnd = seededRandom(this.seed * 1_000_003 + i);
    const status = this.pickStatus(rnd());
    const cod = rnd() < 0.55;
    const [city, state, pincode] = CITIES[Math.floor(rnd() * CITIES.length)]!;
    const lines: BookLine[] = [];
    // Most baskets hold 2–3 lines; one order in 50 is a big one, whose lines page on where a
    // provider nests only an order's first lines (Shopify).
    const lineCount = i % BIG_BASKET_EVERY === BIG_BASKET_EVERY - 1 ? BIG_BASKET_LINES : 2 + Math.floor(rnd() * 2);
    for (let l = 0; l < lineCount; l++) {
      const product = PRODUCTS[Math.floor(rnd() * PRODUCTS.length)]!;
      const variant = VARIANTS[Math.floor(rnd() * VARIANTS.length)]!;
      const quantity = 1 + Math.floor(rnd() * 3);
      const unitPaise = 19_900 + Math.floor(rnd() * 2_300) * 100;
      const gross = unitPaise * quantity;
      const discountPaise = rnd() < 0.3 ? Math.floor(gross * 0.1) : 0;
      const taxPaise = Math.round((gross - discountPaise) * 0.12);
      lines.push({
        lineId: `${i + 1}${String(l + 1).padStart(2, '0')}`,
        sku: `${product}-${variant}`,
        title: `${product[0]}${product.slice(1).toLowerCase()} ${variant}`,
        quantity,
        unitPaise,
        discountPaise,
        taxPaise,
      });
    }
    const shippingPaise = rnd() < 0.4 ? 4_900 : 0;
    const updatedAt = this.updatedAt(i);
    const createdAt = new Date(updatedAt.getTime() - Math.floor(rnd() * 72) * 3_600_000);
    const subtotalPaise = lines.reduce((t, l) => t + l.unitPaise * l.quantity, 0);
    const discountPaise = lines.reduce((t, l) => t + l.discountPaise, 0);
    const taxPaise = lines.reduce((t, l) => t + l.taxPaise, 0);
    return {
      index: i,
      createdAt,
      updatedAt,
      status,
      cod,
      city,
      state,
      pincode,
      lines,
      shippingPaise,
      subtotalPaise,
      discountPaise,
      taxPaise,
      totalPaise: subtotalPaise - discountPaise + shippingPaise + taxPaise,
    };
  }

  /** What a complete import must hold (iterates the book; for tests and the benchmark). */
  expectedTotals(): { orders: number; lines: number; totalPaise: number } {
    let lines = 0;
    let totalPaise = 0;
    for (let i = 0; i < this.size; i++) {
      const o = this.get(i);
      lines += o.lines.length;
      totalPaise += o.totalPaise;
    }
    return { orders: this.size, lines, totalPaise };
  }

  private pickStatus(r: number): BookStatus {
    let threshold = r * 100;
    for (const [status, weight] of STATUSES) {
      if (threshold < weight) return status;
      threshold -= weight;
    }
    return 'delivered';
  }
}

/** Paise as a decimal string ("1249.50"). */
export const rupees = (paise: number): string =>
  `${paise < 0 ? '-' : ''}${Math.trunc(Math.abs(paise) / 100)}.${String(Math.abs(paise) % 100).padStart(2, '0')}`;
