import { randomUUID } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { ndrState, trackedShipment } from './commerce/delhivery-parcels.js';
import { NDR_CODES, type ParcelBook } from './commerce/parcels.js';
import type { SandboxState } from './commerce/state.js';
import { SANDBOX_CREDENTIALS, SANDBOX_DELHIVERY_STAGING } from './credentials.js';

/** Most waybills one tracking call takes (docs/providers.md §7.2). */
const TRACK_BATCH = 50;
/** Per-IP limits per 5 minutes (docs/providers.md §7.2). */
const WINDOW_MS = 300_000;
const LIMITS = { track: 750, packingSlip: 3_000, pinCodes: 4_500, create: 20_000 } as const;
/** RE-ATTEMPT: the current codes it takes, the attempts, and the hour (IST) from which (§7.5). */
const REATTEMPT_CODES = new Set(NDR_CODES.filter((c) => c.reattemptable).map((c) => c.code));
const PICKUP_RESCHEDULE_CODES = new Set(['EOD-777', 'EOD-21']);
const NDR_OPENS_IST_HOUR = 21;

/** Calls per client IP in a sliding window: Delhivery's limits are per IP (§7.2). */
class PerIpWindow {
  private readonly calls = new Map<string, number[]>();
  constructor(private readonly limit: number) {}

  take(ip: string): boolean {
    const now = Date.now();
    const recent = (this.calls.get(ip) ?? []).filter((t) => t > now - WINDOW_MS);
    const allowed = recent.length < this.limit;
    if (allowed) recent.push(now);
    this.calls.set(ip, recent);
    return allowed;
  }
}

/**
 * UNVERIFIED words, all of them the sandbox's own: Delhivery publishes no refusal bodies; §7.7
 * expects "HTTP 429 or a block" over a limit.
 */
const throttled = (res: Response) => void res.status(429).json({ detail: 'Request was throttled. Expected available in 300 seconds.' });

interface UplResult {
  waybill: string;
  act: string;
  status: 'Success' | 'Failure';
  remark: string;
}

/** The NDR requests made, by UPL id: the action is asynchronous and read back by its id (§7.5). */
type Upls = Map<string, { createdAt: Date; results: UplResult[] }>;

/** Delhivery's verdict on one NDR action, read from the parcel's state now (§7.5). */
function ndrVerdict(parcels: ParcelBook, waybill: string, act: string): UplResult {
  const fail = (remark: string): UplResult => ({ waybill, act, status: 'Failure', remark });
  const view = parcels.view('delhivery', waybill);
  if (!view) return fail('Waybill not found');
  const { code, attempts } = ndrState(view);
  const allowed = act === 'RE-ATTEMPT' ? REATTEMPT_CODES : PICKUP_RESCHEDULE_CODES;
  if (!allowed.has(code)) return fail(`${act} not allowed for current status code ${code}`);
  if (act === 'RE-ATTEMPT' && (attempts < 1 || attempts > 2)) return fail(`${act} not allowed after ${attempts} attempts`);
  const now = parcels.clock();
  if (new Date(now.getTime() + 330 * 60_000).getUTCHours() < NDR_OPENS_IST_HOUR) return fail(`${act} is accepted only after 21:00 IST`);
  if (act === 'RE-ATTEMPT') parcels.recordReattempt({ awb: waybill, at: now, code, attempts });
  return { waybill, act, status: 'Success', remark: 'Request accepted' };
}

