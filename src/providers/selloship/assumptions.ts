import { ShipmentStatus } from '../../domain/enums.js';

/**
 * Every assumption Sutra makes about Selloship's channel API that no document settles, in one
 * place (the README lists them). Selloship publishes no API document; independent clients say it
 * implements Unicommerce's shipper specification, whose pages are public (docs/providers.md §8).
 * What the specification states is marked [spec]; everything else is UNVERIFIED.
 */

/**
 * UNVERIFIED: later calls carry the sign-in token bare in `Authorization` (the specification's
 * words "Authorization: token"; one client sends `Bearer <token>`, another `token <hex>`).
 */
export const authorization = (token: string): Record<string, string> => ({ authorization: token });

/**
 * UNVERIFIED: Selloship refuses a token it no longer accepts with HTTP 401 or 403; clients sign in
 * again once on a 401. The token's lifetime is unknown, so Sutra signs in once per job, as
 * Uniware does before each tracking run [spec FAQ], and once more when the token is refused.
 */
export const TOKEN_REFUSED_STATUSES: readonly number[] = [401, 403];

/** [spec] At most 50 waybills in one tracking call. */
export const TRACK_BATCH_SIZE = 50;

/**
 * UNVERIFIED: the specification's tracking call is a GET; one client sends a POST with an empty
 * body. Sutra sends GET and, when Selloship answers it with one of these statuses, the same
 * call as a POST, and keeps to POST for the rest of the job.
 */
export const METHOD_REFUSED_STATUSES: readonly number[] = [404, 405];

/**
 * UNVERIFIED: the waybill list as a query. The specification copy names it `waybill`, client code
 * `waybills`, so both are sent; the list is comma-separated and wrapped in double quotes, as the
 * specification asks.
 */
export function waybillQuery(trackingNumbers: readonly string[]): string {
  const list = encodeURIComponent(`"${trackingNumbers.join(',')}"`);
  return `waybills=${list}&waybill=${list}`;
}

/**
 * UNVERIFIED: whether an answer's outcome is under `status` (the sign-in page, one client) or
 * `Status` (the tracking page's example, another client): both are read.
 */
export const outcome = (answer: { status?: string; Status?: string }): string => (answer.status ?? answer.Status ?? '').toUpperCase();

/** UNVERIFIED: a refusal of a tracking or label request comes as HTTP 200 with status FAILED and its reason in `message`. */
export const FAILED = 'FAILED';

// UNVERIFIED: waybills Selloship does not know are left out of `waybillDetails`; Sutra leaves out any it did not ask for.

/** UNVERIFIED: `statusDate` (`05-Aug-2023 03:52:09`, [spec example]) is Indian time, written without an offset (docs/providers.md §9). */
export const STATUS_DATE_OFFSET = '+05:30';

/**
 * UNVERIFIED: a detail's `weight` is in grams (one client's reading of the waybill payload; the
 * specification's example is "53.4000" with no unit).
 */
export const WEIGHT_UNIT_GRAMS = 1;

/**
 * UNVERIFIED: the label of an AWB is the PDF link under `shippingLabel`, the name the waybill
 * answer uses [spec: "a link to download shippingLabel in PDF"]; the tracking answer is assumed
 * to carry it for AWBs made through the API. No label-by-AWB call is documented.
 */
export const LABEL_FIELDS = ['shippingLabel', 'shipping_label', 'labelUrl', 'label_url'] as const;

/** How Sutra reads one of Selloship's status words. */
export interface StatusMeaning {
  status: ShipmentStatus;
  /** A failed delivery attempt (Selloship's NDR, seen only through its status words). */
  failedAttempt?: boolean;
}

/**
 * UNVERIFIED: the status vocabulary. The specification shows only `PICKUP_PENDING` and asks each
 * shipper to publish its own list; these are the words client code maps (docs/providers.md §8).
 * Words are compared upper-case with spaces and hyphens as underscores.
 * - DISPATCHED and SHIPPED read as in transit (handed over and moving).
 * - UNDELIVERED is a failed delivery attempt: the parcel is still out with the courier.
 * - RTO is read with RTO_DONE as returned to the seller, as client code groups them.
 */
export const STATUS_WORDS: Readonly<Record<string, StatusMeaning>> = {
  PICKUP_PENDING: { status: ShipmentStatus.CREATED },
  PICKUP: { status: ShipmentStatus.PICKED_UP },
  PICKED_UP: { status: ShipmentStatus.PICKED_UP },
  DISPATCHED: { status: ShipmentStatus.IN_TRANSIT },
  SHIPPED: { status: ShipmentStatus.IN_TRANSIT },
  IN_TRANSIT: { status: ShipmentStatus.IN_TRANSIT },
  OUT_FOR_DELIVERY: { status: ShipmentStatus.OUT_FOR_DELIVERY },
  DELIVERED: { status: ShipmentStatus.DELIVERED },
  UNDELIVERED: { status: ShipmentStatus.IN_TRANSIT, failedAttempt: true },
  RTO_INITIATED: { status: ShipmentStatus.RTO_INITIATED },
  RTO: { status: ShipmentStatus.RTO_DELIVERED },
  RTO_DONE: { status: ShipmentStatus.RTO_DELIVERED },
  LOST: { status: ShipmentStatus.LOST },
  CANCELLED: { status: ShipmentStatus.CANCELLED },
  CANCELED: { status: ShipmentStatus.CANCELLED },
};

/**
 * UNVERIFIED: a word not in the list. One starting with RTO is a return under way; any other is
 * read as in transit, so the parcel stays open and is tracked again (its words are kept as rawStatus).
 */
export const UNKNOWN_RTO_WORD: StatusMeaning = { status: ShipmentStatus.RTO_INITIATED };
export const UNKNOWN_WORD: StatusMeaning = { status: ShipmentStatus.IN_TRANSIT };
