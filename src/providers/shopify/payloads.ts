import { z } from 'zod';

/** Admin GraphQL payloads (REFERENCE.md §1.7, §1.11), checked at the edge. Money is a decimal string. */
const amount = z.object({ shopMoney: z.object({ amount: z.string() }) });

export const shopifyLineItem = z.object({
  id: z.string(),
  sku: z.string().nullish(),
  name: z.string(),
  quantity: z.number().int(),
  originalUnitPriceSet: amount,
  discountedTotalSet: amount,
});

const lineItemConnection = z.object({
  pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }),
  nodes: z.array(shopifyLineItem),
});

export const shopifyOrder = z.object({
  id: z.string(),
  legacyResourceId: z.string().optional(),
  name: z.string(),
  createdAt: z.string(),
  updatedAt: z.string(),
  cancelledAt: z.string().nullish(),
  displayFinancialStatus: z.string().nullish(),
  displayFulfillmentStatus: z.string(),
  currencyCode: z.string(),
  paymentGatewayNames: z.array(z.string()).default([]),
  totalPriceSet: amount,
  subtotalPriceSet: amount.nullish(),
  totalShippingPriceSet: amount,
  totalTaxSet: amount.nullish(),
  totalDiscountsSet: amount.nullish(),
  shippingAddress: z.object({ city: z.string().nullish(), province: z.string().nullish(), zip: z.string().nullish() }).nullish(),
  lineItems: lineItemConnection,
});

export const throttleStatus = z.object({ maximumAvailable: z.number(), currentlyAvailable: z.number(), restoreRate: z.number() });

export const costExtension = z.object({
  cost: z.object({ requestedQueryCost: z.number().nullish(), actualQueryCost: z.number().nullish(), throttleStatus }),
});

export const graphqlErrors = z.array(z.object({ message: z.string(), extensions: z.object({ code: z.string().optional() }).passthrough().optional() }));

export const ordersResponse = z.object({
  data: z.object({
    orders: z.object({ pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }), nodes: z.array(shopifyOrder) }),
  }),
});

export const orderLinesResponse = z.object({ data: z.object({ order: z.object({ lineItems: lineItemConnection }).nullable() }) });

export type ShopifyOrder = z.infer<typeof shopifyOrder>;
export type ShopifyLineItem = z.infer<typeof shopifyLineItem>;
export type ThrottleStatus = z.infer<typeof throttleStatus>;

export const inventoryResponse = z.object({
  data: z.object({
    inventoryItems: z.object({
      pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }),
      nodes: z.array(
        z.object({
          id: z.string(),
          sku: z.string().nullish(),
          tracked: z.boolean(),
          inventoryLevels: z.object({
            nodes: z.array(
              z.object({
                updatedAt: z.string(),
                location: z.object({ id: z.string(), name: z.string() }),
                quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
              }),
            ),
          }),
        }),
      ),
    }),
  }),
});