/** The mandatory prefix of a create call's body (§7.2). */
const CREATE_PREFIX = 'format=json&data=';
/** Characters §7.2 does not allow in a create call's raw JSON. */
const CREATE_FORBIDDEN = /[&#%;\\]/;
const PAYMENT_MODES = new Set(['Prepaid', 'COD', 'Pickup', 'REPL']);
/** UNVERIFIED: which fields Delhivery requires; §7.2 lists them without saying. These are what every public client sends. */
const CREATE_REQUIRED = ['name', 'add', 'pin', 'phone', 'order', 'payment_mode'] as const;
/** The weight a parcel booked without one is billed at until Delhivery weighs it (UNVERIFIED: the sandbox's own). */
const DEFAULT_WEIGHT_GRAMS = 500;

interface CreatedPackage {
  status: 'Success' | 'Fail';
  waybill: string;
  refnum: string;
  remarks: string[];
  [field: string]: unknown;
}

/**
 * One shipment of a create call, checked and booked in the parcel book (§7.2): required fields,
 * `order` of at most 50 characters and not booked before, a known payment mode, a 6-digit pin.
 * UNVERIFIED words: Delhivery publishes none; "Duplicate order id" is what public clients report.
 */
function createShipment(parcels: ParcelBook, shipment: unknown): CreatedPackage {
  const row = shipment && typeof shipment === 'object' ? (shipment as Record<string, unknown>) : {};
  const ref = typeof row.order === 'string' ? row.order : '';
  const fail = (remark: string): CreatedPackage => ({ status: 'Fail', waybill: '', refnum: ref, remarks: [remark] });
  const missing = CREATE_REQUIRED.filter((k) => row[k] === undefined || row[k] === null || String(row[k]).trim() === '');
  if (missing.length) return fail(`Missing required field(s): ${missing.join(', ')}`);
  if (ref.length > 50) return fail('order: Ensure this field has no more than 50 characters.');
  if (!PAYMENT_MODES.has(String(row.payment_mode))) return fail(`Invalid payment_mode ${String(row.payment_mode)}`);
  if (!/^\d{6}$/.test(String(row.pin))) return fail(`Invalid pin ${String(row.pin)}`);
  const cod = row.payment_mode === 'COD';
  const codRupees = Number(row.cod_amount ?? 0);
  if (cod && !(codRupees > 0)) return fail('cod_amount must be greater than 0 for COD shipments');
  if (parcels.bookedFor('delhivery', ref)) return fail('Duplicate order id');
  const weight = Number(row.weight);
  const parcel = parcels.book('delhivery', {
    orderRef: ref,
    cod,
    codPaise: cod ? Math.round(codRupees * 100) : 0,
    invoicePaise: Math.round(Number(row.total_amount ?? codRupees) * 100),
    weightGrams: weight > 0 ? Math.round(weight) : DEFAULT_WEIGHT_GRAMS,
    destinationPincode: String(row.pin),
    destinationCity: typeof row.city === 'string' && row.city ? row.city : 'Unknown',
    destinationState: typeof row.state === 'string' && row.state ? row.state : 'Unknown',
  });
  return {
    status: 'Success',
    waybill: parcel.awb,
    refnum: ref,
    remarks: [''],
    client: 'SUTRA SANDBOX',
    payment: cod ? 'COD' : 'Pre-paid',
    cod_amount: parcel.codPaise / 100,
    sort_code: 'GGN/BIL',
    serviceable: true,
  };
}

/** The packing slip PDF behind a label link (a stand-in for Delhivery's S3 object). */
function labelPdf(awb: string): Buffer {
  const text = `Delhivery packing slip ${awb}`;
  return Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj ` +
      `3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 288 432]/Contents 4 0 R>>endobj ` +
      `4 0 obj<</Length ${text.length + 30}>>stream\nBT /F1 12 Tf 20 400 Td (${text}) Tj ET\nendstream endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
}

/**
 * One Delhivery host: `Authorization: Token <token>` on every call, and only the tokens issued
 * for that host. A staging token works only on the staging host and a production token only on
 * production (docs/providers.md §7.1).
 */
