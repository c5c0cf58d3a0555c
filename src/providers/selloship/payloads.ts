import { z } from 'zod';

/**
 * Selloship's answers as Unicommerce's shipper specification gives them (docs/providers.md §8).
 * Fields are loose (optional, passed through) because Selloship documents none of its own.
 */

const text = z.union([z.string(), z.number()]).transform(String);

/** POST /authToken. */
export const loginAnswer = z.object({
  status: z.string().optional(),
  Status: z.string().optional(),
  token: z.string().optional(),
  message: z.string().optional(),
});

/** One entry of `waybillDetails`. */
export const waybillDetail = z
  .object({
    waybill: text,
    currentStatus: z.string().nullish(),
    statusDate: z.string().nullish(),
    current_sub_status: z.string().nullish(),
    current_status_remark: z.string().nullish(),
    shipping_provider: z.string().nullish(),
    current_location: z.string().nullish(),
    current_pincode: text.nullish(),
    current_city: z.string().nullish(),
    current_state: z.string().nullish(),
    expected_date_of_delivery: z.string().nullish(),
    promised_date_of_delivery: z.string().nullish(),
    payment_type: z.string().nullish(),
    weight: text.nullish(),
  })
  .passthrough();

export type WaybillDetail = z.infer<typeof waybillDetail>;

/** GET /waybillDetails: `status` or `Status`, the details, and on a refusal the reason in `message`. */
export const waybillDetailsAnswer = z.object({
  status: z.string().optional(),
  Status: z.string().optional(),
  message: z.string().nullish(),
  waybillDetails: z.array(waybillDetail).nullish(),
});

/** The words of any Selloship answer that says why (`message`, or the cancel answer's `errorMessage`). */
export const errorWords = z.object({ message: z.unknown(), errorMessage: z.unknown() }).partial();
