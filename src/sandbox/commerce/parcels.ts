import { seededRandom } from './seeded-random.js';
/**
 * A deterministic parcel book: every AWB the sandbox couriers (Delhivery, Selloship) know, each
 * following one lifecycle through time. Parcel i of a courier is the same on every run with the
 * same seed and start; nothing is held in memory but the NDR requests made and the parcels booked
 * through a courier's create call (numbered after the generated ones). The stages here are
 * courier-neutral: each courier sandbox renders them in its own words (delhivery.ts, selloship.ts).
 */

export type ParcelCourier = 'delhivery' | 'selloship';

/** How a parcel's journey ends. */
export type ParcelLifecycle = 'delivered' | 'attempt_then_delivered' | 'attempts_then_rto' | 'lost' | 'cancelled';

export type ParcelStage =
  | 'manifested'
  | 'picked_up'
  | 'in_transit'
  | 'reached_destination'
  | 'out_for_delivery'
  | 'failed_attempt'
  | 'delivered'
  | 'rto_initiated'
  | 'rto_in_transit'
  | 'rto_out_for_delivery'
  | 'rto_delivered'
  | 'lost'
  | 'cancelled';

/** Stages after which a parcel never moves again. */
export const CLOSED_STAGES: ReadonlySet<ParcelStage> = new Set(['delivered', 'rto_delivered', 'lost', 'cancelled']);

/** A failed delivery attempt's code and reason, in Delhivery's NSL code vocabulary (docs/providers.md §7.5). */
export interface NdrCode {
  code: string;
  reason: string;
  /** Whether Delhivery's RE-ATTEMPT action accepts a parcel whose current code is this one (§7.5). */
  reattemptable: boolean;
}

/**
 * The codes a failed attempt carries. The RE-ATTEMPT list is Delhivery's (docs/providers.md §7.5);
 * EOD-74 and EOD-111 meanings are an aggregator's [3P]. UNVERIFIED: every other reason text, since
 * Delhivery publishes no meanings; they are the sandbox's words.
 */
export const NDR_CODES: readonly NdrCode[] = [
  { code: 'EOD-74', reason: 'Consignee address incomplete or incorrect', reattemptable: true },
  { code: 'EOD-11', reason: 'Consignee unavailable', reattemptable: true },
  { code: 'EOD-15', reason: 'Consignee shifted from the given address', reattemptable: true },
  { code: 'EOD-43', reason: 'Consignee not reachable on phone', reattemptable: true },
  { code: 'EOD-6', reason: 'Consignee refused to accept the shipment', reattemptable: true },
  { code: 'EOD-69', reason: 'Consignee asked for an open delivery', reattemptable: true },
  { code: 'EOD-86', reason: 'Shipment not attempted: out of delivery area', reattemptable: true },
  { code: 'EOD-104', reason: 'Entry restricted at the consignee location', reattemptable: true },
  { code: 'EOD-111', reason: 'Consignee opened the shipment and refused it', reattemptable: false },
  { code: 'EOD-3', reason: 'Consignee asked for delivery on a later date', reattemptable: false },
];

/** One scan of a parcel: a stage reached at a time and place. */
export interface ParcelScan {
  stage: ParcelStage;
  at: Date;
  /** The facility, in Delhivery's "City_Facility (State)" style. */
  location: string;
  /** On a failed attempt: its code and reason. */
  ndr?: NdrCode;
  /** Failed delivery attempts so far, this scan included. */
  attempts: number;
}

export interface Parcel {
  courier: ParcelCourier;
  index: number;
  awb: string;
  lifecycle: ParcelLifecycle;
  /** The seller's order reference. */
  orderRef: string;
  cod: boolean;
  /** What the courier collects on delivery (0 for prepaid), in paise. */
  codPaise: number;
  invoicePaise: number;
  weightGrams: number;
  originPincode: string;
  originCity: string;
  destinationPincode: string;
  destinationCity: string;
  destinationState: string;
  manifestedAt: Date;
  /** Every scan the parcel will ever have, in time order (the view up to a moment cuts it). */
  plan: ParcelScan[];
  /**
   * Freight at the sandbox's own rate card (not any courier's), in paise: the forward leg
   * always, the return leg for a parcel that goes back to origin.
   */
  chargesPaise: { forward: number; rto?: number };
}

/** A parcel as it stands at one moment. */
export interface ParcelView {
  parcel: Parcel;
  /** The scans up to the moment (at least the manifest). */
  scans: ParcelScan[];
  current: ParcelScan;
  attempts: number;
  closed: boolean;
}

