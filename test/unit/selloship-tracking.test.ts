import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ShipmentStatus } from '../../src/domain/enums.js';
import { ProviderError } from '../../src/domain/errors.js';
import { createLogger } from '../../src/logger.js';
import { selloshipTracking } from '../../src/providers/selloship/tracking.js';
import type { SyncSession } from '../../src/providers/types.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { testConfig } from '../support/env.js';

/**
 * Selloship's tracking connector against the sandbox (docs/providers.md §8), in each of the
 * behaviours Selloship's thin documentation leaves open: GET or POST, `status` or `Status`, and
 * a token refused before its time.
 */

let sandbox: Sandbox;
const awb = (i: number) => sandbox.parcels.awb('selloship', i);

const session = (credentials = SANDBOX_CREDENTIALS.selloship): SyncSession => ({
  credentials: { ...credentials },
  firstSyncFrom: new Date(0),
  endpoints: testConfig(sandbox.env).providers,
  log: createLogger({ level: 'silent', pretty: false }),
});

const failure = (p: Promise<unknown>) =>
  p.then(
    () => {
      throw new Error('expected a refusal');
    },
    (err: unknown) => err,
  );

beforeAll(async () => {
  sandbox = await startSandbox({ orders: 10, parcels: { size: 500 } });
});
afterAll(() => sandbox.stop());
beforeEach(() => {
  const c = sandbox.selloship;
  c.trackingMethods = ['GET'];
  c.statusKey = 'Status';
  c.tokenTtlSeconds = 3600;
  c.trackingCalls.length = 0;
  c.signIns = 0;
  sandbox.restore();
});

describe('tracking', () => {
  it('gives each known AWB its status as the sandbox has it now, and leaves unknown ones out', async () => {
    const i = sandbox.parcels.find('selloship', (v) => v.current.stage === 'delivered')!;
    const updates = await selloshipTracking.track(session(), [awb(i), 'SLSC9999999999', 'NOT-AN-AWB']);
    expect(updates).toHaveLength(1);
    const view = sandbox.parcels.view('selloship', awb(i))!;
    expect(updates[0]).toMatchObject({
      trackingNumber: awb(i),
      status: ShipmentStatus.DELIVERED,
      rawStatus: 'DELIVERED',
      weightGrams: view.parcel.weightGrams,
    });
    // statusDate has whole seconds in Indian time: the scan's time to the second.
    expect(updates[0]!.events[0]!.at).toEqual(new Date(Math.floor(view.current.at.getTime() / 1000) * 1000));
  });

  it('reports a failed attempt with the courier’s reason', async () => {
    const i = sandbox.parcels.find('selloship', (v) => v.current.stage === 'failed_attempt')!;
    const [update] = await selloshipTracking.track(session(), [awb(i)]);
    const view = sandbox.parcels.view('selloship', awb(i))!;
    expect(update).toMatchObject({ status: ShipmentStatus.IN_TRANSIT, rawStatus: 'UNDELIVERED', lastFailedAttempt: { reason: view.current.ndr!.reason } });
    expect(update!.events[0]!.failedAttempt).toBe(true);
  });

  it('reads a return and a cancellation', async () => {
    const rto = sandbox.parcels.find('selloship', (v) => v.current.stage === 'rto_delivered')!;
    const cancelled = sandbox.parcels.find('selloship', (v) => v.current.stage === 'cancelled')!;
    const updates = await selloshipTracking.track(session(), [awb(rto), awb(cancelled)]);
    expect(updates.map((u) => [u.trackingNumber, u.status])).toEqual([
      [awb(rto), ShipmentStatus.RTO_DELIVERED],
      [awb(cancelled), ShipmentStatus.CANCELLED],
    ]);
  });

  it('takes 50 AWBs in one call, and never sends 51', async () => {
    expect(selloshipTracking.trackBatchSize).toBe(50);
    const fifty = Array.from({ length: 50 }, (_, i) => awb(i));
    expect(await selloshipTracking.track(session(), fifty)).toHaveLength(50);
    expect(sandbox.selloship.trackingCalls).toEqual([{ method: 'GET', waybills: 50, status: 200 }]);
    await expect(selloshipTracking.track(session(), [...fifty, awb(50)])).rejects.toThrow(RangeError);
    expect(sandbox.selloship.trackingCalls).toHaveLength(1);
  });

  it('signs in once per job, however many calls the job makes', async () => {
    const job = session();
    for (let n = 0; n < 3; n++) await selloshipTracking.track(job, [awb(n)]);
    expect(sandbox.selloship.signIns).toBe(1);
    await selloshipTracking.track(session(), [awb(0)]);
    expect(sandbox.selloship.signIns).toBe(2);
  });
});

