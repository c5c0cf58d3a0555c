import { ShipmentStatus } from '../../src/domain/enums.js';
import { labelUrl, parseStatusDate, statusMeaning, trackingUpdate } from '../../src/providers/selloship/normalize.js';
import { waybillDetail } from '../../src/providers/selloship/payloads.js';

// The detail of docs/providers.md §8 (Unicommerce's shipper specification and client code), with
// its sample AWB and its statusDate example, `05-Aug-2023 03:52:09` in Indian time.
const sample = (over: Record<string, unknown> = {}) =>
  waybillDetail.parse({
    waybill: 'SLSC1002159720',
    currentStatus: 'IN_TRANSIT',
    statusDate: '05-Aug-2023 03:52:09',
    current_sub_status: 'In transit',
    current_status_remark: 'Shipment in transit',
    shipping_provider: 'Delhivery',
    current_location: 'Delhi_Mundka_GW (Delhi)',
    current_pincode: '110041',
    current_city: 'Delhi',
    current_state: 'Delhi',
    expected_date_of_delivery: '08-Aug-2023',
    promised_date_of_delivery: '09-Aug-2023',
    payment_type: 'COD',
    weight: '540.0000',
    dimensions: { l: '30', b: '20', h: '10' },
    ...over,
  });

describe('Selloship status words (docs/providers.md §8)', () => {
  // Every word REFERENCE lists: the specification's example and the words client code maps.
  it.each([
    ['PICKUP_PENDING', ShipmentStatus.CREATED],
    ['PICKUP', ShipmentStatus.PICKED_UP],
    ['DISPATCHED', ShipmentStatus.IN_TRANSIT],
    ['SHIPPED', ShipmentStatus.IN_TRANSIT],
    ['IN_TRANSIT', ShipmentStatus.IN_TRANSIT],
    ['OUT_FOR_DELIVERY', ShipmentStatus.OUT_FOR_DELIVERY],
    ['DELIVERED', ShipmentStatus.DELIVERED],
    ['UNDELIVERED', ShipmentStatus.IN_TRANSIT],
    ['RTO_INITIATED', ShipmentStatus.RTO_INITIATED],
    ['RTO', ShipmentStatus.RTO_DELIVERED],
    ['RTO_DONE', ShipmentStatus.RTO_DELIVERED],
    ['LOST', ShipmentStatus.LOST],
    ['CANCELLED', ShipmentStatus.CANCELLED],
  ])('%s is %s, and the parcel carries it with its words', (word, status) => {
    const update = trackingUpdate(sample({ currentStatus: word }));
    expect(update).toMatchObject({ trackingNumber: 'SLSC1002159720', status, rawStatus: word });
    expect(update.events).toEqual([expect.objectContaining({ status, rawStatus: word, at: new Date('2023-08-04T22:22:09.000Z') })]);
    expect(statusMeaning(word).known).toBe(true);
  });

  it('reads the words whatever their case and spacing', () => {
    expect(statusMeaning('Out For Delivery').status).toBe(ShipmentStatus.OUT_FOR_DELIVERY);
    expect(statusMeaning(' rto-done ').status).toBe(ShipmentStatus.RTO_DELIVERED);
    expect(statusMeaning('Canceled').status).toBe(ShipmentStatus.CANCELLED);
  });

  it('keeps a parcel with an unknown word open: an RTO word as a return under way, any other as in transit', () => {
    expect(statusMeaning('RTO_IN_TRANSIT')).toEqual({ status: ShipmentStatus.RTO_INITIATED, known: false });
    expect(statusMeaning('MISROUTED')).toEqual({ status: ShipmentStatus.IN_TRANSIT, known: false });
    expect(trackingUpdate(sample({ currentStatus: 'MISROUTED' }))).toMatchObject({ status: ShipmentStatus.IN_TRANSIT, rawStatus: 'MISROUTED' });
  });
});

