import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ParcelView } from '../../src/sandbox/commerce/parcels.js';
import { SANDBOX_CREDENTIALS, SANDBOX_DELHIVERY_STAGING } from '../../src/sandbox/credentials.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';

/**
 * What the Delhivery sandbox refuses and enforces (docs/providers.md §7.1, §7.2, §7.5, §7.6),
 * spoken to over raw HTTP. UNVERIFIED: Delhivery publishes none of these refusal bodies; the
 * sandbox's words are its own, the statuses and rules are Delhivery's.
 */

const EVENING = new Date('2026-12-07T16:00:00Z'); // 21:30 IST
let clock = EVENING;
let sandbox: Sandbox;
let base: string;
const TOKEN = `Token ${SANDBOX_CREDENTIALS.delhivery.api_token}`;

const get = (path: string, authorization: string | undefined = TOKEN) =>
  fetch(`${base}${path}`, { headers: authorization ? { authorization } : {} }).then(async (r) => ({ status: r.status, text: await r.text() }));
const getJson = async (path: string) => {
  const r = await get(path);
  return { status: r.status, body: JSON.parse(r.text) as Record<string, unknown> };
};
const post = (path: string, body: unknown) =>
  fetch(`${base}${path}`, { method: 'POST', headers: { authorization: TOKEN, 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(
    async (r) => ({
      status: r.status,
      body: (await r.json()) as Record<string, unknown>,
    }),
  );
const awb = (i: number) => sandbox.parcels.awb('delhivery', i);
const find = (test: (v: ParcelView) => boolean) => awb(sandbox.parcels.find('delhivery', test)!);

beforeAll(async () => {
  sandbox = await startSandbox({ orders: 10, parcels: { size: 2_000, stepMs: 3 * 3_600_000, now: EVENING, clock: () => clock } });
  base = sandbox.env.DELHIVERY_BASE_URL!;
});
afterAll(() => sandbox.stop());
beforeEach(() => {
  clock = EVENING;
});

describe('the token', () => {
  it('is required on every call, and only on its own host', async () => {
    expect(await get(`/api/v1/packages/json/?waybill=${awb(0)}`, '')).toEqual({ status: 401, text: 'Login or API Key Required' });
    expect(await get(`/api/v1/packages/json/?waybill=${awb(0)}`, `Token ${SANDBOX_DELHIVERY_STAGING.api_token}`)).toEqual({
      status: 401,
      text: 'Login or API Key Required',
    });
    expect((await get(`/api/v1/packages/json/?waybill=${awb(0)}&token=${SANDBOX_CREDENTIALS.delhivery.api_token}`, '')).status).toBe(200);
  });
});

describe('tracking', () => {
  it('refuses 51 AWBs in one call and answers 50', async () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => awb(i)).join(',');
    expect(await getJson(`/api/v1/packages/json/?waybill=${list(51)}`)).toEqual({
      status: 400,
      body: { Error: 'Maximum 50 waybills allowed in a single request' },
    });
    const ok = await getJson(`/api/v1/packages/json/?waybill=${list(50)}`);
    expect((ok.body.ShipmentData as unknown[]).length).toBe(50);
  });

  it('answers in Delhivery’s shape: IST times without an offset, StatusType with Status, the scans', async () => {
    const rto = find((v) => v.current.stage === 'rto_delivered');
    const { body } = await getJson(`/api/v1/packages/json/?waybill=${rto}`);
    const shipment = (body.ShipmentData as Array<{ Shipment: Record<string, any> }>)[0]!.Shipment; // eslint-disable-line @typescript-eslint/no-explicit-any -- a raw answer read in a test
    const view = sandbox.parcels.view('delhivery', rto)!;
    expect(shipment.Status).toMatchObject({ Status: 'RTO', StatusType: 'DL' });
    expect(shipment.Status.StatusDateTime).toBe(new Date(view.current.at.getTime() + 330 * 60_000).toISOString().slice(0, -1));
    expect(shipment.Scans.filter((s: { ScanDetail: { StatusCode: string } }) => /^EOD-/.test(s.ScanDetail.StatusCode))).toHaveLength(view.attempts);
    expect(shipment.Consignee.PinCode).toBe(Number(view.parcel.destinationPincode));
  });

  it('leaves unknown AWBs out and says so when it knows none', async () => {
    expect(await getJson('/api/v1/packages/json/?waybill=14909999999999')).toEqual({
      status: 200,
      body: { ShipmentData: [], Error: 'No such waybill or Order Id found' },
    });
  });
});

describe('the per-IP limit of 750 calls per 5 minutes', () => {
  it('throttles the 751st tracking call (scaled down here)', async () => {
    const small = await startSandbox({ orders: 10, rateScale: 4 / 750, parcels: { size: 10 } });
    try {
      const call = () =>
        fetch(`${small.env.DELHIVERY_BASE_URL}/api/v1/packages/json/?waybill=${small.parcels.awb('delhivery', 0)}`, { headers: { authorization: TOKEN } });
      const statuses = [];
      for (let n = 0; n < 5; n++) statuses.push((await call()).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429]);
    } finally {
      await small.stop();
    }
  });
});

