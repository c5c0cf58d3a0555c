import { InputError, ProviderError } from '../../domain/errors.js';
import type { BookedParcel, ParcelBooking, SyncSession } from '../types.js';
import { delhiveryApi, delhiveryHeaders, delhiveryUrl, tokenRefusal } from './client.js';
import { label } from './label.js';
import { createOrderAnswer } from './payloads.js';

/** Characters Delhivery does not allow in the raw JSON of a create call (docs/providers.md §7.2). */
const FORBIDDEN = /[&#%;\\]/g;
/** `order` is at most 50 characters and unique (§7.2). */
const MAX_ORDER_LENGTH = 50;

/** Sutra's own text (its order reference, the catalog's titles): the forbidden characters become spaces. */
const cleaned = (text: string): string => text.replace(FORBIDDEN, ' ').replace(/\s+/g, ' ').trim();

/**
 * The body of `POST /api/cmu/create.json`: `format=json&data={…}` with one shipment picked up
 * at the account's registered warehouse (§7.2). The seller typed the recipient's fields, so one
 * holding a forbidden character is refused rather than changed: an address must reach the buyer
 * as written. Sutra's own order reference and product titles are cleaned instead.
 */
export function createOrderBody(pickupLocation: string, parcel: ParcelBooking): string {
  const { recipient } = parcel;
  const fields: Array<[keyof ParcelBooking['recipient'], string]> = [
    ['name', recipient.name],
    ['phone', recipient.phone],
    ['address', recipient.address],
    ['city', recipient.city],
    ['state', recipient.state],
    ['pincode', recipient.pincode],
    ['country', recipient.country],
  ];
  for (const [key, value] of fields) {
    const bad = value.match(FORBIDDEN);
    if (bad) {
      throw new InputError(
        `recipient.${key} holds ${[...new Set(bad)].map((c) => `"${c}"`).join(', ')}, which Delhivery does not accept (& # % ; \\ are not allowed): ` +
          `write it without them (e.g. "No. 4" for "#4", "and" for "&")`,
        `recipient.${key}`,
      );
    }
  }
  const order = cleaned(parcel.orderRef);
  if (!order || order.length > MAX_ORDER_LENGTH) {
    throw new InputError(`Delhivery takes an order reference of 1 to ${MAX_ORDER_LENGTH} characters; "${order.slice(0, 60)}" is not`, 'orderId');
  }
  const shipment = {
    name: recipient.name,
    add: recipient.address,
    pin: recipient.pincode,
    city: recipient.city,
    state: recipient.state,
    country: recipient.country,
    phone: recipient.phone,
    order,
    payment_mode: parcel.cod ? 'COD' : 'Prepaid',
    cod_amount: parcel.cod ? Number(parcel.codAmount) : 0,
    total_amount: Number(parcel.totalAmount),
    products_desc: cleaned(parcel.productsDescription),
    quantity: parcel.quantity,
    ...(parcel.weightGrams ? { weight: parcel.weightGrams } : {}),
    // Surface unless the seller's account says otherwise: Express costs more and is not asked for here.
    shipping_mode: 'Surface',
  };
  const data = JSON.stringify({ shipments: [shipment], pickup_location: { name: pickupLocation } });
  // A control character in a field would come out as a \u escape, itself refused by Delhivery.
  const left = data.match(FORBIDDEN);
  if (left)
    throw new InputError(`The booking holds ${left[0]}, which Delhivery does not accept in its JSON; remove it from the recipient's fields`, 'recipient');
  return new URLSearchParams({ format: 'json', data }).toString();
}

/** Delhivery's words in a create answer: its remark and the parcel's remarks. */
function refusalWords(answer: { rmk?: string | null; packages?: Array<{ remarks?: string[] | string | null }> | null }): string | undefined {
  const remarks = (answer.packages ?? []).flatMap((p) => (Array.isArray(p.remarks) ? p.remarks : p.remarks ? [p.remarks] : []));
  return [answer.rmk, ...remarks].filter((w): w is string => !!w?.trim()).join('; ') || undefined;
}

/**
 * Books one parcel with Delhivery (`POST /api/cmu/create.json`, §7.2) from the account's pickup
 * location, then asks for its label (the packing slip, §7.2). The create call is sent once, never
 * retried: a second attempt of a booking Delhivery made would be refused as a duplicate order and
 * its AWB lost. A label Delhivery will not give yet leaves the parcel booked without one
 * (generateShipmentLabel asks again).
 */
export async function book(session: SyncSession, parcel: ParcelBooking): Promise<BookedParcel> {
  const pickup = session.credentials.pickup_location;
  if (!pickup)
    throw new InputError('This Delhivery connection has no pickup location: connect it again with the warehouse name Delhivery registered', 'channelAccountId');
  const body = createOrderBody(pickup, parcel);
  const url = delhiveryUrl(session.credentials, session.endpoints, 'api/cmu/create.json');
  const res = await delhiveryApi.connect(session, { retries: 0 }).send(url.toString(), {
    method: 'POST',
    headers: { ...delhiveryHeaders(session.credentials), 'content-type': 'application/x-www-form-urlencoded' },
    body,
  });
  if (res.status === 401 || res.status === 403) throw tokenRefusal(session.credentials, res);
  // Throttled or failing: no answer to read. A 5xx may hide a booking, which a second try meets as a duplicate order.
  if (res.status === 429 || res.status >= 500) throw delhiveryApi.unexpected(res);
  const what = `the booking of order ${parcel.orderRef.slice(0, 60)}`;
  const answer = createOrderAnswer.safeParse(res.body);
  if (!answer.success) {
    if (res.status >= 400) throw delhiveryApi.refusal(what, res);
    throw delhiveryApi.error('unavailable', `Delhivery answered ${what} with a malformed body; check Delhivery One before booking it again`);
  }
  const [created] = answer.data.packages ?? [];
  const waybill = created?.waybill?.trim();
  if (res.status >= 400 || answer.data.success === false || !created || created.status?.toLowerCase() !== 'success' || !waybill) {
    const words = refusalWords(answer.data) ?? delhiveryApi.said(res) ?? 'no reason given';
    throw delhiveryApi.error('request', `Delhivery refused ${what} (HTTP ${res.status}): ${words}`, res.status);
  }
  session.log.info({ provider: 'delhivery', awb: waybill, upload: answer.data.upload_wbn }, 'Delhivery parcel booked');
  try {
    return { trackingNumber: waybill, labelUrl: await label(session, waybill) };
  } catch (err) {
    if (!(err instanceof ProviderError)) throw err;
    session.log.warn({ provider: 'delhivery', awb: waybill, err: err.message }, 'Delhivery booked the parcel but gave no label yet');
    return { trackingNumber: waybill };
  }
}
