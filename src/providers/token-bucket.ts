import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A provider's usage plan as a token bucket: `burst` calls at once, refilled continuously at
 * `rate` calls per second (Amazon's per-operation plans). Calls
 * wait for their token in arrival order instead of drawing 429s, and `setRate` follows the
 * rate the provider reports. (bottleneck was tried first: it stops refilling once its
 * refill settings are updated, which following x-amzn-RateLimit-Limit requires.)
 */
export class TokenBucket {
  private tokens: number;
  private last = Date.now();
  private queue: Promise<void> = Promise.resolve();
  private readonly stopped = new AbortController();

  constructor(
    private rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  /** Waits for a token, in arrival order (the HTTP layer takes one before every attempt). */
  take(): Promise<void> {
    const turn = this.queue.then(() => this.takeToken());
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  setRate(rate: number): void {
    if (rate > 0) {
      this.refill();
      this.rate = rate;
    }
  }

  /** After a 429 the provider's bucket is empty whatever ours says: refill from zero. */
  empty(): void {
    this.refill();
    this.tokens = 0;
  }

  /** Waiting calls give up at once, even mid-wait (a sync that ended early). */
  stop(): void {
    this.stopped.abort();
  }

  private async takeToken(): Promise<void> {
    for (;;) {
      if (this.stopped.signal.aborted) throw new Error('rate limiter stopped');
      this.refill();
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      // At Amazon's 0.0056 rps one wait is three minutes: a stopped sync must not sit it out.
      await sleep(Math.ceil(((1 - this.tokens) / this.rate) * 1000), undefined, { signal: this.stopped.signal }).catch(() => undefined);
    }
  }

  private refill(): void {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
  }
}