function delhiveryHost(token: string, warehouse: string, state: SandboxState, upls: Upls): Router {
  const router = Router();
  const scale = state.rateScale;
  const windows = {
    track: new PerIpWindow(LIMITS.track * scale),
    packingSlip: new PerIpWindow(LIMITS.packingSlip * scale),
    pinCodes: new PerIpWindow(LIMITS.pinCodes * scale),
    create: new PerIpWindow(LIMITS.create * scale),
  };
  const ip = (req: Request) => req.ip ?? req.socket.remoteAddress ?? '';
  router.use((req, res, next) => {
    const given = /^Token (.+)$/.exec(req.header('authorization') ?? '')?.[1] ?? (req.query.token as string | undefined);
    if (given !== token || state.revoked) {
      // UNVERIFIED body: Delhivery does not publish its refusal. The one reported text for a refused
      // key is "Login or API Key Required" with HTTP 401 (a third-party setup note); its JSON-or-text
      // shape is unknown, so it is sent as text.
      res.status(401).type('text/plain').send('Login or API Key Required');
      return;
    }
    next();
  });
  router.get('/c/api/pin-codes/json/', (req, res) => {
    if (!windows.pinCodes.take(ip(req))) return throttled(res);
    const pins = String(req.query.filter_codes ?? '')
      .split(',')
      .filter(Boolean);
    res.json({
      delivery_codes: pins.map((pin) => ({
        postal_code: {
          pin: Number(pin),
          city: 'New Delhi',
          state_code: 'DL',
          district: 'New Delhi',
          cod: 'Y',
          pre_paid: 'Y',
          pickup: 'Y',
          repl: 'Y',
          is_oda: 'N',
        },
      })),
    });
  });
  // Tracking: up to 50 waybills a call, 750 calls per 5 minutes per IP (§7.2).
  router.get('/api/v1/packages/json/', (req, res) => {
    if (!windows.track.take(ip(req))) return throttled(res);
    const awbs = String(req.query.waybill ?? '')
      .split(',')
      .map((w) => w.trim())
      .filter(Boolean);
    if (!awbs.length) {
      res.status(400).json({ Error: 'waybill or ref_ids is required' });
      return;
    }
    if (awbs.length > TRACK_BATCH) {
      // UNVERIFIED words: Delhivery documents the limit of 50, not its refusal.
      res.status(400).json({ Error: `Maximum ${TRACK_BATCH} waybills allowed in a single request` });
      return;
    }
    const found = awbs.map((awb) => state.parcels.view('delhivery', awb)).filter((v) => v !== undefined);
    // UNVERIFIED: unknown waybills are left out; when none is known an Error says so.
    res.json(found.length ? { ShipmentData: found.map(trackedShipment) } : { ShipmentData: [], Error: 'No such waybill or Order Id found' });
  });
  // The packing slip: an S3 link per AWB with pdf=true, the label's data otherwise (§7.2).
  router.get('/api/p/packing_slip', (req, res) => {
    if (!windows.packingSlip.take(ip(req))) return throttled(res);
    const awbs = String(req.query.wbns ?? '')
      .split(',')
      .map((w) => w.trim())
      .filter(Boolean);
    const views = awbs.map((awb) => state.parcels.view('delhivery', awb)).filter((v) => v !== undefined);
    const pdf = String(req.query.pdf ?? 'false') === 'true';
    const origin = `${req.protocol}://${req.get('host')}${req.baseUrl.replace(/\/staging$/, '')}`;
    res.json({
      packages_found: views.length,
      packages: views.map(({ parcel }) =>
        pdf
          ? { wbn: parcel.awb, pdf_encoding: '', pdf_download_link: `${origin}/_s3/packing-slips/${parcel.awb}.pdf?X-Amz-Expires=86400` }
          : {
              wbn: parcel.awb,
              oid: parcel.orderRef,
              pt: parcel.cod ? 'COD' : 'Pre-paid',
              cod: parcel.codPaise / 100,
              pin: Number(parcel.destinationPincode),
              destination: parcel.destinationCity,
              weight: parcel.weightGrams,
              barcode: parcel.awb,
            },
      ),
    });
  });
  // Create (manifest) an order: `format=json&data={…}`, picked up at the registered warehouse (§7.2).
  // UNVERIFIED answer and words: public clients [3P] read success, rmk and packages[] from an HTTP 200,
  // refusals included ("ClientWarehouse matching query does not exist." for an unknown pickup location).
  router.post('/api/cmu/create.json', express.text({ type: () => true, limit: '1mb' }), (req, res) => {
    if (!windows.create.take(ip(req))) return throttled(res);
    const refuse = (rmk: string, status = 200) => void res.status(status).json({ success: false, error: true, rmk, packages: [], package_count: 0 });
    const raw = typeof req.body === 'string' ? req.body : '';
    if (!raw.startsWith(CREATE_PREFIX)) return refuse('format key missing in POST: send format=json&data={...}', 400);
    const data = new URLSearchParams(raw).get('data') ?? '';
    if (CREATE_FORBIDDEN.test(data)) return refuse('Invalid characters in data: & # % ; \\ are not allowed');
    let payload: { shipments?: unknown; pickup_location?: { name?: unknown } };
    try {
      payload = JSON.parse(data) as typeof payload;
    } catch {
      return refuse('Invalid JSON in data', 400);
    }
    if (!Array.isArray(payload?.shipments) || !payload.shipments.length) return refuse('shipments must be a non-empty list');
    // The name must match the registered warehouse exactly, case and spaces included (§7.2).
    if (payload.pickup_location?.name !== warehouse) return refuse('ClientWarehouse matching query does not exist.');
    const packages = payload.shipments.map((s) => createShipment(state.parcels, s));
    const ok = packages.filter((p) => p.status === 'Success');
    res.json({
      success: ok.length === packages.length,
      ...(ok.length === packages.length ? {} : { error: true, rmk: 'Some shipments could not be created' }),
      upload_wbn: `UPL${randomUUID().replace(/-/g, '').slice(0, 20)}`,
      package_count: ok.length,
      cod_count: ok.filter((p) => p.payment === 'COD').length,
      prepaid_count: ok.filter((p) => p.payment === 'Pre-paid').length,
      packages,
    });
  });
  // NDR actions: asynchronous, an UPL id now and the verdicts by that id later (§7.5).
  router.post('/api/p/update', express.json(), (req, res) => {
    const data = (req.body as { data?: unknown } | undefined)?.data;
    const rows = Array.isArray(data) ? (data as Array<Record<string, unknown>>) : [];
    const valid = rows.length > 0 && rows.every((r) => typeof r?.waybill === 'string' && typeof r?.act === 'string');
    if (!valid) {
      res.status(400).json({ error: 'data must be a non-empty list of {waybill, act}' });
      return;
    }
    const unknownAct = rows.find((r) => r.act !== 'RE-ATTEMPT' && r.act !== 'PICKUP_RESCHEDULE');
    if (unknownAct) {
      res.status(400).json({ error: `Invalid act ${String(unknownAct.act)}: use RE-ATTEMPT or PICKUP_RESCHEDULE` });
      return;
    }
    const id = randomUUID();
    upls.set(id, { createdAt: new Date(), results: rows.map((r) => ndrVerdict(state.parcels, r.waybill as string, r.act as string)) });
    // UNVERIFIED answer shape: "returns UPL id" (§7.5); its field name is the sandbox's.
    res.json({ request_id: id, status: true });
  });
  router.get('/api/cmu/get_bulk_upl/:upl', (req, res) => {
    const upl = upls.get(req.params.upl);
    if (!upl) {
      res.status(404).json({ error: 'UPL not found' });
      return;
    }
    const verbose = String(req.query.verbose ?? 'false') === 'true';
    const failed = upl.results.filter((r) => r.status === 'Failure').length;
    res.json({
      request_id: req.params.upl,
      status: 'Completed',
      success_count: upl.results.length - failed,
      failure_count: failed,
      ...(verbose ? { results: upl.results } : {}),
    });
  });
  // Ends here, so a staging path never falls through to the production host.
  router.use((req, res) => {
    res.status(404).json({ error: `the sandbox has no route ${req.method} ${req.originalUrl}` });
  });
  return router;
}

/**
 * Delhivery's B2C API (docs/providers.md §7) on both of its hosts: staging under `/staging`
 * (DELHIVERY_STAGING_BASE_URL) and production at the root (DELHIVERY_BASE_URL), over the
 * parcel book; label links point at a stand-in for Delhivery's S3 bucket under `/_s3`.
 */
export function delhiverySandbox(state: SandboxState): Router {
  const router = Router();
  const upls: Upls = new Map();
  router.get('/_s3/packing-slips/:file', (req, res) => {
    const awb = req.params.file.replace(/\.pdf$/, '');
    if (!state.parcels.parcel('delhivery', awb)) {
      res.status(404).type('application/xml').send('<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>');
      return;
    }
    res.type('application/pdf').send(labelPdf(awb));
  });
  router.use('/staging', delhiveryHost(SANDBOX_DELHIVERY_STAGING.api_token, SANDBOX_DELHIVERY_STAGING.pickup_location, state, upls));
  router.use(delhiveryHost(SANDBOX_CREDENTIALS.delhivery.api_token, SANDBOX_CREDENTIALS.delhivery.pickup_location, state, upls));
  return router;
}
