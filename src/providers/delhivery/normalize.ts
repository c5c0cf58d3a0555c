import { ShipmentStatus } from '../../domain/enums.js';
import type { TrackingEvent, TrackingUpdate } from '../types.js';
import type { PushedScan, ScanDetail, ShipmentStatusBody, TrackedShipment } from './payloads.js';

/**
 * Delhivery's tracking read into Sutra's common shape (docs/providers.md §7.3, §7.4).
 * StatusType and Status are always read together: a return leg also says "In Transit" (§7.4).
 */

const IST_OFFSET = '+05:30';

/** Delhivery's times are IST without an offset (§7.3); one that carries an offset is read as it says. */
export function delhiveryTime(s: string): Date {
  const withOffset = /(Z|[+-]\d{2}:?\d{2})$/.test(s) ? s : `${s}${IST_OFFSET}`;
  return new Date(withOffset);
}

/** Delhivery's "delivered" scan code (§7.3 sample); every other EOD- code on an undelivered scan is a failed attempt. */
const DELIVERED_CODE = 'EOD-38';

/**
 * What a failed attempt means when Delhivery sent no Instructions text. Delhivery publishes no
 * meanings (§7.5): EOD-74 and EOD-111 are an aggregator's [3P]; the rest is UNVERIFIED and kept
 * here, in one table, to be corrected as Delhivery's words are seen.
 */
export const NDR_REASONS: Readonly<Record<string, string>> = {
  'EOD-74': 'Address incomplete or incorrect',
  'EOD-111': 'Consignee opened the shipment and refused it',
  'EOD-11': 'Consignee unavailable',
  'EOD-15': 'Consignee shifted from the given address',
  'EOD-43': 'Consignee not reachable on phone',
  'EOD-6': 'Consignee refused to accept the shipment',
  'EOD-69': 'Consignee asked for an open delivery',
  'EOD-86': 'Shipment not attempted',
  'EOD-104': 'Entry restricted at the consignee location',
  'EOD-3': 'Consignee asked for delivery on a later date',
  'EOD-16': 'Payment or amount dispute',
};

/** A failed delivery attempt (NDR scan): an EOD- code other than delivered on a scan that is not a delivery (§7.3). */
export function isFailedAttempt(type: string, code: string | null | undefined): boolean {
  return !!code && /^EOD-/i.test(code) && code.toUpperCase() !== DELIVERED_CODE && type.toUpperCase() !== 'DL';
}

/**
 * One StatusType + Status pair (and its scan code) as a ShipmentStatus (§7.4):
 * - UD: Manifested / Not Picked / Open → CREATED; Dispatched → OUT_FOR_DELIVERY; the scan
 *   X-PPOM ("Shipment picked up") → PICKED_UP; In Transit / Pending / Scheduled → IN_TRANSIT;
 * - DL: Delivered → DELIVERED, RTO and DTO (back with the seller) → RTO_DELIVERED;
 * - RT (the return leg, whatever its Status) → RTO_INITIATED;
 * - reverse pickups: PP → CREATED, PU → IN_TRANSIT, CN → CANCELLED;
 * - Cancelled/Canceled in any type → CANCELLED; Lost, or the aggregators' LT type [3P], → LOST.
 * UNVERIFIED: "Collected" (a closed status with no table row) is read as DELIVERED; an unknown
 * pair falls back on its type, so a new Status never stops tracking.
 */
export function delhiveryStatus(type: string, status: string, code?: string | null): ShipmentStatus {
  const t = type.trim().toUpperCase();
  const s = status.trim().toLowerCase();
  if (s === 'lost' || t === 'LT') return ShipmentStatus.LOST;
  if (s === 'cancelled' || s === 'canceled' || t === 'CN') return ShipmentStatus.CANCELLED;
  switch (t) {
    case 'DL':
      return s === 'rto' || s === 'dto' ? ShipmentStatus.RTO_DELIVERED : ShipmentStatus.DELIVERED;
    case 'RT':
      return ShipmentStatus.RTO_INITIATED;
    case 'PP':
      return ShipmentStatus.CREATED;
    case 'PU':
      return ShipmentStatus.IN_TRANSIT;
    default:
      break;
  }
  if (s === 'manifested' || s === 'not picked' || s === 'open') return ShipmentStatus.CREATED;
  if (s === 'dispatched') return ShipmentStatus.OUT_FOR_DELIVERY;
  if (s === 'delivered' || s === 'collected') return ShipmentStatus.DELIVERED;
  if (s === 'rto' || s === 'dto') return ShipmentStatus.RTO_DELIVERED;
  if (code?.toUpperCase() === 'X-PPOM') return ShipmentStatus.PICKED_UP;
  return ShipmentStatus.IN_TRANSIT;
}

