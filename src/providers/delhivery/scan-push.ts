import { z } from 'zod';
import type { DeliveredScans } from '../types.js';
import { normalizePushedScan } from './normalize.js';
import { pushedScan, type PushedScan } from './payloads.js';

/** One scan, or several as a JSON array (payloads.ts: UNVERIFIED whether Delhivery batches). */
function read(body: unknown): { scans: PushedScan[] } | { error: string } {
  const parsed = Array.isArray(body) ? z.array(pushedScan).min(1).safeParse(body) : pushedScan.safeParse(body);
  if (parsed.success) return { scans: Array.isArray(parsed.data) ? parsed.data : [parsed.data] };
  const issue = parsed.error.issues[0];
  return { error: `not a Delhivery scan push: ${issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'unreadable body'}` };
}

/** The topic a scan push is stored under: Delhivery names none (docs/providers.md §7.6). */
export const SCAN_PUSH_TOPIC = 'scans';

/**
 * The same key for every resend of one scan: (AWB, NSLCode, StatusDateTime), as §7.6 advises;
 * undefined when the body is not Delhivery's shape.
 */
export function scanPushKey(body: unknown): string | undefined {
  const got = read(body);
  return 'error' in got
    ? undefined
    : got.scans.map(({ Shipment: s }) => `${s.AWB}:${s.NSLCode ?? s.Status.StatusCode ?? ''}:${s.Status.StatusDateTime}`).join('|');
}

/** A scan push read into the parcels' updates (§7.6), or why the body is not what Delhivery sends. */
export function scanPush(body: unknown): DeliveredScans {
  const got = read(body);
  return 'error' in got ? got : { updates: got.scans.map(normalizePushedScan) };
}
