import { z } from 'zod';
import { createHttpClient, ProviderError, unexpectedStatus } from '../http.js';
import type { ProviderContext } from '../types.js';

const shopAnswer = z.object({ data: z.object({ shop: z.object({ name: z.string(), myshopifyDomain: z.string(), currencyCode: z.string() }) }) });

/** The Admin GraphQL endpoint of one shop. */
export function adminGraphqlUrl(shop: string, ctx: ProviderContext): string {
  return `${ctx.endpoints.shopifyBaseUrl.replace('{shop}', shop).replace(/\/$/, '')}/admin/api/${ctx.endpoints.shopifyApiVersion}/graphql.json`;
}

/** Reads the shop with an Admin API access token: proves the token and names the shop. */
export async function fetchShop(shop: string, accessToken: string, ctx: ProviderContext): Promise<z.infer<typeof shopAnswer>['data']['shop']> {
  const http = createHttpClient({ providerId: 'shopify', providerName: 'Shopify', timeoutMs: ctx.endpoints.timeoutMs, log: ctx.log });
  const res = await http.send(adminGraphqlUrl(shop, ctx), {
    method: 'POST',
    headers: { 'x-shopify-access-token': accessToken, accept: 'application/json' },
    json: { query: '{ shop { name myshopifyDomain currencyCode } }' },
  });
  if (res.status === 401 || res.status === 403) throw new ProviderError('shopify', 'auth', `Shopify rejected the access token for ${shop}: reinstall the app or paste a new Admin API token`, res.status);
  if (res.status === 404) throw new ProviderError('shopify', 'auth', `Shopify has no shop at ${shop}: check the .myshopify.com domain`, res.status);
  if (res.status !== 200) throw unexpectedStatus('shopify', 'Shopify', res);
  const parsed = shopAnswer.safeParse(res.body);
  if (!parsed.success) throw new ProviderError('shopify', 'unavailable', 'Shopify answered with an unexpected body; try again later');
  return parsed.data.data.shop;
}
