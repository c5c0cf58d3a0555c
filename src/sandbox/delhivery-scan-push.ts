import type { ParcelBook } from './commerce/parcels.js';
import { pushedScan } from './commerce/delhivery-parcels.js';

/** Where Delhivery pushes: the endpoint and the headers the seller's Webhook Requirement Document gave it (docs/providers.md §7.6). */
export interface ScanPushTarget {
  url: string;
  headers: Record<string, string>;
}

/** What one pushed scan got back. */
export interface ScanPushResult {
  status: number;
  body: string;
}

/** UNVERIFIED: Delhivery publishes no timeout or retry policy for its pushes (§7.6); 10 s, no retry. */
const PUSH_TIMEOUT_MS = 10_000;

/**
 * Delhivery's scan push (docs/providers.md §7.6): every scan of a parcel POSTed as JSON, one body
 * per scan, to the endpoint set up by hand, with nothing but the headers the seller gave
 * (Delhivery signs nothing). Tests and the demo push a parcel's scans when they choose to.
 */
export class DelhiveryScanPush {
  private readonly pushed = new Map<string, number>();

  constructor(private readonly parcels: ParcelBook) {}

  /**
   * Pushes the scans of `awb` made after `after` (default: after the last one pushed, else every
   * scan) up to `upTo` (default the book's clock), oldest first. Unknown AWBs push nothing.
   */
  async push(awb: string, target: ScanPushTarget, options: { after?: Date; upTo?: Date } = {}): Promise<ScanPushResult[]> {
    const upTo = options.upTo ?? this.parcels.clock();
    const view = this.parcels.view('delhivery', awb, upTo);
    if (!view) return [];
    const last = this.pushed.get(awb);
    const after = options.after ?? (last === undefined ? new Date(0) : new Date(last));
    const results: ScanPushResult[] = [];
    for (const scan of view.scans.filter((s) => s.at.getTime() > after.getTime())) {
      results.push(await this.send(target, pushedScan(view, scan)));
      this.pushed.set(awb, Math.max(this.pushed.get(awb) ?? 0, scan.at.getTime()));
    }
    return results;
  }

  /** Sends any body to a target as Delhivery would (tests send a resend or a stranger's body). */
  async send(target: ScanPushTarget, body: unknown): Promise<ScanPushResult> {
    const res = await fetch(target.url, {
      method: 'POST',
      headers: { ...target.headers, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
    });
    return { status: res.status, body: await res.text() };
  }
}
