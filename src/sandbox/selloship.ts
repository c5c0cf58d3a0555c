import express, { Router, type Request } from 'express';
import type { ParcelStage, ParcelView } from './commerce/parcels.js';
import type { SandboxState } from './commerce/state.js';
import { SANDBOX_CREDENTIALS } from './credentials.js';
import { IssuedTokens } from './tokens.js';

const good = SANDBOX_CREDENTIALS.selloship;

/** Most waybills one tracking call takes (Unicommerce's shipper specification: "Max. 50", docs/providers.md §8). */
const MAX_WAYBILLS = 50;

/**
 * How this Selloship behaves where the public material leaves it open (docs/providers.md §8):
 * the specification's tracking call is a GET answered with `Status`; one client tracks by POST
 * and reads `status`. Tests switch these to meet each variant; tokens are the ones issued.
 */
export class SelloshipControls {
  readonly tokens = new IssuedTokens();
  /** The methods the tracking call is taken by. */
  trackingMethods: ReadonlyArray<'GET' | 'POST'> = ['GET'];
  /** The key the tracking answer's outcome goes under. */
  statusKey: 'status' | 'Status' = 'Status';
  /** Seconds an issued token lives. UNVERIFIED: Selloship's lifetime is unknown; clients cache for 50–55 minutes. */
  tokenTtlSeconds = 3600;
  /** Every tracking call, refused or not, in order: its method, waybill count and HTTP status (tests read them). */
  readonly trackingCalls: Array<{ method: string; waybills: number; status: number }> = [];
  /** Sign-ins answered with a token. */
  signIns = 0;
}

/** Selloship's words for each stage, with a sub-status. UNVERIFIED: Selloship publishes no status list; these are the words clients map (§8). */
const WORDS: Record<ParcelStage, [status: string, subStatus: string]> = {
  manifested: ['PICKUP_PENDING', 'Pickup scheduled'],
  picked_up: ['PICKUP', 'Shipment picked up'],
  in_transit: ['IN_TRANSIT', 'In transit'],
  reached_destination: ['IN_TRANSIT', 'Reached destination hub'],
  out_for_delivery: ['OUT_FOR_DELIVERY', 'Out for delivery'],
  failed_attempt: ['UNDELIVERED', 'Delivery attempt failed'],
  delivered: ['DELIVERED', 'Delivered'],
  rto_initiated: ['RTO_INITIATED', 'Return to origin initiated'],
  rto_in_transit: ['RTO_INITIATED', 'Return in transit to origin'],
  rto_out_for_delivery: ['RTO_INITIATED', 'Return out for delivery to origin'],
  rto_delivered: ['RTO_DONE', 'Returned to origin'],
  lost: ['LOST', 'Shipment lost'],
  cancelled: ['CANCELLED', 'Shipment cancelled'],
};

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const IST_MS = 330 * 60_000;

/** `05-Aug-2023 03:52:09` in Indian time, as the specification's example writes it. */
function istDate(at: Date): string {
  const d = new Date(at.getTime() + IST_MS);
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getUTCDate())}-${MONTHS[d.getUTCMonth()]}-${d.getUTCFullYear()} ${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}

const day = (at: Date) => istDate(at).slice(0, 11);

/** The facility name's city, from Delhivery-style "City_Facility (State)". */
const cityOf = (location: string) => location.split('_')[0]!;

/** One parcel as the tracking answer gives it (docs/providers.md §8's detail fields). */
function detail(view: ParcelView, labelBase: string): Record<string, unknown> {
  const { parcel, current } = view;
  const [currentStatus, subStatus] = WORDS[current.stage];
  const atDestination = current.location.includes(parcel.destinationCity.split(' ')[0]!) && !current.stage.startsWith('rto');

  const expected = new Date(parcel.manifestedAt.getTime() + 4 * 86_400_000);
  return {
    waybill: parcel.awb,
    currentStatus,
    statusDate: istDate(current.at),
    current_sub_status: subStatus,
    current_status_remark: current.ndr?.reason ?? subStatus,
    shipping_provider: 'Delhivery',
    current_location: current.location,
    current_pincode: atDestination ? parcel.destinationPincode : parcel.originPincode,
    current_city: cityOf(current.location),
    current_state: /\(([^)]+)\)/.exec(current.location)?.[1] ?? '',
    expected_date_of_delivery: day(expected),
    promised_date_of_delivery: day(expected),
    payment_type: parcel.cod ? 'COD' : 'PREPAID',
    weight: parcel.weightGrams.toFixed(4),
    dimensions: { l: '30', b: '20', h: '10' },
    // A cancelled parcel never had a label printed.
    ...(parcel.lifecycle === 'cancelled' ? {} : { shippingLabel: `${labelBase}/${parcel.awb}.pdf` }),
  };
}

