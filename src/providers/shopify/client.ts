import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import type { ProviderError } from '../../domain/errors.js';
import type { HttpClient, HttpResult } from '../http.js';
import type { Logger } from '../../logger.js';
import { oauthErrorText } from '../oauth2.js';
import { defineProviderApi } from '../provider-client.js';
import type { ProviderContext, SyncSession } from '../types.js';
import { definition } from './definition.js';
import { costExtension, errorBody, graphqlErrors, type GraphqlError, type ThrottleStatus } from './payloads.js';

/** Shopify refuses any single query whose requested cost exceeds this (docs/providers.md §1.11). */
export const MAX_QUERY_COST = 1000;
const MAX_THROTTLED_TRIES = 20;

const shopAnswer = z.object({ data: z.object({ shop: z.object({ name: z.string(), myshopifyDomain: z.string(), currencyCode: z.string() }) }) });

/** The Admin GraphQL endpoint of one shop. */
export function adminGraphqlUrl(shop: string, ctx: ProviderContext): string {
  return `${ctx.endpoints.shopifyBaseUrl.replace('{shop}', shop).replace(/\/$/, '')}/admin/api/${ctx.endpoints.shopifyApiVersion}/graphql.json`;
}

/**
 * Shopify's own words from an error body, whatever its form: `{"errors":"…"}` (401, 404),
 * `{"errors":[{"message":"…"}]}` (GraphQL), `{"errors":{"field":["…"]}}` (REST), an OAuth error.
 */
function shopifyErrorText(body: unknown): string[] | string | undefined {
  const parsed = errorBody.safeParse(body);
  // The OAuth endpoint answers in RFC 6749's shape (`{"error":"…","error_description":"…"}`).
  if (!parsed.success) return oauthErrorText(body);
  const { errors } = parsed.data;
  if (typeof errors === 'string') return [errors];
  if (Array.isArray(errors)) return errors.map((e) => e.message);
  return Object.entries(errors).map(([field, said]) => `${field} ${[said].flat().join(', ')}`);
}

/** The Admin API of every shop: Shopify's error bodies; its GraphQL throttling is paced by AdminGraphql. */
export const shopifyApi = defineProviderApi({ provider: definition, errorText: shopifyErrorText });

/** A non-200 answer → the error the seller reads, with Shopify's own text. */
function failure(res: HttpResult, shop: string, ctx: ProviderContext): ProviderError {
  if (res.status === 401 || res.status === 403) {
    return shopifyApi.refusal(`the access token for ${shop}`, res, { kind: 'auth', hint: 'Reinstall the app or paste a new Admin API token' });
  }
  if (res.status === 404) {
    const hint = `Check the .myshopify.com domain (no such shop, or no Admin API version ${ctx.endpoints.shopifyApiVersion} there)`;
    return shopifyApi.refusal(`shop ${shop}`, res, { kind: 'auth', hint });
  }
  return shopifyApi.unexpected(res);
}

/** Reads the shop with an Admin API access token: proves the token and names the shop. */
export async function fetchShop(shop: string, accessToken: string, ctx: ProviderContext): Promise<z.infer<typeof shopAnswer>['data']['shop']> {
  const res = await shopifyApi.connect(ctx).send(adminGraphqlUrl(shop, ctx), {
    method: 'POST',
    headers: { 'x-shopify-access-token': accessToken, accept: 'application/json' },
    json: { query: '{ shop { name myshopifyDomain currencyCode } }' },
  });
  if (res.status !== 200) throw failure(res, shop, ctx);
  return shopifyApi.parse(shopAnswer, res.body, 'the shop query').data.shop;
}

/**
 * Shopify withholds protected customer data it has not approved the app for (docs/providers.md §1.7;
 * shopify.dev/docs/apps/launch/protected-customer-data): HTTP 200, `data` present with the field
 * null, and an error whose path points into it (the page's "Example API requests": HTTP 200, the
 * field null, the error's path ending in it, no code). An address withheld that way is missing
 * data, not a failed sync. Only errors with a path into `shippingAddress` (and no code, or
 * ACCESS_DENIED) are read so; the message is not read. UNVERIFIED: the exact message for an order's
 * address fields (the example names the Customer object for a customer's phone).
 */
function withheldAddress(e: GraphqlError): boolean {
  return (e.path ?? []).includes('shippingAddress') && (!e.extensions?.code || e.extensions.code === 'ACCESS_DENIED');
}

/**
 * One shop's Admin GraphQL: each query waits until the shop's leaky bucket (as Shopify last
 * reported it, refilled since at its restore rate) holds the query's requested cost, a THROTTLED
 * answer waits for the refill, and Shopify's own error text reaches the seller.
 */
