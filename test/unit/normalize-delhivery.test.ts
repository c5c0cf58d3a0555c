import { ShipmentStatus } from '../../src/domain/enums.js';
import { delhiveryStatus, normalizeTracking } from '../../src/providers/delhivery/normalize.js';
import { trackingAnswer } from '../../src/providers/delhivery/payloads.js';
import { scanPush, scanPushKey } from '../../src/providers/delhivery/scan-push.js';

/** Delhivery's tracking and scan push read into the common shape (docs/providers.md §7.3, §7.4, §7.6). */

// The tracking answer of docs/providers.md §7.3, as published (Consignee name and some locations trimmed there).
const SAMPLE = {
  ShipmentData: [
    {
      Shipment: {
        AWB: '38261910000346',
        ReferenceNo: '885',
        OrderType: 'COD',
        CODAmount: 3400,
        InvoiceAmount: 58410,
        PickUpDate: '2025-07-14T16:52:49',
        PickedupDate: '2025-07-14T16:52:49',
        Origin: 'Noida_Bairangpur_GW (Uttar Pradesh)',
        Destination: 'Ajmer',
        ExpectedDeliveryDate: '2025-07-17T23:59:59',
        PromisedDeliveryDate: '2025-07-17T23:59:59',
        FirstAttemptDate: '2025-07-16T12:36:45',
        DeliveryDate: '2025-07-16T19:49:53.002',
        RTOStartedDate: null,
        ReturnedDate: null,
        ReverseInTransit: false,
        DispatchCount: 1,
        Consignee: { City: 'Ajmer', State: 'Rajasthan', PinCode: 305001, Country: 'India', Name: '…' },
        Status: {
          Status: 'Delivered',
          StatusType: 'DL',
          StatusCode: 'EOD-38',
          StatusDateTime: '2025-07-16T19:49:53.002',
          StatusLocation: 'Ajmer_Ratanzila_I (Rajasthan)',
          Instructions: 'Delivered to consignee',
          RecievedBy: '',
        },
        Scans: [
          {
            ScanDetail: {
              Scan: 'Manifested',
              ScanType: 'UD',
              StatusCode: 'X-UCI',
              Instructions: 'Manifest uploaded',
              ScanDateTime: '2025-07-14T11:37:21.053',
              StatusDateTime: '2025-07-14T11:37:21.053',
              ScannedLocation: 'Noida_Bairangpur_GW (Uttar Pradesh)',
            },
          },
          {
            ScanDetail: {
              Scan: 'In Transit',
              ScanType: 'UD',
              StatusCode: 'X-PPOM',
              Instructions: 'Shipment picked up',
              ScanDateTime: '2025-07-14T16:52:49',
              ScannedLocation: '…',
            },
          },
          {
            ScanDetail: {
              Scan: 'Dispatched',
              ScanType: 'UD',
              StatusCode: 'X-DDD3FD',
              Instructions: 'Out for delivery',
              ScanDateTime: '2025-07-16T12:36:45.77',
              ScannedLocation: '…',
            },
          },
        ],
      },
    },
  ],
};

const shipmentOf = (body: unknown) => trackingAnswer.parse(body).ShipmentData![0]!.Shipment;

describe('the tracking answer of §7.3', () => {
  const update = normalizeTracking(shipmentOf(SAMPLE));

  it('is a delivered parcel with its scans, read in Indian time', () => {
    expect(update).toMatchObject({
      trackingNumber: '38261910000346',
      status: ShipmentStatus.DELIVERED,
      rawStatus: 'DL/Delivered',
      attempts: 0,
      destinationPincode: '305001',
    });
    expect(update.lastFailedAttempt).toBeUndefined();
    expect(update.events.map((e) => [e.at.toISOString(), e.status, e.code, e.failedAttempt])).toEqual([
      ['2025-07-14T06:07:21.053Z', ShipmentStatus.CREATED, 'X-UCI', undefined],
      ['2025-07-14T11:22:49.000Z', ShipmentStatus.PICKED_UP, 'X-PPOM', undefined],
      ['2025-07-16T07:06:45.770Z', ShipmentStatus.OUT_FOR_DELIVERY, 'X-DDD3FD', undefined],
    ]);
    expect(update.events[0]!.location).toBe('Noida_Bairangpur_GW (Uttar Pradesh)');
  });
});

