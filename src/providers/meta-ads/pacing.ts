import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../../logger.js';
import { parseUsage, type Usage } from './payloads.js';

/** The clock and the wait the connector uses: real ones in a sync, instant ones in tests. */
export interface MetaTiming {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTiming: MetaTiming = { now: () => Date.now(), sleep: (ms) => sleep(ms) };

/**
 * Above this share of any budget Meta reports, Sutra pauses before the next call: Airbyte's
 * threshold (docs/providers.md §5.3). Meta throttles at 100 %, and every error counts against the
 * insights quota too (§5.3), so stopping just short of it spends the budget without drawing errors.
 */
export const USAGE_THRESHOLD_PCT = 95;

/** The shortest pause once over the threshold or throttled: Airbyte's `max(estimated_time_to_regain_access, 1 minute)`. */
export const MIN_PAUSE_MS = 60_000;

/**
 * The longest Sutra waits inside one sync for Meta to give access back. Beyond it the sync ends
 * as unavailable and the job queue runs it again later, rather than holding a worker for an hour
 * (Meta announces waits of up to 60 minutes and more: UNVERIFIED upper bound).
 */
export const MAX_PAUSE_MS = 15 * 60_000;

/**
 * One sync's pacing against Meta's usage headers (§5.3): after every answer it reads them, and
 * when any passes the threshold, or Meta throttled, the next call waits until Meta said access
 * comes back. One pacer per sync: the headers describe the app, the business and the ad account
 * this sync calls for.
 */
export class MetaPacer {
  private resumeAt = 0;

  constructor(
    private readonly timing: MetaTiming,
    private readonly log: Logger,
  ) {}

  /** Waits until the pause Meta asked for is over (at once when none). */
  async ready(): Promise<void> {
    const wait = this.resumeAt - this.timing.now();
    if (wait <= 0) return;
    this.log.info({ provider: 'meta_ads', waitMs: wait }, 'Pausing Meta calls until its usage budget comes back');
    await this.timing.sleep(wait);
  }

  /** Reads an answer's usage headers; over the threshold, the next call waits. */
  observe(headers: Record<string, string | string[] | undefined>): Usage {
    const usage = parseUsage(headers);
    if (usage.highestPct >= USAGE_THRESHOLD_PCT) this.pauseFor(Math.max(usage.regainMinutes * 60_000, MIN_PAUSE_MS));
    else if (usage.regainMinutes > 0) this.pauseFor(usage.regainMinutes * 60_000);
    return usage;
  }

  /** Pushes the next call back by at least `ms` from now. */
  pauseFor(ms: number): void {
    this.resumeAt = Math.max(this.resumeAt, this.timing.now() + ms);
  }

  /** How long the next call would wait now. */
  pending(): number {
    return Math.max(0, this.resumeAt - this.timing.now());
  }
}