/** What a courier's create call books: the seller's order and where it goes. */
export interface ParcelOrder {
  orderRef: string;
  cod: boolean;
  codPaise: number;
  invoicePaise: number;
  weightGrams: number;
  destinationPincode: string;
  destinationCity: string;
  destinationState: string;
}

/** A reattempt asked for through a courier's NDR action. */
export interface ReattemptRequest {
  awb: string;
  at: Date;
  /** The parcel's code and attempts when asked. */
  code?: string;
  attempts: number;
}

const AWB_PATTERN: Record<ParcelCourier, { prefix: string; digits: number }> = {
  // Delhivery AWBs are 14 digits (docs/providers.md §7.3 sample "38261910000346").
  delhivery: { prefix: '1490', digits: 10 },
  // Selloship's seen AWB format "SLSC1002159720" (docs/providers.md §8).
  selloship: { prefix: 'SLSC', digits: 10 },
};

/**
 * The AWB of parcel `i` of a courier, in any book (ParcelBook.awb checks the book's size too). The
 * sales channels' sandboxes hand their shipped orders these: Amazon's order i ships as parcel 2i,
 * Shopify's as parcel 2i + 1, so no two orders share a parcel.
 */
export function parcelAwb(courier: ParcelCourier, i: number): string {
  const { prefix, digits } = AWB_PATTERN[courier];
  return `${prefix}${String(i).padStart(digits, '0')}`;
}

const LIFECYCLES: Array<[ParcelLifecycle, number]> = [
  ['delivered', 50],
  ['attempt_then_delivered', 20],
  ['attempts_then_rto', 18],
  ['lost', 4],
  ['cancelled', 8],
];

const ORIGIN = { city: 'Gurgaon', state: 'Haryana', pincode: '122001', hub: 'Gurgaon_Bilaspur_HB (Haryana)' };
const MID_HUB = 'Delhi_Mundka_GW (Delhi)';
const DESTINATIONS = [
  ['Mumbai', 'Maharashtra', '400001', 'Mumbai_Andheri_DC (Maharashtra)'],
  ['Pune', 'Maharashtra', '411001', 'Pune_Wakad_DC (Maharashtra)'],
  ['Bengaluru', 'Karnataka', '560001', 'Bengaluru_Koramangala_DC (Karnataka)'],
  ['New Delhi', 'Delhi', '110001', 'Delhi_Connaught_DC (Delhi)'],
  ['Jaipur', 'Rajasthan', '302001', 'Jaipur_Malviya_DC (Rajasthan)'],
  ['Ajmer', 'Rajasthan', '305001', 'Ajmer_Ratanzila_I (Rajasthan)'],
  ['Chennai', 'Tamil Nadu', '600001', 'Chennai_Guindy_DC (Tamil Nadu)'],
  ['Hyderabad', 'Telangana', '500001', 'Hyderabad_Kukatpally_DC (Telangana)'],
  ['Kolkata', 'West Bengal', '700001', 'Kolkata_Salt_Lake_DC (West Bengal)'],
  ['Lucknow', 'Uttar Pradesh', '226001', 'Lucknow_Gomti_DC (Uttar Pradesh)'],
] as const;

/** By default a stage every 2 h of book time: a delivered parcel takes about a day. */
const STEP_MS = 2 * 3_600_000;
const DEFAULT_SIZE = 100_000;

/** The sandbox's own rate card: ₹45 for the first 500 g, ₹38 each further 500 g; COD 1.5%, at least ₹35. */
function forwardPaise(weightGrams: number, codPaise: number): number {
  const slabs = Math.ceil(weightGrams / 500);
  const freight = 4_500 + (slabs - 1) * 3_800;
  return codPaise > 0 ? freight + Math.max(3_500, Math.round(codPaise * 0.015)) : freight;
}

export interface ParcelBookOptions {
  /** Parcels per courier (default 100,000; generated on demand). */
  size?: number;
  seed?: number;
  /** Book time between two stages (default 2 h; tests use about a second). */
  stepMs?: number;
  /** The book's "now" at creation: parcels are spread over their lifecycles around it. */
  now?: Date;
  /** The clock the couriers read (default the wall clock); tests move it. */
  clock?: () => Date;
}

export class ParcelBook {
  readonly size: number;
  readonly stepMs: number;
  readonly clock: () => Date;
  private readonly seed: number;
  private readonly origin: number;
  private readonly reattempts = new Map<string, ReattemptRequest[]>();
  /** Parcels booked through a create call, by AWB. */
  private readonly booked = new Map<string, Parcel>();

