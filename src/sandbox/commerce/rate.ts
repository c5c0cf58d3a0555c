/** A server-side token bucket: what a provider's usage plan lets through. */
export class RateBucket {
  private tokens: number;
  private last = Date.now();

  constructor(
    readonly rate: number,
    private readonly burst: number,
  ) {
    this.tokens = burst;
  }

  take(): boolean {
    const now = Date.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.rate);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Seconds until a token is back. */
  get waitSeconds(): number {
    return Math.max(0, (1 - this.tokens) / this.rate);
  }
}

/** One bucket per key (seller, shop, operation …), created on first use. */
export class RateBuckets {
  private readonly buckets = new Map<string, RateBucket>();

  constructor(
    private readonly rate: number,
    private readonly burst: number,
  ) {}

  get(key: string): RateBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) this.buckets.set(key, (bucket = new RateBucket(this.rate, this.burst)));
    return bucket;
  }
}