describe('a refused token', () => {
  it('is replaced once, and the call made again', async () => {
    const job = session();
    await selloshipTracking.track(job, [awb(0)]);
    sandbox.selloship.tokens.revokeAll();
    expect(await selloshipTracking.track(job, [awb(1)])).toHaveLength(1);
    expect(sandbox.selloship.signIns).toBe(2);
    expect(sandbox.selloship.trackingCalls.map((c) => c.status)).toEqual([200, 401, 200]);
  });

  it('refused to calls side by side is replaced once for all of them', async () => {
    const job = session();
    await selloshipTracking.track(job, [awb(0)]);
    sandbox.selloship.tokens.revokeAll();
    const answers = await Promise.all([0, 1, 2].map((n) => selloshipTracking.track(job, [awb(n)])));
    expect(answers.map((a) => a.length)).toEqual([1, 1, 1]);
    expect(sandbox.selloship.signIns).toBe(2);
  });

  it('refused again right after a fresh sign-in is an auth error in Selloship’s words', async () => {
    sandbox.selloship.tokenTtlSeconds = 0;
    const err = await failure(selloshipTracking.track(session(), [awb(0)]));
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({
      kind: 'auth',
      message: expect.stringContaining('Selloship refused a token it had just issued (HTTP 401): Invalid or expired token'),
    });
    expect(sandbox.selloship.signIns).toBe(2);
  });

  it('and a login Selloship no longer accepts is an auth error naming the login', async () => {
    sandbox.revoke();
    const err = await failure(selloshipTracking.track(session(), [awb(0)]));
    expect(err).toMatchObject({ kind: 'auth', message: expect.stringContaining('Selloship rejected the username or password') });
  });
});

describe('the variants Selloship may answer in (docs/providers.md §8)', () => {
  it('tracks by POST when Selloship will not take a GET, and keeps to POST for the job', async () => {
    sandbox.selloship.trackingMethods = ['POST'];
    const job = session();
    expect(await selloshipTracking.track(job, [awb(0), awb(1)])).toHaveLength(2);
    expect(await selloshipTracking.track(job, [awb(2)])).toHaveLength(1);
    expect(sandbox.selloship.trackingCalls).toEqual([
      { method: 'GET', waybills: 2, status: 405 },
      { method: 'POST', waybills: 2, status: 200 },
      { method: 'POST', waybills: 1, status: 200 },
    ]);
  });

  it('tracks by GET where Selloship takes both', async () => {
    sandbox.selloship.trackingMethods = ['GET', 'POST'];
    await selloshipTracking.track(session(), [awb(0)]);
    expect(sandbox.selloship.trackingCalls.map((c) => c.method)).toEqual(['GET']);
  });

  it.each(['status', 'Status'] as const)('reads the outcome under `%s`', async (key) => {
    sandbox.selloship.statusKey = key;
    expect(await selloshipTracking.track(session(), [awb(0)])).toHaveLength(1);
  });
});

describe('refusals', () => {
  /** A Selloship that answers every tracking call with `body` (HTTP 200), after a good sign-in. */
  async function answering(body: unknown): Promise<{ session: SyncSession; close(): Promise<void> }> {
    const server = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(req.url!.startsWith('/authToken') ? { status: 'SUCCESS', token: 't' } : body));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const job = session();
    job.endpoints = testConfig({ ...sandbox.env, SELLOSHIP_BASE_URL: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }).providers;
    return { session: job, close: () => new Promise((resolve) => server.close(() => resolve())) };
  }

  it('a FAILED answer is a ProviderError in Selloship’s words, under either key', async () => {
    for (const key of ['status', 'Status']) {
      const stub = await answering({ [key]: 'FAILED', message: 'Account is not active', waybillDetails: [] });
      try {
        await expect(selloshipTracking.track(stub.session, ['SLSC1002159720'])).rejects.toMatchObject({
          kind: 'request',
          message: 'Selloship refused the tracking request: Account is not active',
        });
      } finally {
        await stub.close();
      }
    }
  });

  it('an answer of another shape, or without an outcome, is worth trying again later', async () => {
    for (const body of [{ Status: 'SUCCESS', waybillDetails: 'none' }, { waybillDetails: [] }]) {
      const stub = await answering(body);
      try {
        await expect(selloshipTracking.track(stub.session, ['SLSC1002159720'])).rejects.toMatchObject({ kind: 'unavailable' });
      } finally {
        await stub.close();
      }
    }
  });

  it('a server error that outlasts the retries is "not answering", in Selloship’s words', async () => {
    sandbox.faults.set('selloship', { kind: '500' });
    try {
      const err = await failure(selloshipTracking.track(session(), [awb(0)]));
      expect(err).toMatchObject({ kind: 'unavailable', message: 'Selloship is not answering right now (HTTP 500: Internal Server Error); try again later' });
    } finally {
      sandbox.faults.clear();
    }
  });

  it('a passing server error is retried', async () => {
    sandbox.faults.set('selloship', { kind: '500', count: 1 });
    expect(await selloshipTracking.track(session(), [awb(0)])).toHaveLength(1);
  });
});

describe('the label', () => {
  it('is the PDF link Selloship’s waybill answer gives', async () => {
    const i = sandbox.parcels.find('selloship', (v) => v.parcel.lifecycle !== 'cancelled')!;
    const url = await selloshipTracking.label!(session(), awb(i));
    expect(url).toBe(`${sandbox.env.SELLOSHIP_BASE_URL}/label/${awb(i)}.pdf`);
    const pdf = await fetch(url);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect((await pdf.text()).startsWith('%PDF-')).toBe(true);
  });

  it('of a cancelled parcel is refused, saying where to get it; of an unknown AWB, that Selloship does not know it', async () => {
    const cancelled = awb(sandbox.parcels.find('selloship', (v) => v.parcel.lifecycle === 'cancelled')!);
    await expect(selloshipTracking.label!(session(), cancelled)).rejects.toMatchObject({
      kind: 'request',
      message: `Selloship gave no label for AWB ${cancelled}: download it from the Selloship panel`,
    });
    await expect(selloshipTracking.label!(session(), 'SLSC9999999999')).rejects.toMatchObject({
      kind: 'request',
      message: 'Selloship does not know the AWB SLSC9999999999: check the number in the Selloship panel',
    });
  });
});