  constructor({ size = DEFAULT_SIZE, seed = 7, stepMs = STEP_MS, now = new Date(), clock = () => new Date() }: ParcelBookOptions = {}) {
    this.size = size;
    this.seed = seed;
    this.stepMs = stepMs;
    this.clock = clock;
    this.origin = now.getTime();
  }

  /** The AWB of parcel `i` of a courier. */
  awb(courier: ParcelCourier, i: number): string {
    if (!Number.isInteger(i) || i < 0 || i >= this.size) throw new RangeError(`no parcel ${i} in a book of ${this.size}`);
    const { prefix, digits } = AWB_PATTERN[courier];
    return `${prefix}${String(i).padStart(digits, '0')}`;
  }

  /** The parcel under `awb` at this courier, or undefined when the courier never issued it. */
  parcel(courier: ParcelCourier, awb: string): Parcel | undefined {
    const { prefix, digits } = AWB_PATTERN[courier];
    if (awb.length !== prefix.length + digits || !awb.startsWith(prefix) || !/^\d+$/.test(awb.slice(prefix.length))) return undefined;
    const booked = this.booked.get(awb);
    if (booked) return booked.courier === courier ? booked : undefined;
    const i = Number(awb.slice(prefix.length));
    return i < this.size ? this.get(courier, i) : undefined;
  }

  /** Parcel `i` of a courier, with its whole plan. */
  get(courier: ParcelCourier, i: number): Parcel {
    const awb = this.awb(courier, i);
    const rnd = seededRandom(this.seed * 7_919 + i * 2 + (courier === 'delhivery' ? 0 : 1));
    const lifecycle = this.pickLifecycle(rnd());
    const [destinationCity, destinationState, destinationPincode, destinationHub] = DESTINATIONS[Math.floor(rnd() * DESTINATIONS.length)]!;
    const cod = rnd() < 0.6;
    const invoicePaise = (299 + Math.floor(rnd() * 3_200)) * 100;
    const codPaise = cod ? invoicePaise : 0;
    const weightGrams = 200 + Math.floor(rnd() * 280) * 10;
    const failures = lifecycle === 'attempt_then_delivered' ? 1 : lifecycle === 'attempts_then_rto' ? 2 + Math.floor(rnd() * 2) : 0;
    const codes = Array.from({ length: failures }, () => NDR_CODES[Math.floor(rnd() * NDR_CODES.length)]!);
    // Spread parcels over their lifecycle around the book's start: some closed, most moving.
    const span = this.planSteps(lifecycle, failures) + 4;
    const manifestedAt = new Date(this.origin - Math.floor(rnd() * span) * this.stepMs);
    const plan = this.plan(lifecycle, manifestedAt, destinationHub, codes);
    const forward = forwardPaise(weightGrams, codPaise);
    return {
      courier,
      index: i,
      awb,
      lifecycle,
      orderRef: `SUTRA-${courier === 'delhivery' ? 'D' : 'S'}${i + 1}`,
      cod,
      codPaise,
      invoicePaise,
      weightGrams,
      originPincode: ORIGIN.pincode,
      originCity: ORIGIN.city,
      destinationPincode,
      destinationCity,
      destinationState,
      manifestedAt,
      plan,
      chargesPaise: lifecycle === 'attempts_then_rto' ? { forward, rto: forwardPaise(weightGrams, 0) } : { forward },
    };
  }

  /** The parcel as it stands at `at` (default the clock's now), or undefined for an unknown AWB. */
  view(courier: ParcelCourier, awb: string, at: Date = this.clock()): ParcelView | undefined {
    const parcel = this.parcel(courier, awb);
    if (!parcel) return undefined;
    const scans = parcel.plan.filter((s, n) => n === 0 || s.at.getTime() <= at.getTime());
    const current = scans[scans.length - 1]!;
    return { parcel, scans, current, attempts: current.attempts, closed: CLOSED_STAGES.has(current.stage) };
  }

  /** The scans of `awb` made after `after` and up to `upTo`: what a scan push delivers. */
  scansBetween(courier: ParcelCourier, awb: string, after: Date, upTo: Date = this.clock()): ParcelScan[] {
    const parcel = this.parcel(courier, awb);
    return parcel ? parcel.plan.filter((s) => s.at.getTime() > after.getTime() && s.at.getTime() <= upTo.getTime()) : [];
  }