describe('a Selloship waybill detail in the common shape', () => {
  it('is one scan at statusDate read as Indian time, where the parcel is, and its weight in grams', () => {
    expect(trackingUpdate(sample())).toEqual({
      trackingNumber: 'SLSC1002159720',
      status: ShipmentStatus.IN_TRANSIT,
      rawStatus: 'IN_TRANSIT',
      events: [{ at: new Date('2023-08-04T22:22:09.000Z'), status: ShipmentStatus.IN_TRANSIT, rawStatus: 'IN_TRANSIT', location: 'Delhi_Mundka_GW (Delhi)' }],
      weightGrams: 540,
    });
  });

  it('reads UNDELIVERED as a failed delivery attempt, with its remark as the reason the seller sees', () => {
    const update = trackingUpdate(
      sample({ currentStatus: 'UNDELIVERED', current_sub_status: 'Delivery attempt failed', current_status_remark: 'Consignee unavailable' }),
    );
    const at = new Date('2023-08-04T22:22:09.000Z');
    expect(update.status).toBe(ShipmentStatus.IN_TRANSIT);
    expect(update.events).toEqual([expect.objectContaining({ at, failedAttempt: true })]);
    expect(update.lastFailedAttempt).toEqual({ at, reason: 'Consignee unavailable' });
    // Selloship gives no count of attempts: the tracking writer counts the failed scans.
    expect(update.attempts).toBeUndefined();
    expect(trackingUpdate(sample({ currentStatus: 'UNDELIVERED', current_status_remark: null })).lastFailedAttempt?.reason).toBe('In transit');
  });

  it('reports no failed attempt for any other status, and no charges (Selloship gives none)', () => {
    for (const word of ['DELIVERED', 'OUT_FOR_DELIVERY', 'RTO_INITIATED']) {
      const update = trackingUpdate(sample({ currentStatus: word }));
      expect(update.lastFailedAttempt).toBeUndefined();
      expect(update.events[0]!.failedAttempt).toBeUndefined();
      expect(update.charges).toBeUndefined();
    }
  });

  it('leaves out a scan it cannot date, and a weight that is not a number', () => {
    const update = trackingUpdate(sample({ statusDate: '2023/08/05', weight: 'NA' }));
    expect(update.events).toEqual([]);
    expect(update.weightGrams).toBeUndefined();
    expect(update.status).toBe(ShipmentStatus.IN_TRANSIT);
  });

  it('takes a numeric waybill and pincode as text', () => {
    expect(trackingUpdate(waybillDetail.parse({ waybill: 1002159720, currentStatus: 'DELIVERED', current_pincode: 110041 })).trackingNumber).toBe('1002159720');
  });
});

describe('statusDate', () => {
  it('is Indian time without an offset, with or without seconds or a time', () => {
    expect(parseStatusDate('05-Aug-2023 03:52:09')).toEqual(new Date('2023-08-04T22:22:09.000Z'));
    expect(parseStatusDate('5-aug-2023 3:52')).toEqual(new Date('2023-08-04T22:22:00.000Z'));
    expect(parseStatusDate('31-Dec-2026')).toEqual(new Date('2026-12-30T18:30:00.000Z'));
  });

  it('is undefined for anything else', () => {
    for (const bad of ['', '2023-08-05T03:52:09Z', '05-Foo-2023 03:52:09', '32-Aug-2023 03:52:09', null, undefined])
      expect(parseStatusDate(bad)).toBeUndefined();
  });
});

describe('the label link', () => {
  it('is the shippingLabel the waybill answer names, when it is a link', () => {
    expect(labelUrl(sample({ shippingLabel: 'https://selloship.com/labels/SLSC1002159720.pdf' }))).toBe('https://selloship.com/labels/SLSC1002159720.pdf');
    expect(labelUrl(sample({ shippingLabel: '' }))).toBeUndefined();
    expect(labelUrl(sample())).toBeUndefined();
  });
});