describe('every StatusType/Status pair of §7.4', () => {
  it.each([
    // Forward table.
    ['UD', 'Manifested', ShipmentStatus.CREATED],
    ['UD', 'Not Picked', ShipmentStatus.CREATED],
    ['UD', 'In Transit', ShipmentStatus.IN_TRANSIT],
    ['UD', 'Pending', ShipmentStatus.IN_TRANSIT],
    ['UD', 'Scheduled', ShipmentStatus.IN_TRANSIT],
    ['UD', 'Dispatched', ShipmentStatus.OUT_FOR_DELIVERY],
    ['DL', 'Delivered', ShipmentStatus.DELIVERED],
    // Return to origin: the RT leg says In Transit too; DL with RTO is back with the seller.
    ['RT', 'In Transit', ShipmentStatus.RTO_INITIATED],
    ['RT', 'Pending', ShipmentStatus.RTO_INITIATED],
    ['RT', 'Dispatched', ShipmentStatus.RTO_INITIATED],
    ['DL', 'RTO', ShipmentStatus.RTO_DELIVERED],
    // Reverse pickups (RVP).
    ['PP', 'Open', ShipmentStatus.CREATED],
    ['PP', 'Scheduled', ShipmentStatus.CREATED],
    ['PP', 'Dispatched', ShipmentStatus.CREATED],
    ['PU', 'In Transit', ShipmentStatus.IN_TRANSIT],
    ['PU', 'Pending', ShipmentStatus.IN_TRANSIT],
    ['PU', 'Dispatched', ShipmentStatus.IN_TRANSIT],
    ['DL', 'DTO', ShipmentStatus.RTO_DELIVERED],
    ['CN', 'Canceled', ShipmentStatus.CANCELLED],
    ['CN', 'Closed', ShipmentStatus.CANCELLED],
    // The closed statuses of §7.4 not in a table row, and the aggregators' lost type.
    ['UD', 'Cancelled', ShipmentStatus.CANCELLED],
    ['DL', 'Collected', ShipmentStatus.DELIVERED],
    ['LT', 'Lost', ShipmentStatus.LOST],
  ])('%s/%s is %s', (type, status, expected) => {
    expect(delhiveryStatus(type, status)).toBe(expected);
  });

  it('reads a DL whose Status is RTO as returned, not delivered, in a whole answer too', () => {
    const rto = structuredClone(SAMPLE);
    Object.assign(rto.ShipmentData[0]!.Shipment.Status, { Status: 'RTO', StatusType: 'DL', StatusCode: 'RD-AC' });
    expect(normalizeTracking(shipmentOf(rto))).toMatchObject({ status: ShipmentStatus.RTO_DELIVERED, rawStatus: 'DL/RTO' });
  });
});

describe('failed delivery attempts (NDR scans)', () => {
  const scan = (Scan: string, ScanType: string, StatusCode: string, ScanDateTime: string, Instructions = '') => ({
    ScanDetail: { Scan, ScanType, StatusCode, Instructions, ScanDateTime, ScannedLocation: 'Ajmer_Ratanzila_I (Rajasthan)' },
  });
  const ndrAnswer = (instructions: string) => {
    const body = structuredClone(SAMPLE);
    const s = body.ShipmentData[0]!.Shipment;
    s.Scans = [
      ...s.Scans,
      scan('Pending', 'UD', 'EOD-11', '2025-07-16T14:10:00', 'Consignee unavailable'),
      scan('Dispatched', 'UD', 'X-DDD3FD', '2025-07-17T10:00:00', 'Out for delivery'),
      scan('Pending', 'UD', 'EOD-74', '2025-07-17T13:05:00', instructions),
    ] as typeof s.Scans;
    Object.assign(s.Status, { Status: 'Pending', StatusType: 'UD', StatusCode: 'EOD-74', StatusDateTime: '2025-07-17T13:05:00', Instructions: instructions });
    return body;
  };

  it('counts each one and keeps the last with its code and Delhivery’s reason', () => {
    const update = normalizeTracking(shipmentOf(ndrAnswer('Bad address: house number missing')));
    expect(update).toMatchObject({
      status: ShipmentStatus.IN_TRANSIT,
      rawStatus: 'UD/Pending',
      attempts: 2,
      lastFailedAttempt: { at: new Date('2025-07-17T07:35:00Z'), code: 'EOD-74', reason: 'Bad address: house number missing' },
    });
    expect(update.events.filter((e) => e.failedAttempt).map((e) => e.code)).toEqual(['EOD-11', 'EOD-74']);
  });

  it('gives the code’s reason when Delhivery sent no text', () => {
    expect(normalizeTracking(shipmentOf(ndrAnswer(''))).lastFailedAttempt?.reason).toBe('Address incomplete or incorrect');
  });

  it('counts a failed attempt that is the current status though the scans were trimmed before it', () => {
    const body = ndrAnswer('Consignee not reachable');
    body.ShipmentData[0]!.Shipment.Scans = body.ShipmentData[0]!.Shipment.Scans.slice(0, 3);
    expect(normalizeTracking(shipmentOf(body))).toMatchObject({ attempts: 1, lastFailedAttempt: { code: 'EOD-74', reason: 'Consignee not reachable' } });
  });
});