describe('the packing slip', () => {
  it('gives an S3 link per AWB with pdf=true, the label data without', async () => {
    const { body } = await getJson(`/api/p/packing_slip?wbns=${awb(1)},${awb(2)},14909999999999&pdf=true`);
    expect(body).toEqual({
      packages_found: 2,
      packages: [awb(1), awb(2)].map((wbn) => ({ wbn, pdf_encoding: '', pdf_download_link: `${base}/_s3/packing-slips/${wbn}.pdf?X-Amz-Expires=86400` })),
    });
    const data = await getJson(`/api/p/packing_slip?wbns=${awb(1)}`);
    expect(data.body.packages).toEqual([expect.objectContaining({ wbn: awb(1), barcode: awb(1) })]);
  });
});

describe('the NDR action', () => {
  const verdicts = async (waybill: string, act = 'RE-ATTEMPT') => {
    const asked = await post('/api/p/update', { data: [{ waybill, act }] });
    expect(asked).toEqual({ status: 200, body: { request_id: expect.any(String), status: true } });
    return (await getJson(`/api/cmu/get_bulk_upl/${String(asked.body.request_id)}?verbose=true`)).body.results;
  };

  it('re-attempts a parcel waiting after a first or second failed attempt with a listed code, after 21:00 IST', async () => {
    const parcel = find((v) => v.current.stage === 'failed_attempt' && v.current.ndr!.reattemptable && v.attempts <= 2);
    expect(await verdicts(parcel)).toEqual([{ waybill: parcel, act: 'RE-ATTEMPT', status: 'Success', remark: 'Request accepted' }]);
    expect(sandbox.parcels.reattemptsOf(parcel)).toHaveLength(1);
  });

  it('fails it for another code, a third attempt, or before 21:00 IST', async () => {
    const refusedCode = find((v) => v.current.stage === 'failed_attempt' && !v.current.ndr!.reattemptable);
    const third = find((v) => v.current.stage === 'failed_attempt' && v.current.ndr!.reattemptable && v.attempts === 3);
    const code = sandbox.parcels.view('delhivery', refusedCode)!.current.ndr!.code;
    expect(await verdicts(refusedCode)).toMatchObject([{ status: 'Failure', remark: `RE-ATTEMPT not allowed for current status code ${code}` }]);
    expect(await verdicts(third)).toMatchObject([{ status: 'Failure', remark: 'RE-ATTEMPT not allowed after 3 attempts' }]);
    clock = new Date('2026-12-07T15:00:00Z'); // 20:30 IST
    const early = find((v) => v.current.stage === 'failed_attempt' && v.current.ndr!.reattemptable && v.attempts <= 2);
    expect(await verdicts(early)).toMatchObject([{ status: 'Failure', remark: 'RE-ATTEMPT is accepted only after 21:00 IST' }]);
    expect(sandbox.parcels.reattemptsOf(early).filter((r) => r.at.getTime() === clock.getTime())).toHaveLength(0);
  });

  it('refuses an action it does not know and a body without data', async () => {
    expect(await post('/api/p/update', { data: [{ waybill: awb(0), act: 'DEFER_DLV' }] })).toEqual({
      status: 400,
      body: { error: 'Invalid act DEFER_DLV: use RE-ATTEMPT or PICKUP_RESCHEDULE' },
    });
    expect((await post('/api/p/update', { waybill: awb(0), act: 'RE-ATTEMPT' })).status).toBe(400);
  });
});

describe('the scan push', () => {
  it('posts each new scan with nothing but the headers the seller gave', async () => {
    const received: Array<{ headers: IncomingHttpHeaders; body: Record<string, any> }> = []; // eslint-disable-line @typescript-eslint/no-explicit-any -- raw pushed bodies
    const receiver = createServer((req, res) => {
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body: JSON.parse(raw) as Record<string, unknown> });
        res.end('ok');
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    const target = { url: `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/push`, headers: { authorization: 'Bearer push-secret' } };
    try {
      const parcel = find((v) => v.current.stage === 'out_for_delivery' && v.parcel.lifecycle === 'delivered');
      const scans = sandbox.parcels.view('delhivery', parcel)!.scans.length;
      expect((await sandbox.delhiveryPush.push(parcel, target)).map((r) => r.status)).toEqual(Array(scans).fill(200));
      // Nothing new: nothing pushed. Then the delivery scan, once.
      expect(await sandbox.delhiveryPush.push(parcel, target)).toEqual([]);
      clock = new Date(EVENING.getTime() + 3 * 3_600_000);
      expect(await sandbox.delhiveryPush.push(parcel, target)).toHaveLength(1);

      expect(received).toHaveLength(scans + 1);
      const last = received.at(-1)!;
      expect(last.headers.authorization).toBe('Bearer push-secret');
      expect(Object.keys(last.headers).filter((h) => /signature|hmac/i.test(h))).toEqual([]);
      expect(last.body).toEqual({
        Shipment: {
          Status: {
            Status: 'Delivered',
            StatusType: 'DL',
            StatusDateTime: expect.any(String),
            StatusLocation: expect.any(String),
            Instructions: 'Delivered to consignee',
          },
          PickUpDate: expect.any(String),
          NSLCode: 'EOD-38',
          Sortcode: 'GGN/BLP',
          ReferenceNo: expect.any(String),
          AWB: parcel,
        },
      });
    } finally {
      receiver.close();
    }
  });
});

describe('faults', () => {
  it('answers a 500 on demand', async () => {
    sandbox.faults.set('delhivery', { kind: '500', count: 1 });
    expect((await get(`/api/v1/packages/json/?waybill=${awb(0)}`)).status).toBe(500);
    expect((await get(`/api/v1/packages/json/?waybill=${awb(0)}`)).status).toBe(200);
  });
});
