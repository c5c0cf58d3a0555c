import type { ParcelScan, ParcelStage, ParcelView } from './parcels.js';

/**
 * The parcel book in Delhivery's words (docs/providers.md §7.3, §7.4, §7.6), written apart from
 * Sutra's Delhivery client so tests check the client rather than agree with it.
 */

interface DelhiveryWords {
  type: string;
  status: string;
  code: string;
  instructions: string;
}

/**
 * Each stage's StatusType, Status, scan code and Instructions. X-UCI, X-PPOM, X-DDD3FD and EOD-38
 * are codes seen in Delhivery's answers (§7.3); the StatusType/Status pairs are §7.4's tables.
 * UNVERIFIED, the sandbox's own: the other codes and texts, the lost parcel's LT/Lost (§7.4 names
 * the stage, not its strings; LT is an aggregator's [3P]), and a cancelled parcel, rendered as
 * §7.4 says a cancel before pickup stays: UD/Manifested.
 */
const WORDS: Record<Exclude<ParcelStage, 'failed_attempt'>, DelhiveryWords> = {
  manifested: { type: 'UD', status: 'Manifested', code: 'X-UCI', instructions: 'Manifest uploaded' },
  picked_up: { type: 'UD', status: 'In Transit', code: 'X-PPOM', instructions: 'Shipment picked up' },
  in_transit: { type: 'UD', status: 'In Transit', code: 'X-ILL2F', instructions: 'Shipment in transit' },
  reached_destination: { type: 'UD', status: 'Pending', code: 'X-IBD3F', instructions: 'Shipment received at facility' },
  out_for_delivery: { type: 'UD', status: 'Dispatched', code: 'X-DDD3FD', instructions: 'Out for delivery' },
  delivered: { type: 'DL', status: 'Delivered', code: 'EOD-38', instructions: 'Delivered to consignee' },
  rto_initiated: { type: 'RT', status: 'In Transit', code: 'RT-101', instructions: 'Returned as per client instructions' },
  rto_in_transit: { type: 'RT', status: 'In Transit', code: 'RT-110', instructions: 'Shipment in transit to origin' },
  rto_out_for_delivery: { type: 'RT', status: 'Dispatched', code: 'RT-DDD', instructions: 'Out for delivery to origin' },
  rto_delivered: { type: 'DL', status: 'RTO', code: 'RD-AC', instructions: 'Shipment returned to origin' },
  lost: { type: 'LT', status: 'Lost', code: 'LT-100', instructions: 'Shipment lost' },
  cancelled: { type: 'UD', status: 'Manifested', code: 'X-UCI', instructions: 'Shipment cancelled by client' },
};

function words(scan: ParcelScan): DelhiveryWords {
  if (scan.stage === 'failed_attempt') return { type: 'UD', status: 'Pending', code: scan.ndr!.code, instructions: scan.ndr!.reason };
  return WORDS[scan.stage];
}

/** A time as Delhivery writes it: IST, no offset, milliseconds (§7.3). */
export function istTime(at: Date): string {
  return new Date(at.getTime() + 330 * 60_000).toISOString().replace('Z', '');
}

const rupeesNumber = (paise: number) => paise / 100;

/** One parcel as `GET /api/v1/packages/json/` answers it: `{ "Shipment": { … } }` (§7.3). */
export function trackedShipment(view: ParcelView): Record<string, unknown> {
  const { parcel, scans, current } = view;
  const now = words(current);
  const first = (stage: ParcelStage) => scans.find((s) => s.stage === stage);
  const pickedUp = first('picked_up');
  const firstAttempt = scans.find((s) => s.stage === 'failed_attempt' || s.stage === 'delivered');
  const delivered = first('delivered');
  const rtoStarted = first('rto_initiated');
  const returned = first('rto_delivered');
  const promised = istTime(new Date(parcel.manifestedAt.getTime() + 4 * 86_400_000)).slice(0, 10) + 'T23:59:59';
  return {
    Shipment: {
      AWB: parcel.awb,
      ReferenceNo: parcel.orderRef,
      OrderType: parcel.cod ? 'COD' : 'Pre-paid',
      CODAmount: rupeesNumber(parcel.codPaise),
      InvoiceAmount: rupeesNumber(parcel.invoicePaise),
      PickUpDate: istTime(parcel.manifestedAt),
      PickedupDate: pickedUp ? istTime(pickedUp.at) : null,
      Origin: parcel.plan[0]!.location,
      Destination: parcel.destinationCity,
      ExpectedDeliveryDate: promised,
      PromisedDeliveryDate: promised,
      FirstAttemptDate: firstAttempt ? istTime(firstAttempt.at) : null,
      DeliveryDate: delivered ? istTime(delivered.at) : null,
      RTOStartedDate: rtoStarted ? istTime(rtoStarted.at) : null,
      ReturnedDate: returned ? istTime(returned.at) : null,
      ReverseInTransit: false,
      DispatchCount: scans.filter((s) => s.stage === 'out_for_delivery').length,
      ChargedWeight: parcel.weightGrams,
      Consignee: {
        City: parcel.destinationCity,
        State: parcel.destinationState,
        PinCode: Number(parcel.destinationPincode),
        Country: 'India',
        Name: 'Sandbox Buyer',
      },
      Status: {
        Status: now.status,
        StatusType: now.type,
        StatusCode: now.code,
        StatusDateTime: istTime(current.at),
        StatusLocation: current.location,
        Instructions: now.instructions,
        RecievedBy: current.stage === 'delivered' ? 'Sandbox Buyer' : '',
      },
      Scans: scans.map((s) => {
        const w = words(s);
        return {
          ScanDetail: {
            Scan: w.status,
            ScanType: w.type,
            StatusCode: w.code,
            Instructions: w.instructions,
            ScanDateTime: istTime(s.at),
            StatusDateTime: istTime(s.at),
            ScannedLocation: s.location,
          },
        };
      }),
    },
  };
}

/** One scan as Delhivery's scan push sends it (§7.6 sample). */
export function pushedScan(view: ParcelView, scan: ParcelScan): Record<string, unknown> {
  const w = words(scan);
  return {
    Shipment: {
      Status: { Status: w.status, StatusDateTime: istTime(scan.at), StatusType: w.type, StatusLocation: scan.location, Instructions: w.instructions },
      PickUpDate: istTime(view.parcel.manifestedAt),
      NSLCode: w.code,
      Sortcode: 'GGN/BLP',
      ReferenceNo: view.parcel.orderRef,
      AWB: view.parcel.awb,
    },
  };
}

/** The current code and failed attempts of a parcel, as Delhivery's NDR rules read them (§7.5). */
export function ndrState(view: ParcelView): { code: string; type: string; attempts: number } {
  const w = words(view.current);
  return { code: w.code, type: w.type, attempts: view.attempts };
}
