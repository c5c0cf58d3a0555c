import { z } from 'zod';
import { providerText, type HttpClient, type HttpResult } from '../http.js';
import type { IssuedToken } from '../access-tokens.js';
import { requestToken } from '../oauth2.js';
import { defineProviderApi } from '../provider-client.js';
import type { CredentialFields, ProviderContext, SyncSession } from '../types.js';
import { definition } from './definition.js';
import { detailsResponse, errorBody, filterResponse, returnsResponse, shipmentsResponse } from './payloads.js';

/** Flipkart's own words when it refuses: each errors[].description, or the OAuth error_description. */
export function flipkartErrorText(body: unknown): string | undefined {
  const parsed = errorBody.safeParse(body);
  if (!parsed.success) return undefined;
  return providerText([...(parsed.data.errors ?? []).map((e) => e.description), parsed.data.error_description]);
}

/** The Seller API and its token endpoint, which share a host and an error body. */
const flipkartApi = defineProviderApi({ provider: definition, errorText: flipkartErrorText });

/** Self-access token: client credentials with the application id and secret (docs/providers.md §3.1). */
export function requestAccessToken(fields: CredentialFields, ctx: ProviderContext): Promise<IssuedToken> {
  return requestToken(flipkartApi, ctx, {
    url: new URL('oauth-service/oauth/token', withSlash(ctx.endpoints.flipkartBaseUrl)).toString(),
    method: 'GET',
    params: { grant_type: 'client_credentials', scope: 'Seller_Api' },
    client: { id: fields.app_id!, secret: fields.app_secret!, in: 'basic' },
    refused: { client: { what: 'the application id or secret', hint: 'Check them in the seller API portal' } },
  });
}

const withSlash = (base: string) => (base.endsWith('/') ? base : base + '/');

/** At most this many ids in one details call ("Maximum 100 shipment ids allowed per request", fk docs get-shipment-details[-by-internal-id]). */
export const MAX_IDS = 100;

/** A shipment search as Flipkart takes it (SDK SearchShipmentRequest.md, Filter.md). */
export interface ShipmentSearch {
  type: 'preDispatch' | 'postDispatch' | 'cancelled';
  states: readonly string[];
  cancellationType?: 'sellerCancellation' | 'buyerCancellation' | 'marketplaceCancellation';
}

/**
 * The Seller API calls a sync makes, under /sellers (docs/providers.md §3.2), with the self-access
 * token: fetched once per application and process, fetched again once when Flipkart answers
 * 401 (tokens last about 60 days and can be revoked early), then the seller must reconnect.
 */
export class SellerApi {
  private readonly http: HttpClient;
  private readonly base: string;
  /** The one warehouse (location) the seller chose to sync, when they chose one. */
  readonly locationId: string | undefined;

  constructor(session: SyncSession) {
    const c = session.credentials;
    this.locationId = c.location_id || undefined;
    this.http = flipkartApi.connect(session, {
      retries: 5,
      auth: { header: 'authorization', scheme: 'Bearer', credential: [c.app_id, c.app_secret], refresh: () => requestAccessToken(c, session) },
    });
    this.base = withSlash(session.endpoints.flipkartBaseUrl) + 'sellers';
  }

  /** The first page of a search over a modified-date window: POST /v3/shipments/filter. */
  async search(search: ShipmentSearch, from: string, to: string, pageSize: number) {
    const filter = {
      type: search.type,
      states: search.states,
      ...(search.cancellationType ? { cancellationType: search.cancellationType } : {}),
      // The search's own filter (docs/providers.md §3.2: filter.locationId).
      ...(this.locationId ? { locationId: this.locationId } : {}),
      modifiedDate: { from, to },
    };
    const res = await this.call(`${this.base}/v3/shipments/filter`, {
      method: 'POST',
      json: { filter, pagination: { pageSize }, sort: { field: 'modifiedDate', order: 'asc' } },
    });
    return this.read(res, filterResponse, 'the shipments search');
  }

  /** A later page: GET at the nextPageUrl Flipkart gave, under /sellers (SDK searchPreDispatchShipmentGet; tap-flipkart switches POST → GET too). */
  async searchNext(nextPageUrl: string) {
    return this.read(await this.call(this.base + leadingSlash(nextPageUrl), {}), filterResponse, 'the next page of the shipments search');
  }

  /**
   * Returns of one source modified within the window: GET /v2/returns (SDK ReturnsV2Api.md
   * getReturns). source is mandatory and modifiedAfter/modifiedBefore are "ISO String"s
   * (seller.flipkart.com/api-docs/order-api-docs/ReturnsRef.html); Sutra sends ISO-8601.
   */
  async returns(source: string, from: string, to: string) {
    const query = new URLSearchParams({ source, modifiedAfter: from, modifiedBefore: to });
    return this.read(await this.call(`${this.base}/v2/returns?${query}`, {}), returnsResponse, 'the returns request');
  }

  /**
   * A later page of returns. nextUrl is relative to /sellers/v2: Flipkart gives e.g.
   * "/returns/search/<token>" ([3P] sample response in auperator.atlassian.net "Flipkart Return
   * Flow"), and tap-flipkart requests url_base + "/v2" + nextUrl (streams.py). A nextUrl that
   * already starts with /v2/ is taken as relative to /sellers.
   */
  async returnsNext(nextUrl: string) {
    const path = leadingSlash(nextUrl);
    return this.read(await this.call(this.base + (path.startsWith('/v2/') ? path : `/v2${path}`), {}), returnsResponse, 'the next page of returns');
  }

  /** The shipments holding these order items (≤ 100): GET /v3/shipments?orderItemIds=…, one id kind per call. */
  async shipmentsOfItems(orderItemIds: string[]) {
    const res = await this.call(`${this.base}/v3/shipments?orderItemIds=${orderItemIds.map(encodeURIComponent).join(',')}`, {});
    return this.read(res, shipmentsResponse, 'the order items lookup').shipments;
  }

  /**
   * Addresses and couriers of up to 100 shipments: GET /v3/shipments/{shipmentIds} (fk docs
   * get-shipment-details). Not /v3/shipments?shipmentIds=…, which carries no address.
   */
  async details(shipmentIds: string[]) {
    if (!shipmentIds.length) return [];
    const res = await this.call(`${this.base}/v3/shipments/${shipmentIds.map(encodeURIComponent).join(',')}`, {});
    return this.read(res, detailsResponse, 'the shipment details request').shipments;
  }

  private call(url: string, options: { method?: 'POST'; json?: unknown }): Promise<HttpResult> {
    return this.http.send(url, { ...options, headers: { accept: 'application/json' } });
  }

  /** A 200's body checked, or what Flipkart said turned into an error the seller can act on. */
  private read<T>(res: HttpResult, schema: z.ZodType<T>, what: string): T {
    if (res.status === 401 || res.status === 403) throw flipkartApi.refusal('the access token', res, { kind: 'auth', hint: 'Reconnect Flipkart' });
    if (res.status === 400 || res.status === 404 || res.status === 422) throw flipkartApi.refusal(what, res);
    if (res.status !== 200) throw flipkartApi.unexpected(res);
    return flipkartApi.parse(schema, res.body, what);
  }
}

const leadingSlash = (path: string) => (path.startsWith('/') ? path : `/${path}`);
