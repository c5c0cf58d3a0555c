import type { GraphError } from './payloads.js';

/**
 * What Sutra does with a Graph error body (docs/providers.md §5.3, Meta's insights error table
 * and Airbyte's `streams/common.py`):
 * - throttled: a rate limit; wait (the announced `estimated_time_to_regain_access`, else a pause) and call again;
 * - transient: Meta's own passing failure; call again after a backoff;
 * - timeout: the range was too big to answer in time; ask again for smaller ranges;
 * - auth: the token or its rights, or an ad account it may not read; the seller must act;
 * - refused: the request itself is wrong (a bad parameter, invalid breakdowns or metrics); retrying cannot help.
 */
export type GraphErrorClass = 'throttled' | 'transient' | 'timeout' | 'auth' | 'refused';

/**
 * Rate-limit codes (§5.3): 4 app (subcodes 1504022/1504039), 17 user (2446079), 32 page, 613 ad
 * account (1487742), and the business-use-case codes 80000–80008 and 80014 (UNVERIFIED beyond
 * 80001/80005: the mapping of the others to use cases is commonly cited, not documented).
 */
const THROTTLE_CODES = new Set([4, 17, 32, 613, 80000, 80001, 80002, 80003, 80004, 80005, 80006, 80008, 80014]);

/** `onAdAccount`: the call read the ad account's own node, where a code 100 means the token may not read it (or it does not exist). */
export function classifyGraphError(err: GraphError, onAdAccount = false): GraphErrorClass {
  const { code, error_subcode: subcode } = err;
  if (code === 190) return 'auth';
  // 10 and 200–299: the token lacks a permission (ads_read); a wrong or missing appsecret_proof is a code 100 told apart only by its text.
  if (code === 10 || (code >= 200 && code <= 299)) return 'auth';
  if (code === 100 && err.message.includes('appsecret_proof')) return 'auth';
  if ((code === 100 && subcode === 1504018) || (code === 2 && subcode === 1504038)) return 'timeout';
  if (code === 100 && onAdAccount) return 'auth';
  // 2/1504041 invalid breakdowns, 2/1504042 invalid custom metrics: the request is wrong, not Meta.
  if (code === 2 && (subcode === 1504041 || subcode === 1504042)) return 'refused';
  if (THROTTLE_CODES.has(code)) return 'throttled';
  // 2 temporary (1504043 intermittent among them), 1/99 unknown, -2/2490547 a failed async report.
  if (code === 2 || (code === 1 && subcode === 99) || (code === -2 && subcode === 2490547)) return 'transient';
  return 'refused';
}
