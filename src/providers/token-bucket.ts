import Bottleneck from 'bottleneck';

/**
 * A provider's usage plan as a token bucket: `burst` calls at once, refilled at `rate`
 * calls per second (Amazon's per-operation plans, Myntra's per-minute limit). Calls wait
 * for a token rather than draw 429s; `setRate` follows what the provider's headers say.
 */
export class TokenBucket {
  private readonly limiter: Bottleneck;
  private rate: number;

  constructor(rate: number, private readonly burst: number) {
    this.rate = rate;
    this.limiter = new Bottleneck({
      maxConcurrent: burst,
      reservoir: burst,
      reservoirIncreaseAmount: 1,
      reservoirIncreaseInterval: intervalMs(rate),
      reservoirIncreaseMaximum: burst,
      heartbeatInterval: Math.min(250, intervalMs(rate)),
    });
  }

  run<T>(call: () => Promise<T>): Promise<T> {
    return this.limiter.schedule(call);
  }

  /** Follows the rate the provider says it applied (e.g. x-amzn-RateLimit-Limit). */
  setRate(rate: number): void {
    if (!(rate > 0) || Math.abs(rate - this.rate) / this.rate < 0.01) return;
    this.rate = rate;
    this.limiter.updateSettings({ reservoirIncreaseInterval: intervalMs(rate), heartbeatInterval: Math.min(250, intervalMs(rate)) });
  }

  /** After a 429 the provider's bucket is empty whatever ours says: start refilling from zero. */
  async empty(): Promise<void> {
    await this.limiter.updateSettings({ reservoir: 0 });
  }

  get capacity(): number {
    return this.burst;
  }

  stop(): Promise<void> {
    return this.limiter.stop({ dropWaitingJobs: true });
  }
}

const intervalMs = (rate: number) => Math.max(1, Math.round(1000 / rate));
