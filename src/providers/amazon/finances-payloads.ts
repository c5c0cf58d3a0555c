import { z } from 'zod';

/**
 * SP-API Finances v2024-06-19 `listTransactions` payloads (docs/providers.md §2.5; the definitions of
 * models/finances-api-model/finances_2024-06-19.json in amzn/selling-partner-api-models @34dc93f),
 * checked at the edge. Only what Sutra reads is declared; unknown fields pass through. The model marks
 * no field required, and real answers carry `null` where the model has nothing (airbytehq/airbyte's
 * recorded listTransactions answer: `"transactionStatus": null`, `"breakdowns": null`), so every
 * field is nullish.
 */

/**
 * `Currency`: `currencyAmount` is a `BigDecimal`, "a signed decimal number", sent as a JSON number
 * (the model's examples: `"currencyAmount": 10`); read as a number or a string and kept exact by
 * going through its decimal text, never summed as a float.
 */
export const financesMoney = z.object({
  currencyAmount: z.union([z.number(), z.string()]).nullish(),
  currencyCode: z.string().nullish(),
});

export interface FinancesBreakdown {
  breakdownType?: string | null;
  breakdownAmount?: z.infer<typeof financesMoney> | null;
  breakdowns?: FinancesBreakdown[] | null;
}

/** `Breakdown`: a type ("AmazonFees", "Commission", "Base", "Tax", …: free strings, no enum), its amount and its parts. */
export const financesBreakdown: z.ZodType<FinancesBreakdown> = z.lazy(() =>
  z.object({
    breakdownType: z.string().nullish(),
    breakdownAmount: financesMoney.nullish(),
    breakdowns: z.array(financesBreakdown).nullish(),
  }),
);

/** `RelatedIdentifier`: ORDER_ID, SHIPMENT_ID, FINANCIAL_EVENT_GROUP_ID, REFUND_ID, … (an enum in the model, read as a string). */
const relatedIdentifier = z.object({ relatedIdentifierName: z.string().nullish(), relatedIdentifierValue: z.string().nullish() });

export const financesItem = z.object({
  description: z.string().nullish(),
  totalAmount: financesMoney.nullish(),
  breakdowns: z.array(financesBreakdown).nullish(),
});

export const financesTransaction = z.object({
  transactionId: z.string().nullish(),
  /** "Shipment" in the model; real answers also carry "Refund", "ServiceFee", … */
  transactionType: z.string().nullish(),
  /** DEFERRED, RELEASED, DEFERRED_RELEASED (model); real answers spell them "Released", or null. */
  transactionStatus: z.string().nullish(),
  description: z.string().nullish(),
  postedDate: z.string().nullish(),
  relatedIdentifiers: z.array(relatedIdentifier).nullish(),
  totalAmount: financesMoney.nullish(),
  items: z.array(financesItem).nullish(),
  breakdowns: z.array(financesBreakdown).nullish(),
});

export const listTransactionsResponse = z.object({
  payload: z
    .object({
      // "Note that this operation can return empty pages" (model): an absent list is an empty page.
      transactions: z.array(financesTransaction).nullish(),
      nextToken: z.string().nullish(),
    })
    .nullish(),
});

export type FinancesTransaction = z.infer<typeof financesTransaction>;
