import { ShipmentStatus } from '../../src/domain/enums.js';
import { InputError, ProviderError } from '../../src/domain/errors.js';
import { createLogger } from '../../src/logger.js';
import { delhiveryLogistics } from '../../src/providers/delhivery/logistics.js';
import type { SyncSession } from '../../src/providers/types.js';
import { CLOSED_STAGES, type ParcelView } from '../../src/sandbox/commerce/parcels.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { testConfig } from '../support/env.js';

/**
 * Delhivery's connector against the sandbox's parcel book (docs/providers.md §7.2–§7.5): tracking
 * in batches under the shared budget, the packing slip, and RE-ATTEMPT only where §7.5 allows it.
 */

// 21:30 IST: Delhivery's NDR window is open (§7.5).
const EVENING = new Date('2026-12-07T16:00:00Z');
const AFTERNOON = new Date('2026-12-07T09:00:00Z');
let clock = EVENING;
let sandbox: Sandbox;
const awb = (i: number) => sandbox.parcels.awb('delhivery', i);
const find = (test: (v: ParcelView) => boolean) => {
  const i = sandbox.parcels.find('delhivery', test);
  if (i === undefined) throw new Error('no such parcel in the book');
  return awb(i);
};

const budget: Array<[string, number, number]> = [];
const session = (credentials: Record<string, string> = { ...SANDBOX_CREDENTIALS.delhivery }, shared = true): SyncSession => ({
  credentials,
  firstSyncFrom: new Date(0),
  endpoints: testConfig(sandbox.env).providers,
  log: createLogger({ level: 'silent', pretty: false }),
  sharedBudget: shared
    ? async (name, limit, windowMs) => {
        budget.push([name, limit, windowMs]);
      }
    : undefined,
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: unknown) => err,
  );

beforeAll(async () => {
  sandbox = await startSandbox({ orders: 10, parcels: { size: 2_000, stepMs: 3 * 3_600_000, now: EVENING, clock: () => clock } });
});
afterAll(() => sandbox.stop());
beforeEach(() => {
  clock = EVENING;
  budget.length = 0;
  sandbox.faults.clear();
});

describe('tracking', () => {
  it('takes 50 AWBs a call, each call from the shared budget of 750 per 5 minutes', async () => {
    expect(delhiveryLogistics.trackBatchSize).toBe(50);
    const awbs = Array.from({ length: 50 }, (_, i) => awb(i));
    const updates = await delhiveryLogistics.track(session(), awbs);
    expect(updates.map((u) => u.trackingNumber)).toEqual(awbs);
    expect(budget).toEqual([['delhivery:track', 750, 300_000]]);
    await expect(delhiveryLogistics.track(session(), [...awbs, awb(50)])).rejects.toThrow(RangeError);
  });

  it('leaves out AWBs Delhivery does not know', async () => {
    const known = awb(3);
    expect((await delhiveryLogistics.track(session(), [known, '14909999999999', 'NOT-AN-AWB'])).map((u) => u.trackingNumber)).toEqual([known]);
    expect(await delhiveryLogistics.track(session(), ['14909999999999'])).toEqual([]);
  });

  it('reads each lifecycle’s end: delivered, returned to origin, lost', async () => {
    const delivered = find((v) => v.current.stage === 'delivered');
    const rto = find((v) => v.current.stage === 'rto_delivered');
    const lost = find((v) => v.current.stage === 'lost');
    const updates = await delhiveryLogistics.track(session(), [delivered, rto, lost]);
    expect(updates.map((u) => [u.trackingNumber, u.status, u.rawStatus])).toEqual([
      [delivered, ShipmentStatus.DELIVERED, 'DL/Delivered'],
      [rto, ShipmentStatus.RTO_DELIVERED, 'DL/RTO'],
      [lost, ShipmentStatus.LOST, 'LT/Lost'],
    ]);
    const view = sandbox.parcels.view('delhivery', rto)!;
    expect(updates[1]).toMatchObject({ attempts: view.attempts, destinationPincode: view.parcel.destinationPincode });
    expect(updates[1]!.events).toHaveLength(view.scans.length);
  });

  it('reads a return leg as RTO_INITIATED and a failed attempt with its count, code and reason', async () => {
    const returning = find((v) => v.current.stage === 'rto_in_transit');
    const failed = find((v) => v.current.stage === 'failed_attempt' && v.attempts === 2);
    const [back, ndr] = await delhiveryLogistics.track(session(), [returning, failed]);
    expect(back).toMatchObject({ status: ShipmentStatus.RTO_INITIATED, rawStatus: 'RT/In Transit' });
    const view = sandbox.parcels.view('delhivery', failed)!;
    expect(ndr).toMatchObject({
      status: ShipmentStatus.IN_TRANSIT,
      attempts: 2,
      lastFailedAttempt: { at: new Date(Math.floor(view.current.at.getTime())), code: view.current.ndr!.code, reason: view.current.ndr!.reason },
    });
  });

  it('moves a parcel as time passes', async () => {
    const moving = find((v) => v.current.stage === 'out_for_delivery' && v.parcel.lifecycle === 'delivered');
    const [before] = await delhiveryLogistics.track(session(), [moving]);
    clock = new Date(EVENING.getTime() + 3 * 3_600_000);
    const [after] = await delhiveryLogistics.track(session(), [moving]);
    expect([before!.status, after!.status]).toEqual([ShipmentStatus.OUT_FOR_DELIVERY, ShipmentStatus.DELIVERED]);
  });

  it('tries a call again after a server error, taking the budget again', async () => {
    sandbox.faults.set('delhivery', { kind: '500', count: 1 });
    const updates = await delhiveryLogistics.track(session(), [awb(1)]);
    expect(updates).toHaveLength(1);
    expect(budget).toHaveLength(2);
  });

  it('paces itself without a shared budget', async () => {
    expect(await delhiveryLogistics.track(session(undefined, false), [awb(2)])).toHaveLength(1);
    expect(budget).toEqual([]);
  });

  it('says a refused token is the seller’s to fix, in Delhivery’s words', async () => {
    const err = await failure(delhiveryLogistics.track(session({ ...SANDBOX_CREDENTIALS.delhivery, api_token: 'wrong' }), [awb(1)]));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({
      kind: 'auth',
      message: expect.stringContaining('Delhivery refused the API token on its production host (HTTP 401): Login or API Key Required'),
    });
  });
});