export class AdminGraphql {
  private readonly http: HttpClient;
  private readonly url: string;
  private readonly log: Logger;
  private bucket?: ThrottleStatus & { at: number };
  private versionWarned = false;
  private withheldWarned = false;

  constructor(private readonly session: SyncSession) {
    this.http = shopifyApi.connect(session, { retries: 5 });
    this.url = adminGraphqlUrl(session.credentials.shop!, session);
    this.log = session.log;
  }

  /**
   * Runs a query of the given requested cost; gives back the whole body (data and extensions).
   * An app-installed shop's token is renewed first when it is about to expire, and once more
   * when Shopify answers 401 (expired early, or renewed by another worker): session.renewCredentials.
   */
  async query(query: string, variables: Record<string, unknown>, cost: number): Promise<unknown> {
    let renewedOnRefusal = false;
    for (let attempt = 1; ; attempt++) {
      await this.waitFor(cost);
      const credentials = (await this.session.renewCredentials?.()) ?? this.session.credentials;
      const res = await this.http.send(this.url, {
        method: 'POST',
        headers: { 'x-shopify-access-token': credentials.access_token!, accept: 'application/json' },
        json: { query, variables },
      });
      if (res.status === 401 && this.session.renewCredentials && !renewedOnRefusal) {
        renewedOnRefusal = true;
        this.log.info({ provider: shopifyApi.id, shop: credentials.shop }, 'Shopify refused the access token; renewing it');
        const renewed = await this.session.renewCredentials(credentials.access_token);
        // The same token back: nothing renews it (a custom app's), so the refusal stands.
        if (renewed.access_token !== credentials.access_token) continue;
      }
      if (res.status !== 200) throw failure(res, credentials.shop!, this.session);
      this.noteVersion(res);
      const body = res.body as { data?: unknown; errors?: unknown; extensions?: unknown } | undefined;
      const ext = costExtension.safeParse(body?.extensions);
      if (ext.success) this.bucket = { ...ext.data.cost.throttleStatus, at: Date.now() };
      const parsed = graphqlErrors.safeParse(body?.errors);
      if (!parsed.success || parsed.data.length === 0) return body;
      const errors = parsed.data;
      if (body?.data && errors.every(withheldAddress)) {
        if (!this.withheldWarned) {
          this.withheldWarned = true;
          this.log.warn(
            { provider: shopifyApi.id, said: errors[0]!.message },
            'Shopify withheld shipping addresses (protected customer data): those orders are kept without city, state and pincode',
          );
        }
        return body;
      }
      const code = errors[0]!.extensions?.code;
      if (code === 'THROTTLED' && attempt < MAX_THROTTLED_TRIES) {
        this.log.warn({ provider: shopifyApi.id, attempt }, 'Shopify throttled the query; waiting for the bucket to refill');
        continue;
      }
      throw this.graphqlFailure(res, errors);
    }
  }

  private graphqlFailure(res: HttpResult, errors: GraphqlError[]): ProviderError {
    // GraphQL errors come with HTTP 200, in the same `errors` list Shopify's other error bodies use.
    const said = shopifyApi.said(res);
    const codes = errors.map((e) => e.extensions?.code);
    if (codes.includes('ACCESS_DENIED')) {
      return shopifyApi.error('auth', `Shopify denied the query: ${said}; reinstall the app with the read_orders and read_inventory scopes`);
    }
    if (codes.includes('THROTTLED') || codes.includes('INTERNAL_SERVER_ERROR')) {
      return shopifyApi.error('unavailable', `Shopify is not answering the query right now: ${said}; the sync will retry`);
    }
    return shopifyApi.refusal('the query', res);
  }

  /** Shopify serves a retired version as the oldest supported one and says so in X-Shopify-Api-Version. */
  private noteVersion(res: HttpResult): void {
    const served = res.headers['x-shopify-api-version'];
    const asked = this.session.endpoints.shopifyApiVersion;
    if (this.versionWarned || typeof served !== 'string' || served === asked) return;
    this.versionWarned = true;
    this.log.warn({ provider: shopifyApi.id, asked, served }, 'Shopify served another Admin API version than the one asked for: update SHOPIFY_API_VERSION');
  }

  /** Waits until the leaky bucket (as last reported, refilled since at restoreRate) holds `cost`. */
  private async waitFor(cost: number): Promise<void> {
    if (!this.bucket) return;
    const { currentlyAvailable, maximumAvailable, restoreRate, at } = this.bucket;
    const now = Math.min(maximumAvailable, currentlyAvailable + ((Date.now() - at) / 1000) * restoreRate);
    const need = Math.min(cost, maximumAvailable) - now;
    if (need > 0) await sleep(Math.ceil((need / restoreRate) * 1000));
  }
}
