import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';

/**
 * What the Selloship sandbox refuses (docs/providers.md §8: Unicommerce's shipper specification),
 * each in the specification's FAILED + message shape. UNVERIFIED: Selloship's own words and
 * statuses for these refusals are not published; the sandbox's are its own.
 */

let sandbox: Sandbox;
let base: string;
let token: string;

const signIn = (body: unknown) =>
  fetch(`${base}/authToken`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }).then(async (r) => ({
    status: r.status,
    body: (await r.json()) as Record<string, unknown>,
  }));

const track = (query: string, options: { method?: string; authorization?: string } = {}) =>
  fetch(`${base}/waybillDetails?${query}`, {
    method: options.method ?? 'GET',
    headers: options.authorization === undefined ? { authorization: token } : options.authorization ? { authorization: options.authorization } : {},
  }).then(async (r) => ({ status: r.status, body: (await r.json()) as { Status?: string; message?: string; waybillDetails: Array<{ waybill: string }> } }));

const awbs = (n: number) => Array.from({ length: n }, (_, i) => sandbox.parcels.awb('selloship', i));

beforeAll(async () => {
  sandbox = await startSandbox({ orders: 10, parcels: { size: 200 } });
  base = sandbox.env.SELLOSHIP_BASE_URL!;
  token = (await signIn(SANDBOX_CREDENTIALS.selloship)).body.token as string;
});
afterAll(() => sandbox.stop());

describe('sign-in', () => {
  it('gives a token for the seller’s login, and INVALID_CREDENTIALS for any other', async () => {
    expect((await signIn(SANDBOX_CREDENTIALS.selloship)).body).toEqual({ status: 'SUCCESS', token: expect.any(String) });
    expect(await signIn({ ...SANDBOX_CREDENTIALS.selloship, password: 'wrong' })).toEqual({
      status: 200,
      body: { status: 'INVALID_CREDENTIALS', message: 'Invalid username or password' },
    });
    expect((await signIn({})).body.status).toBe('INVALID_CREDENTIALS');
  });

  it('refuses every login and token while revoked', async () => {
    sandbox.revoke();
    try {
      expect((await signIn(SANDBOX_CREDENTIALS.selloship)).body.status).toBe('INVALID_CREDENTIALS');
      expect((await track(`waybills=${awbs(1)}`)).status).toBe(401);
    } finally {
      sandbox.restore();
    }
  });
});

describe('tracking', () => {
  it('takes 50 waybills, quoted or not, and refuses 51', async () => {
    const ok = await track(`waybills=${encodeURIComponent(`"${awbs(50).join(',')}"`)}`);
    expect(ok.status).toBe(200);
    expect(ok.body.Status).toBe('SUCCESS');
    expect(ok.body.waybillDetails.map((d) => d.waybill)).toEqual(awbs(50));
    expect((await track(`waybill=${awbs(3).join(',')}`)).body.waybillDetails).toHaveLength(3);
    expect(await track(`waybills=${awbs(51).join(',')}`)).toEqual({
      status: 200,
      body: { Status: 'FAILED', message: 'Maximum 50 waybills allowed per request', waybillDetails: [] },
    });
  });

  it('refuses a call without waybills', async () => {
    expect((await track('waybills=')).body).toEqual({ Status: 'FAILED', message: 'waybills is required', waybillDetails: [] });
  });

  it('refuses a missing, a forged or a Bearer-prefixed token with 401', async () => {
    const refused = { status: 401, body: { Status: 'FAILED', message: 'Invalid or expired token', waybillDetails: [] } };
    expect(await track(`waybills=${awbs(1)}`, { authorization: '' })).toEqual(refused);
    expect(await track(`waybills=${awbs(1)}`, { authorization: 'forged' })).toEqual(refused);
    expect(await track(`waybills=${awbs(1)}`, { authorization: `Bearer ${token}` })).toEqual(refused);
  });

  it('takes only the methods it is set to: GET by the specification', async () => {
    expect(await track(`waybills=${awbs(1)}`, { method: 'POST' })).toEqual({
      status: 405,
      body: { Status: 'FAILED', message: "Request method 'POST' not supported", waybillDetails: [] },
    });
    sandbox.selloship.trackingMethods = ['POST'];
    try {
      expect((await track(`waybills=${awbs(1)}`)).status).toBe(405);
      expect((await track(`waybills=${awbs(1)}`, { method: 'POST' })).status).toBe(200);
    } finally {
      sandbox.selloship.trackingMethods = ['GET'];
    }
  });

  it('leaves out waybills it never issued', async () => {
    const { body } = await track(`waybills=SLSC9999999999,1490000000001,${awbs(1)}`);
    expect(body.waybillDetails.map((d) => d.waybill)).toEqual(awbs(1));
  });
});

describe('labels', () => {
  it('serves the PDF an answer links to, and 404 for a cancelled or unknown parcel', async () => {
    const cancelled = sandbox.parcels.awb(
      'selloship',
      sandbox.parcels.find('selloship', (v) => v.parcel.lifecycle === 'cancelled')!,
    );
    expect((await fetch(`${base}/label/${cancelled}.pdf`)).status).toBe(404);
    expect((await fetch(`${base}/label/SLSC9999999999.pdf`)).status).toBe(404);
  });
});