  /** The first parcel index from `from` whose view now satisfies `test` (tests pick a parcel in a given state). */
  find(courier: ParcelCourier, test: (view: ParcelView) => boolean, from = 0, at: Date = this.clock()): number | undefined {
    for (let i = from; i < this.size; i++) {
      const view = this.view(courier, this.awb(courier, i), at);
      if (view && test(view)) return i;
    }
    return undefined;
  }

  /**
   * Books a parcel (a courier's create call): a new AWB numbered after the generated parcels,
   * manifested at `at` and delivered in the usual stages, so it can be tracked and labelled.
   */
  book(courier: ParcelCourier, order: ParcelOrder, at: Date = this.clock()): Parcel {
    const { prefix, digits } = AWB_PATTERN[courier];
    const index = this.size + [...this.booked.values()].filter((p) => p.courier === courier).length;
    const awb = `${prefix}${String(index).padStart(digits, '0')}`;
    const hub = `${order.destinationCity}_Central_DC (${order.destinationState})`;
    const forward = forwardPaise(order.weightGrams, order.codPaise);
    const parcel: Parcel = {
      courier,
      index,
      awb,
      lifecycle: 'delivered',
      ...order,
      originPincode: ORIGIN.pincode,
      originCity: ORIGIN.city,
      manifestedAt: at,
      plan: this.plan('delivered', at, hub, []),
      chargesPaise: { forward },
    };
    this.booked.set(awb, parcel);
    return parcel;
  }

  /** The AWB booked for `orderRef` at this courier, if any (couriers refuse a second booking of an order). */
  bookedFor(courier: ParcelCourier, orderRef: string): string | undefined {
    return [...this.booked.values()].find((p) => p.courier === courier && p.orderRef === orderRef)?.awb;
  }

  /** Records a reattempt asked for through a courier's NDR action. */
  recordReattempt(request: ReattemptRequest): void {
    const list = this.reattempts.get(request.awb) ?? [];
    list.push(request);
    this.reattempts.set(request.awb, list);
  }

  /** The reattempts asked for `awb`, oldest first. */
  reattemptsOf(awb: string): readonly ReattemptRequest[] {
    return this.reattempts.get(awb) ?? [];
  }

  private planSteps(lifecycle: ParcelLifecycle, failures: number): number {
    if (lifecycle === 'cancelled') return 1;
    if (lifecycle === 'lost') return 7;
    const toFirstAttempt = 2 + 1 + 2 + 2 + 1;
    const rto = lifecycle === 'attempts_then_rto' ? 2 + 2 + 3 + 1 + 1 : 0;
    return toFirstAttempt + 1 + failures * 3 + rto;
  }

  private plan(lifecycle: ParcelLifecycle, start: Date, destinationHub: string, codes: NdrCode[]): ParcelScan[] {
    const scans: ParcelScan[] = [];
    let t = start.getTime();
    let attempts = 0;
    const add = (steps: number, stage: ParcelStage, location: string, ndr?: NdrCode) => {
      t += steps * this.stepMs;
      if (ndr) attempts++;
      scans.push({ stage, at: new Date(t), location, ndr, attempts });
    };
    add(0, 'manifested', ORIGIN.hub);
    if (lifecycle === 'cancelled') {
      add(1, 'cancelled', ORIGIN.hub);
      return scans;
    }
    add(2, 'picked_up', ORIGIN.hub);
    add(1, 'in_transit', ORIGIN.hub);
    add(2, 'in_transit', MID_HUB);
    if (lifecycle === 'lost') {
      add(2, 'lost', MID_HUB);
      return scans;
    }
    add(2, 'reached_destination', destinationHub);
    add(1, 'out_for_delivery', destinationHub);
    for (const [n, code] of codes.entries()) {
      add(1, 'failed_attempt', destinationHub, code);
      // Another attempt follows each failure but the last of a parcel going back.
      if (lifecycle === 'attempt_then_delivered' || n < codes.length - 1) add(2, 'out_for_delivery', destinationHub);
    }
    if (lifecycle !== 'attempts_then_rto') {
      add(1, 'delivered', destinationHub);
      return scans;
    }
    add(2, 'rto_initiated', destinationHub);
    add(2, 'rto_in_transit', MID_HUB);
    add(3, 'rto_in_transit', ORIGIN.hub);
    add(1, 'rto_out_for_delivery', ORIGIN.hub);
    add(1, 'rto_delivered', ORIGIN.hub);
    return scans;
  }

  private pickLifecycle(r: number): ParcelLifecycle {
    let threshold = r * 100;
    for (const [lifecycle, weight] of LIFECYCLES) {
      if (threshold < weight) return lifecycle;
      threshold -= weight;
    }
    return 'delivered';
  }
}