describe('label', () => {
  it('is the packing slip PDF link of the AWB', async () => {
    const url = await delhiveryLogistics.label!(session(), awb(5));
    expect(url).toMatch(new RegExp(`^${sandbox.url}/delhivery/_s3/packing-slips/${awb(5)}\\.pdf`));
    const pdf = await fetch(url);
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
  });

  it('is a clear error for an AWB Delhivery has no slip for', async () => {
    const err = await failure(delhiveryLogistics.label!(session(), '14909999999999'));
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as Error).message).toBe("Delhivery found no packing slip for AWB 14909999999999 (packages_found: 0); check the AWB is one of this account's");
  });
});

describe('requestReattempt', () => {
  const waiting = (test: (v: ParcelView) => boolean) => find((v) => v.current.stage === 'failed_attempt' && test(v));

  it('asks Delhivery after a first or second failed attempt with a listed code, after 21:00 IST', async () => {
    const parcel = waiting((v) => v.current.ndr!.reattemptable && v.attempts <= 2);
    const { requestId } = await delhiveryLogistics.requestReattempt!(session(), parcel, EVENING);
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(sandbox.parcels.reattemptsOf(parcel)).toMatchObject([{ awb: parcel, attempts: sandbox.parcels.view('delhivery', parcel)!.attempts }]);
  });

  it('refuses before 21:00 IST, saying when to ask again', async () => {
    const parcel = waiting((v) => v.current.ndr!.reattemptable && v.attempts <= 2);
    const asked = sandbox.parcels.reattemptsOf(parcel).length;
    const err = await failure(delhiveryLogistics.requestReattempt!(session(), parcel, AFTERNOON));
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(
      "Delhivery takes re-attempt requests only after 21:00 IST, once the day's deliveries are closed (it is 14:30 IST); ask again after 21:00 IST",
    );
    expect(sandbox.parcels.reattemptsOf(parcel)).toHaveLength(asked);
  });

  it('refuses a code Delhivery does not re-attempt', async () => {
    const parcel = waiting((v) => !v.current.ndr!.reattemptable);
    const code = sandbox.parcels.view('delhivery', parcel)!.current.ndr!.code;
    const err = await failure(delhiveryLogistics.requestReattempt!(session(), parcel, EVENING));
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toBe(
      `Delhivery re-attempts only parcels whose current code is EOD-74, EOD-15, EOD-104, EOD-43, EOD-86, EOD-11, EOD-69, EOD-6; AWB ${parcel}'s is ${code}`,
    );
  });

  it('refuses after a third failed attempt', async () => {
    const parcel = waiting((v) => v.current.ndr!.reattemptable && v.attempts === 3);
    const err = await failure(delhiveryLogistics.requestReattempt!(session(), parcel, EVENING));
    expect((err as Error).message).toBe(`Delhivery re-attempts only after the first or second failed attempt; AWB ${parcel} has had 3`);
  });

  it('refuses a parcel that is not waiting after a failed attempt', async () => {
    const delivered = find((v) => v.current.stage === 'delivered');
    const moving = find((v) => !CLOSED_STAGES.has(v.current.stage) && v.current.stage === 'in_transit');
    for (const [parcel, raw] of [
      [delivered, 'DL/Delivered'],
      [moving, 'UD/In Transit'],
    ] as const) {
      const err = await failure(delhiveryLogistics.requestReattempt!(session(), parcel, EVENING));
      expect((err as Error).message).toBe(`AWB ${parcel} is ${raw} at Delhivery, not waiting after a failed delivery attempt: there is nothing to re-attempt`);
    }
    await expect(delhiveryLogistics.requestReattempt!(session(), '14909999999999', EVENING)).rejects.toThrow(
      'Delhivery does not know AWB 14909999999999 on this account',
    );
  });
});