const rawOf = (type: string, status: string) => `${type}/${status}`;
const clean = (s: string | null | undefined): string | undefined => (s && s.trim() ? s.trim() : undefined);
const reasonOf = (code: string | undefined, instructions: string | null | undefined): string =>
  clean(instructions) ?? (code ? NDR_REASONS[code.toUpperCase()] : undefined) ?? 'Delivery attempt failed';

function scanEvent(d: ScanDetail): TrackingEvent {
  const code = clean(d.StatusCode);
  return {
    at: delhiveryTime(d.ScanDateTime),
    status: delhiveryStatus(d.ScanType, d.Scan, code),
    rawStatus: rawOf(d.ScanType, d.Scan),
    location: clean(d.ScannedLocation),
    code,
    failedAttempt: isFailedAttempt(d.ScanType, code) || undefined,
  };
}

function statusEvent(s: ShipmentStatusBody, code: string | undefined): TrackingEvent {
  return {
    at: delhiveryTime(s.StatusDateTime),
    status: delhiveryStatus(s.StatusType, s.Status, code),
    rawStatus: rawOf(s.StatusType, s.Status),
    location: clean(s.StatusLocation),
    code,
    failedAttempt: isFailedAttempt(s.StatusType, code) || undefined,
  };
}

/** One tracked shipment of `GET /api/v1/packages/json/` (§7.3) in the common shape. */
export function normalizeTracking(shipment: TrackedShipment): TrackingUpdate {
  const { Status: current } = shipment;
  const currentCode = clean(current.StatusCode);
  const events = (shipment.Scans ?? []).map((s) => scanEvent(s.ScanDetail)).sort((a, b) => a.at.getTime() - b.at.getTime());
  if (!events.length) events.push(statusEvent(current, currentCode));
  const failed = (shipment.Scans ?? []).map((s) => s.ScanDetail).filter((d) => isFailedAttempt(d.ScanType, d.StatusCode));
  // The current status may be a failed attempt not yet among the (possibly trimmed) scans.
  const currentFailed = isFailedAttempt(current.StatusType, currentCode);
  const currentAt = delhiveryTime(current.StatusDateTime).getTime();
  if (currentFailed && !failed.some((d) => clean(d.StatusCode) === currentCode && delhiveryTime(d.ScanDateTime).getTime() === currentAt)) {
    failed.push({
      Scan: current.Status,
      ScanType: current.StatusType,
      StatusCode: currentCode,
      Instructions: current.Instructions,
      ScanDateTime: current.StatusDateTime,
    });
  }
  const last = failed.sort((a, b) => delhiveryTime(a.ScanDateTime).getTime() - delhiveryTime(b.ScanDateTime).getTime()).at(-1);
  const pin = shipment.Consignee?.PinCode;
  return {
    trackingNumber: shipment.AWB,
    status: delhiveryStatus(current.StatusType, current.Status, currentCode),
    rawStatus: rawOf(current.StatusType, current.Status),
    events,
    attempts: failed.length,
    lastFailedAttempt: last && {
      at: delhiveryTime(last.ScanDateTime),
      code: clean(last.StatusCode),
      reason: reasonOf(clean(last.StatusCode), last.Instructions),
    },
    destinationPincode: pin === null || pin === undefined || pin === '' ? undefined : String(pin),
  };
}

/**
 * One pushed scan (§7.6) as an update of its parcel: the scan is the one event; the attempts are
 * left unsaid (one scan cannot count them), the next poll counts them.
 */
export function normalizePushedScan({ Shipment: shipment }: PushedScan): TrackingUpdate {
  const code = clean(shipment.NSLCode) ?? clean(shipment.Status.StatusCode);
  const event = statusEvent(shipment.Status, code);
  return {
    trackingNumber: shipment.AWB,
    status: event.status,
    rawStatus: event.rawStatus,
    events: [event],
    lastFailedAttempt: event.failedAttempt ? { at: event.at, code, reason: reasonOf(code, shipment.Status.Instructions) } : undefined,
  };
}
