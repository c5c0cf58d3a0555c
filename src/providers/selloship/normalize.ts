import type { Logger } from '../../logger.js';
import type { TrackingEvent, TrackingUpdate } from '../types.js';
import { LABEL_FIELDS, STATUS_DATE_OFFSET, STATUS_WORDS, UNKNOWN_RTO_WORD, UNKNOWN_WORD, WEIGHT_UNIT_GRAMS, type StatusMeaning } from './assumptions.js';
import type { WaybillDetail } from './payloads.js';

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** A status word as the vocabulary keys it: upper-case, spaces and hyphens as underscores. */
const key = (word: string) =>
  word
    .trim()
    .toUpperCase()
    .replace(/[\s-]+/g, '_');

/** What one of Selloship's status words means (assumptions.ts), and whether Sutra knows the word. */
export function statusMeaning(word: string): StatusMeaning & { known: boolean } {
  const k = key(word);
  const known = STATUS_WORDS[k];
  if (known) return { ...known, known: true };
  return { ...(k.startsWith('RTO') ? UNKNOWN_RTO_WORD : UNKNOWN_WORD), known: false };
}

/** `05-Aug-2023 03:52:09` in Indian time (docs/providers.md §8, §9); undefined when it is not that shape. */
export function parseStatusDate(value: string | null | undefined): Date | undefined {
  const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/.exec(value?.trim() ?? '');
  if (!m) return undefined;
  const month = MONTHS.indexOf(m[2]!.toUpperCase());
  if (month < 0) return undefined;
  const pad = (n: string | undefined) => (n ?? '0').padStart(2, '0');
  const at = new Date(`${m[3]}-${pad(String(month + 1))}-${pad(m[1])}T${pad(m[4])}:${pad(m[5])}:${pad(m[6])}${STATUS_DATE_OFFSET}`);
  return Number.isNaN(at.getTime()) ? undefined : at;
}

const present = (s: string | null | undefined) => (s && s.trim() ? s.trim() : undefined);

/** The label's PDF link in a detail, when it carries one (assumptions.ts LABEL_FIELDS). */
export function labelUrl(detail: WaybillDetail): string | undefined {
  for (const field of LABEL_FIELDS) {
    const value = (detail as Record<string, unknown>)[field];
    if (typeof value === 'string' && /^https?:\/\//.test(value.trim())) return value.trim();
  }
  return undefined;
}

/**
 * One waybill detail in the common shape. Selloship reports only the parcel's current status,
 * so the update carries that one scan; a failed attempt is seen as an UNDELIVERED status with
 * its remark. Selloship reports no scan codes, no charges and no count of attempts.
 */
export function trackingUpdate(detail: WaybillDetail, log?: Logger): TrackingUpdate {
  const rawStatus = present(detail.currentStatus) ?? '';
  const meaning = statusMeaning(rawStatus);
  if (!meaning.known) log?.warn({ provider: 'selloship', rawStatus }, 'Selloship status word not in the known list; read as %s', meaning.status);
  const at = parseStatusDate(detail.statusDate);
  const location = present(detail.current_location) ?? present(detail.current_city);
  const events: TrackingEvent[] = at
    ? [{ at, status: meaning.status, rawStatus, ...(location ? { location } : {}), ...(meaning.failedAttempt ? { failedAttempt: true } : {}) }]
    : [];
  const update: TrackingUpdate = { trackingNumber: detail.waybill.trim(), status: meaning.status, rawStatus, events };
  if (meaning.failedAttempt && at) {
    // Selloship gives no NDR code: its remark says why, else its sub-status.
    update.lastFailedAttempt = { at, reason: present(detail.current_status_remark) ?? present(detail.current_sub_status) ?? rawStatus };
  }
  const weight = Number(detail.weight);
  if (detail.weight != null && Number.isFinite(weight) && weight > 0) update.weightGrams = Math.round(weight * WEIGHT_UNIT_GRAMS);
  return update;
}
