import { InputError, ProviderError } from '../../src/domain/errors.js';
import { createLogger } from '../../src/logger.js';
import { createOrderBody } from '../../src/providers/delhivery/booking.js';
import { delhiveryLogistics } from '../../src/providers/delhivery/logistics.js';
import type { ParcelBooking, SyncSession } from '../../src/providers/types.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';
import { testConfig } from '../support/env.js';

/** Booking a Delhivery parcel (docs/providers.md §7.2): the create call's body, and the sandbox's answer to it. */

const parcel = (over: Partial<ParcelBooking> = {}): ParcelBooking => ({
  orderRef: '#1042',
  recipient: {
    name: 'Asha Rao',
    phone: '9876543210',
    address: 'Flat 4B, Lake View Apartments, Indiranagar',
    city: 'Bengaluru',
    state: 'Karnataka',
    pincode: '560038',
    country: 'India',
  },
  cod: true,
  codAmount: '1299.50',
  totalAmount: '1299.50',
  productsDescription: 'Salt & Pepper Mill; Oak',
  quantity: 2,
  weightGrams: 750,
  ...over,
});

const decode = (body: string) => {
  expect(body.startsWith('format=json&data=')).toBe(true);
  return JSON.parse(new URLSearchParams(body).get('data')!) as { shipments: Array<Record<string, unknown>>; pickup_location: { name: string } };
};

describe('the create call’s body', () => {
  it('is format=json&data={…} with one shipment from the registered warehouse, money to the paisa', () => {
    const body = createOrderBody('Sutra Sandbox Warehouse', parcel());
    const data = decode(body);
    expect(data.pickup_location).toEqual({ name: 'Sutra Sandbox Warehouse' });
    expect(data.shipments).toEqual([
      {
        name: 'Asha Rao',
        add: 'Flat 4B, Lake View Apartments, Indiranagar',
        pin: '560038',
        city: 'Bengaluru',
        state: 'Karnataka',
        country: 'India',
        phone: '9876543210',
        // Sutra's own reference and the catalog's titles lose the characters Delhivery refuses.
        order: '1042',
        payment_mode: 'COD',
        cod_amount: 1299.5,
        total_amount: 1299.5,
        products_desc: 'Salt Pepper Mill Oak',
        quantity: 2,
        weight: 750,
        shipping_mode: 'Surface',
      },
    ]);
    expect(new URLSearchParams(body).get('data')).not.toMatch(/[&#%;\\]/);
  });

  it('sends a prepaid parcel with nothing to collect', () => {
    const [shipment] = decode(createOrderBody('W', parcel({ cod: false, codAmount: '0', weightGrams: undefined }))).shipments;
    expect(shipment).toMatchObject({ payment_mode: 'Prepaid', cod_amount: 0, total_amount: 1299.5 });
    expect(shipment).not.toHaveProperty('weight');
  });

  it('refuses a recipient field holding & # % ; or \\, naming the field, rather than change an address', () => {
    for (const [field, value] of [
      ['address', '#12, 3rd Cross'],
      ['name', 'Rao & Sons'],
      ['address', 'Block C\\D'],
    ] as const) {
      const bad = parcel();
      bad.recipient = { ...bad.recipient, [field]: value };
      let err: unknown;
      try {
        createOrderBody('W', bad);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InputError);
      expect((err as InputError).field).toBe(`recipient.${field}`);
      expect((err as Error).message).toMatch(/Delhivery does not accept/);
    }
  });

  it('refuses an order reference longer than 50 characters', () => {
    expect(() => createOrderBody('W', parcel({ orderRef: 'x'.repeat(51) }))).toThrow(/1 to 50 characters/);
  });
});

describe('booking against the sandbox', () => {
  let sandbox: Sandbox;
  const session = (credentials: Record<string, string> = { ...SANDBOX_CREDENTIALS.delhivery }): SyncSession => ({
    credentials,
    firstSyncFrom: new Date(0),
    endpoints: testConfig(sandbox.env).providers,
    log: createLogger({ level: 'silent', pretty: false }),
  });
  beforeAll(async () => {
    sandbox = await startSandbox({ orders: 10, parcels: { size: 1_000 } });
  });
  afterAll(() => sandbox.stop());

  it('answers a new AWB the parcel book tracks, with its label', async () => {
    const booked = await delhiveryLogistics.book!(session(), parcel({ orderRef: 'SB-1' }));
    expect(booked.trackingNumber).toMatch(/^\d{14}$/);
    expect(booked.labelUrl).toMatch(new RegExp(`/packing-slips/${booked.trackingNumber}\\.pdf`));
    const view = sandbox.parcels.view('delhivery', booked.trackingNumber)!;
    expect(view.parcel).toMatchObject({ orderRef: 'SB-1', cod: true, codPaise: 129_950, destinationPincode: '560038', weightGrams: 750 });
    expect(view.current.stage).toBe('manifested');
    const tracked = await delhiveryLogistics.track(session(), [booked.trackingNumber]);
    expect(tracked.map((t) => t.trackingNumber)).toEqual([booked.trackingNumber]);
  });

  it('refuses the same order twice, an unknown pickup location, and a body without the prefix, in Delhivery’s words', async () => {
    await delhiveryLogistics.book!(session(), parcel({ orderRef: 'SB-2' }));
    const twice = await delhiveryLogistics.book!(session(), parcel({ orderRef: 'SB-2' })).catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(ProviderError);
    expect((twice as Error).message).toMatch(/Delhivery refused the booking of order SB-2.*Duplicate order id/);
    const elsewhere = await delhiveryLogistics.book!(
      session({ ...SANDBOX_CREDENTIALS.delhivery, pickup_location: 'sutra sandbox warehouse' }),
      parcel({ orderRef: 'SB-3' }),
    ).catch((e: unknown) => e);
    expect((elsewhere as Error).message).toMatch(/ClientWarehouse matching query does not exist/);
    expect(sandbox.parcels.bookedFor('delhivery', 'SB-3')).toBeUndefined();

    const res = await fetch(`${sandbox.env.DELHIVERY_BASE_URL}/api/cmu/create.json`, {
      method: 'POST',
      headers: { authorization: `Token ${SANDBOX_CREDENTIALS.delhivery.api_token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ shipments: [], pickup_location: { name: SANDBOX_CREDENTIALS.delhivery.pickup_location } }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ success: false, rmk: expect.stringMatching(/format key missing/) });
  });
});
