import { z } from 'zod';

/**
 * Delhivery's answers as Sutra reads them (docs/providers.md §7.3, §7.5, §7.6). Delhivery
 * publishes no field reference: everything is optional but the AWB and the status, and
 * unknown fields pass, since Delhivery "can add fields" (§7.6).
 */

/** Times come in IST without an offset ("2025-07-16T19:49:53.002", §7.3). */
const time = z.string().min(1);
const text = z.string().nullish();

export const scanDetail = z.looseObject({
  Scan: z.string(),
  ScanType: z.string(),
  StatusCode: text,
  Instructions: text,
  ScanDateTime: time,
  StatusDateTime: text,
  ScannedLocation: text,
});
export type ScanDetail = z.infer<typeof scanDetail>;

export const shipmentStatus = z.looseObject({
  Status: z.string(),
  StatusType: z.string(),
  StatusCode: text,
  StatusDateTime: time,
  StatusLocation: text,
  Instructions: text,
});
export type ShipmentStatusBody = z.infer<typeof shipmentStatus>;

export const trackedShipment = z.looseObject({
  AWB: z.union([z.string().min(1), z.number().int()]).transform(String),
  ReferenceNo: text,
  OrderType: text,
  DispatchCount: z.number().nullish(),
  Consignee: z.looseObject({ PinCode: z.union([z.number().int(), z.string()]).nullish() }).nullish(),
  Status: shipmentStatus,
  Scans: z.array(z.looseObject({ ScanDetail: scanDetail })).nullish(),
});
export type TrackedShipment = z.infer<typeof trackedShipment>;

/**
 * `GET /api/v1/packages/json/` (§7.3). UNVERIFIED: for AWBs Delhivery does not know it is thought to
 * leave them out, with an `Error` text when it found none; both are read as "no update".
 */
export const trackingAnswer = z.looseObject({
  ShipmentData: z.array(z.looseObject({ Shipment: trackedShipment })).nullish(),
  Error: text,
});

/** `GET /api/p/packing_slip?pdf=true` (§7.2): an S3 link per package found. */
export const packingSlipAnswer = z.looseObject({
  packages: z.array(z.looseObject({ wbn: z.union([z.string(), z.number()]).transform(String).nullish(), pdf_download_link: text })).nullish(),
  packages_found: z.number().nullish(),
});

/**
 * `POST /api/p/update` (§7.5) answers an UPL id. UNVERIFIED name of its field: `request_id` as in
 * Delhivery's other asynchronous answers; `upl` and `UPL` are read too.
 */
export const ndrAnswer = z.looseObject({ request_id: text, upl: text, UPL: text, error: text, Error: text });

/**
 * The scan push (§7.6): one `{ "Shipment": { Status, NSLCode, AWB, … } }` per scan. UNVERIFIED:
 * whether Delhivery ever sends several in one body; a JSON array of them is read too.
 */
export const pushedScan = z.looseObject({
  Shipment: z.looseObject({
    AWB: z.union([z.string().min(1), z.number().int()]).transform(String),
    Status: shipmentStatus,
    NSLCode: text,
    ReferenceNo: text,
    Sortcode: text,
  }),
});
export type PushedScan = z.infer<typeof pushedScan>;

/**
 * `POST /api/cmu/create.json` (§7.2). UNVERIFIED shape: Delhivery publishes no answer; public
 * clients [3P] read `success`, a remark `rmk` (e.g. "ClientWarehouse matching query does not
 * exist." for an unknown pickup location) and `packages[]` with each parcel's `status`
 * (Success/Fail), `waybill`, `refnum` (the order) and `remarks`.
 */
export const createOrderAnswer = z.looseObject({
  success: z.boolean().nullish(),
  rmk: text,
  upload_wbn: text,
  packages: z
    .array(
      z.looseObject({
        status: text,
        waybill: z.union([z.string(), z.number()]).transform(String).nullish(),
        refnum: text,
        remarks: z.union([z.array(z.string()), z.string()]).nullish(),
      }),
    )
    .nullish(),
});