/** The waybill list as sent: comma-separated, each or all optionally in double quotes (the specification asks for quotes). */
function waybillsOf(req: Request): string[] | undefined {
  const raw = req.query.waybills ?? req.query.waybill;
  if (typeof raw !== 'string') return undefined;
  return raw
    .split(',')
    .map((w) => w.trim().replace(/^"|"$/g, '').trim())
    .filter(Boolean);
}

/** A minimal one-page PDF: the label the sandbox links to. */
function labelPdf(awb: string): Buffer {
  const text = `Selloship sandbox label ${awb}`;
  const stream = `BT /F1 14 Tf 40 100 Td (${text}) Tj ET`;
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n` +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 288 216]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>endobj\n` +
      `4 0 obj<</Length ${stream.length}>>stream\n${stream}\nendstream endobj\n5 0 obj<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>endobj\n` +
      `trailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}

/**
 * Selloship's channel API, Unicommerce's shipper specification (docs/providers.md §8), over the
 * sandbox's parcel book: sign-in, tracking of up to 50 waybills with the token bare in
 * `Authorization`, and the label PDFs its answers link to. UNVERIFIED: every refusal's body and
 * status (Selloship documents none); they follow the specification's `FAILED` + `message` shape.
 */
export function selloshipSandbox(state: SandboxState, controls = new SelloshipControls()): Router {
  const router = Router();
  router.post('/authToken', express.json(), (req, res) => {
    const { username, password } = (req.body ?? {}) as Record<string, unknown>;
    if (state.revoked || username !== good.username || password !== good.password) {
      res.json({ status: 'INVALID_CREDENTIALS', message: 'Invalid username or password' });
      return;
    }
    controls.signIns++;
    res.json({ status: 'SUCCESS', token: controls.tokens.issue('', controls.tokenTtlSeconds) });
  });

  router.all('/waybillDetails', (req, res) => {
    const waybills = waybillsOf(req);
    const answer = (status: number, outcome: 'SUCCESS' | 'FAILED', message: string, details: unknown[] = []) => {
      controls.trackingCalls.push({ method: req.method, waybills: waybills?.length ?? 0, status });
      res.status(status).json({ [controls.statusKey]: outcome, message, waybillDetails: details });
    };
    if (!(controls.trackingMethods as readonly string[]).includes(req.method)) return answer(405, 'FAILED', `Request method '${req.method}' not supported`);
    if (state.revoked || !controls.tokens.isValid(req.header('authorization'))) return answer(401, 'FAILED', 'Invalid or expired token');
    if (!waybills?.length) return answer(200, 'FAILED', 'waybills is required');
    if (waybills.length > MAX_WAYBILLS) return answer(200, 'FAILED', `Maximum ${MAX_WAYBILLS} waybills allowed per request`);
    const labelBase = `${req.protocol}://${req.get('host')}${req.baseUrl}/label`;
    const details = [...new Set(waybills)]
      .map((awb) => state.parcels.view('selloship', awb))
      .filter((view): view is ParcelView => view !== undefined)
      .map((view) => detail(view, labelBase));
    answer(200, 'SUCCESS', details.length ? 'Waybill details fetched' : 'No waybill found', details);
  });

  // The label links its answers give are plain links, as a PDF download is (no token).
  router.get('/label/:file', (req, res) => {
    const awb = /^(.+)\.pdf$/.exec(req.params.file)?.[1];
    const parcel = awb ? state.parcels.parcel('selloship', awb) : undefined;
    if (!parcel || parcel.lifecycle === 'cancelled') {
      res.status(404).type('text/plain').send('Not Found');
      return;
    }
    res.type('application/pdf').send(labelPdf(parcel.awb));
  });

  return router;
}