describe('the scan push of §7.6', () => {
  // The sample of docs/providers.md §7.6, its elided fields filled.
  const SAMPLE_PUSH = {
    Shipment: {
      Status: {
        Status: 'Manifested',
        StatusDateTime: '2019-01-09T17:10:42.767',
        StatusType: 'UD',
        StatusLocation: 'Chandigarh_Raiprmkt_DC (Chandigarh)',
        Instructions: 'Manifest uploaded',
      },
      PickUpDate: '2019-01-09T17:10:42.767',
      NSLCode: 'X-UCI',
      Sortcode: 'IXC/MDP',
      ReferenceNo: '28',
      AWB: '1490000000001',
    },
  };

  it('reads the sample as one scan of its parcel', () => {
    const read = scanPush(SAMPLE_PUSH);
    expect(read).toEqual({
      updates: [
        {
          trackingNumber: '1490000000001',
          status: ShipmentStatus.CREATED,
          rawStatus: 'UD/Manifested',
          events: [
            {
              at: new Date('2019-01-09T11:40:42.767Z'),
              status: ShipmentStatus.CREATED,
              rawStatus: 'UD/Manifested',
              location: 'Chandigarh_Raiprmkt_DC (Chandigarh)',
              code: 'X-UCI',
              failedAttempt: undefined,
            },
          ],
          lastFailedAttempt: undefined,
        },
      ],
    });
  });

  it('reads a pushed failed attempt with its code and reason, and an RTO as returned', () => {
    const ndr = structuredClone(SAMPLE_PUSH);
    Object.assign(ndr.Shipment.Status, { Status: 'Pending', Instructions: 'Consignee refused to accept' });
    ndr.Shipment.NSLCode = 'EOD-6';
    const rto = structuredClone(SAMPLE_PUSH);
    Object.assign(rto.Shipment.Status, { Status: 'RTO', StatusType: 'DL' });
    const read = scanPush([ndr, rto]);
    expect('updates' in read && read.updates.map((u) => [u.status, u.lastFailedAttempt?.code, u.lastFailedAttempt?.reason])).toEqual([
      [ShipmentStatus.IN_TRANSIT, 'EOD-6', 'Consignee refused to accept'],
      [ShipmentStatus.RTO_DELIVERED, undefined, undefined],
    ]);
  });

  it('keys a resend of one scan the same, and another scan differently', () => {
    const later = structuredClone(SAMPLE_PUSH);
    later.Shipment.Status.StatusDateTime = '2019-01-09T18:00:00';
    expect(scanPushKey(structuredClone(SAMPLE_PUSH))).toBe(scanPushKey(SAMPLE_PUSH));
    expect(scanPushKey(later)).not.toBe(scanPushKey(SAMPLE_PUSH));
  });

  it('says why a body is not Delhivery’s', () => {
    expect(scanPush({ orders: [] })).toEqual({ error: expect.stringMatching(/^not a Delhivery scan push: Shipment/) });
    expect(scanPushKey({ orders: [] })).toBeUndefined();
  });
});
