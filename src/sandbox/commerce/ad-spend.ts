import { seededRandom } from './seeded-random.js';

/** One ad account's delivery on one day, as the sandbox platforms report it. */
export interface DailyDelivery {
  /** Spend in the account's currency, in its minor unit (paise, cents). */
  spendMinor: number;
  impressions: number;
  clicks: number;
}

const DAY_MS = 86_400_000;

/** Days since the epoch of `date` (YYYY-MM-DD), UTC. */
export const dayNumber = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;

/** The day `days` before `date` (YYYY-MM-DD). */
export const daysBefore = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) - days * DAY_MS).toISOString().slice(0, 10);

/** A string's FNV-1a hash, to seed an account's days apart from another's. */
export function hash(text: string): number {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}

/**
 * The daily delivery of every sandbox ad account, shared by the Meta and Google sandboxes: the
 * same account and day always give the same figures, so a test can work out a total on its own
 * (`delivery`). Some days an account does not deliver at all (the platforms then return no row).
 * Both platforms revise recent days (docs/providers.md §5.2, §6.2): `restate()` moves every day
 * within `restatedDays` of today to its next revision, as the platforms' overnight corrections do.
 */
export class AdSpendBook {
  /** How many times recent days were restated; a day within the window is at this revision. */
  private revision = 0;

  constructor(
    private readonly seed: number,
    /** Multiplies every day's spend (a busier advertiser: the demo's spends like a seller of its size). */
    private readonly scale = 1,
    /** How many days before today a restatement reaches. */
    readonly restatedDays = 3,
    /** Today's date (YYYY-MM-DD); the sandbox's clock, so a test can pin it. */
    private readonly today: () => string = () => new Date().toISOString().slice(0, 10),
  ) {}

  /** Revises the recent days' figures (invalid-click credits, late billing): their spend changes. */
  restate(): void {
    this.revision++;
  }

  /** The account's delivery on `date`, or undefined on a day it did not deliver (or a day not yet begun). */
  delivery(accountId: string, date: string): DailyDelivery | undefined {
    const today = this.today();
    if (date > today) return undefined;
    const recent = dayNumber(today) - dayNumber(date) <= this.restatedDays;
    const random = seededRandom(this.seed ^ hash(`${accountId}/${date}`));
    // One day in twelve without delivery (a paused campaign).
    if (random() < 1 / 12) return undefined;
    const impressions = Math.round((8_000 + Math.floor(random() * 40_000)) * this.scale);
    const clicks = Math.floor(impressions * (0.008 + random() * 0.02));
    let spendMinor = Math.round((150_000 + Math.floor(random() * 450_000)) * this.scale);
    if (recent && this.revision) {
      // Each revision credits back or adds up to 3 % of the day's spend.
      const revise = seededRandom(this.seed ^ hash(`${accountId}/${date}/r${this.revision}`));
      spendMinor += Math.round(spendMinor * (revise() * 0.06 - 0.03));
    }
    return { spendMinor, impressions, clicks };
  }
}
