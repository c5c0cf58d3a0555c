import type { ProviderError } from '../../domain/errors.js';
import type { Logger } from '../../logger.js';
import type { HttpResult } from '../http.js';
import { waitIn } from '../session-wait.js';
import type { SyncSession } from '../types.js';
import { graphApi } from './client.js';
import { parseUsage, type Usage } from './payloads.js';

/** The clock and the wait the connector uses: real ones in a sync, instant ones in tests. */
export interface MetaTiming {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock, and the session's wait, which keeps the job's lock while it waits (SyncSession.wait). */
export const sessionTiming = (session: Pick<SyncSession, 'wait'>): MetaTiming => ({ now: () => Date.now(), sleep: (ms) => waitIn(session, ms) });

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
  /** The answer that asked for the pause: its words go into the refusal of a pause too long to sit out. */
  private pausedBy?: HttpResult;

  constructor(
    private readonly timing: MetaTiming,
    private readonly log: Logger,
  ) {}

  /**
   * Waits until the pause Meta asked for is over (at once when none). A pause longer than
   * MAX_PAUSE_MS, whichever answer asked for it, ends the sync as unavailable instead, without waiting.
   */
  async ready(what: string): Promise<void> {
    const wait = this.resumeAt - this.timing.now();
    if (wait <= 0) return;
    if (wait > MAX_PAUSE_MS) throw this.tooLong(what, wait);
    this.log.info({ provider: 'meta_ads', waitMs: wait }, 'Pausing Meta calls until its usage budget comes back');
    await this.timing.sleep(wait);
  }

  /** Reads an answer's usage headers; over the threshold, the next call waits. */
  observe(res: HttpResult): Usage {
    const usage = parseUsage(res.headers);
    if (usage.highestPct >= USAGE_THRESHOLD_PCT) this.pauseFor(Math.max(usage.regainMinutes * 60_000, MIN_PAUSE_MS), res);
    else if (usage.regainMinutes > 0) this.pauseFor(usage.regainMinutes * 60_000, res);
    return usage;
  }

  /** Pushes the next call back by at least `ms` from now, as `res` asked. */
  pauseFor(ms: number, res: HttpResult): void {
    const until = this.timing.now() + ms;
    if (until < this.resumeAt) return;
    this.resumeAt = until;
    this.pausedBy = res;
  }

  /** Meta's refusal in its words when it refused; after an answer it gave, what its usage headers asked. */
  private tooLong(what: string, wait: number): ProviderError {
    const minutes = Math.ceil(wait / 60_000);
    if (this.pausedBy && this.pausedBy.status !== 200) {
      return graphApi.refusal(what, this.pausedBy, { kind: 'unavailable', hint: `Meta asks to wait ${minutes} minutes; the sync will try again later` });
    }
    return graphApi.error('unavailable', `Meta asks to wait ${minutes} minutes before ${what} (its usage headers); the sync will try again later`);
  }
}
