import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { ProviderError } from '../../domain/errors.js';
import { OVERLAP_MS } from '../cursor.js';
import type { CommonOrder, OrderPage, SyncSession } from '../types.js';
import { bulkGroups, type BulkObject } from './bulk-jsonl.js';
import { type AdminGraphql, shopifyApi } from './client.js';
import { normalizeOrder } from './normalize.js';
import { shopifyOrder, TRANSACTION_FIELDS, type ShopifyOrder } from './payloads.js';

const MONEY = 'shopMoney { amount }';
const LINE_FIELDS = `id sku name quantity currentQuantity originalUnitPriceSet { ${MONEY} }
  discountAllocations { allocatedAmountSet { ${MONEY} } } taxLines { rate priceSet { ${MONEY} } }`;

/**
 * The inner query of a bulk backfill, written apart from the paged one because bulk queries have
 * shape rules of their own (docs/providers.md §1.9): connections through `edges { node }` (two:
 * orders and their lines, nesting 2), no `first`, every parent of a nested connection selecting
 * `id`, and no connection inside a list field. List fields come inline in their parent's line
 * (`transactions` and their `fees`, like `fulfillments`). So `refunds` (a list) gives only ids here; the
 * restock type of refund lines, needed only for an order whose units all went back, is read for
 * those orders afterwards by a paged query (REFUND_LINES_QUERY).
 */
export function bulkOrdersQuery(search: string): string {
  return `{
  orders(query: ${JSON.stringify(search)}, sortKey: UPDATED_AT) {
    edges { node {
      id legacyResourceId name createdAt updatedAt cancelledAt displayFinancialStatus displayFulfillmentStatus returnStatus
      currencyCode paymentGatewayNames taxesIncluded
      currentTotalPriceSet { ${MONEY} } currentSubtotalPriceSet { ${MONEY} } currentShippingPriceSet { ${MONEY} } currentTotalTaxSet { ${MONEY} }
      shippingLine { discountedPriceSet { ${MONEY} } taxLines { rate priceSet { ${MONEY} } } }
      shippingAddress { city province zip }
      refunds { id }
      fulfillments { id displayStatus trackingInfo { company number } }
      transactions { ${TRANSACTION_FIELDS} }
      lineItems { edges { node { ${LINE_FIELDS} } } }
    } }
  }
}`;
}

const RUN = `mutation RunBulk($query: String!) {
  bulkOperationRunQuery(query: $query, groupObjects: false) { bulkOperation { id status createdAt } userErrors { code field message } }
}`;
/** A mutation (10), its payload (1), the operation (1) and the errors (1) (docs/providers.md §1.11). */
const RUN_COST = 13;
const POLL = `query BulkOperation($id: ID!) {
  bulkOperation(id: $id) { id status errorCode createdAt objectCount fileSize url partialDataUrl }
}`;
const POLL_COST = 1;

/** Orders whose refund lines are read in one paged query: each costs 1 + refunds 1 + their lines 2 + 5 (§1.11). */
const REFUNDS_PER_QUERY = 100;
const REFUND_LINES = 5;
const COST_PER_REFUND_READ = 1 + 1 + 2 + REFUND_LINES;

/** Orders per page handed to the sync (the lifecycle batches pages for writing). */
const PAGE_ORDERS = 250;
/** Polling: first after this, then each wait 1.5 times longer, up to the cap. */
const FIRST_POLL_MS = 250;
const MAX_POLL_MS = 30_000;

const operationShape = z.object({
  id: z.string(),
  status: z.string(),
  errorCode: z.string().nullish(),
  createdAt: z.string().nullish(),
  url: z.string().nullish(),
  partialDataUrl: z.string().nullish(),
});
type Operation = z.infer<typeof operationShape>;
const runAnswer = z.object({
  data: z.object({
    bulkOperationRunQuery: z
      .object({
        bulkOperation: operationShape.pick({ id: true, status: true, createdAt: true }).nullish(),
        userErrors: z.array(z.object({ code: z.string().nullish(), message: z.string() })),
      })
      .nullish(),
  }),
});
const pollAnswer = z.object({ data: z.object({ bulkOperation: operationShape.nullish() }) });
const refundsAnswer = z.object({
  data: z.record(z.string(), z.object({ refunds: shopifyOrder.shape.refunds }).nullable()),
});

/** Where a bulk backfill stands, kept in the account's cursor with each page written. */
export const bulkCursorShape = z.object({
  /** The operation's GID. */
  id: z.string(),
  /** Orders of its file already written. */
  done: z.number().int(),
  /** When it started: orders updated after that are read by the next (incremental) sync. */
  startedAt: z.string(),
});
export type BulkCursor = z.infer<typeof bulkCursorShape>;

/** Why a bulk backfill gave way to paged queries. */
export class BulkUnavailable extends Error {}

/**
 * Shopify's words for an app without bulk access (docs/providers.md §1.9: switched on in the
 * Partner Dashboard since 2026-11-07, lost after 31 days without a bulk query), and what to do.
 */
export const BULK_ACCESS_NOTICE =
  'Shopify refused the bulk query that imports a large window of orders fast: bulk operations are not switched on for this app. ' +
  'In the Shopify Partner Dashboard, open the app → API access requests → Run bulk operations, and allow bulk queries ' +
  '(Shopify switches it off again after 31 days without one). Until then Sutra reads the orders page by page, which takes much longer.';

/**
 * A backfill through one bulk operation (docs/providers.md §1.9): started (or, from a saved
 * cursor, taken up again), waited for (the bulk_operations/finish webhook through
 * `session.watchOperation`, polling with a growing interval as the fallback), its JSONL result
 * streamed to a temporary file, grouped by `__parentId`, and handed on as order pages in the shape
 * the paged sync normalizes. Throws BulkUnavailable when bulk access is denied, after telling
 * the seller what to switch on; the caller then pages.
 */
export async function* bulkBackfill(api: AdminGraphql, session: SyncSession, from: string, saved: BulkCursor | undefined): AsyncGenerator<OrderPage> {
  let bulk = saved;
  let operation = bulk ? await poll(api, bulk.id) : undefined;
  // An operation that ended without a readable file (failed, cancelled, expired, gone) is started again.
  if (!operation || ['FAILED', 'CANCELED', 'EXPIRED'].includes(operation.status) || (operation.status === 'COMPLETED' && !operation.url)) {
    const started = await start(api, session, `updated_at:>='${from}'`);
    operation = started;
    bulk = { id: started.id, done: 0, startedAt: started.createdAt ?? new Date().toISOString() };
  }
  operation = await finished(api, session, operation);
  if (operation.status !== 'COMPLETED') {
    if (operation.errorCode === 'ACCESS_DENIED') await denied(session);
    throw shopifyApi.error(
      'unavailable',
      `Shopify's bulk operation ${operation.id} ended ${operation.status}${operation.errorCode ? ` (${operation.errorCode})` : ''}; the sync will retry`,
    );
  }
  const resting = new Date(Math.min(Date.parse(bulk!.startedAt), Date.now()) - OVERLAP_MS).toISOString();
  // Nothing in the window: Shopify gives no url for an empty result.
  if (!operation.url) {
    yield { orders: [], cursor: JSON.stringify({ from: resting }), done: true };
    return;
  }
  const dir = await mkdtemp(join(tmpdir(), 'sutra-shopify-bulk-'));
  try {
    const file = join(dir, 'result.jsonl');
    await download(operation.url, file);
    let done = bulk!.done;
    let page: ShopifyOrder[] = [];
    const flush = async (last: boolean): Promise<OrderPage> => {
      const orders = await withRefundLines(api, page);
      done += page.length;
      page = [];
      const cursor = last ? { from: resting } : { from, bulk: { ...bulk!, done } };
      return { orders, cursor: JSON.stringify(cursor), done: last };
    };
    for await (const group of bulkGroups(file, done)) {
      page.push(orderOf(group.node, group.children));
      if (page.length >= PAGE_ORDERS) yield await flush(false);
    }
    yield await flush(true);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Starts the bulk query, or throws why Shopify would not. */
async function start(api: AdminGraphql, session: SyncSession, search: string): Promise<Operation> {
  let body: unknown;
  try {
    body = await api.query(RUN, { query: bulkOrdersQuery(search) }, RUN_COST);
  } catch (err) {
    // GraphQL's ACCESS_DENIED (HTTP 200) reaches us as an 'auth' refusal without an HTTP status;
    // a refused token is a 401 and keeps its status. UNVERIFIED: that Shopify answers an app
    // without bulk access this way (docs/providers.md §1.9 says only "access denied").
    if (err instanceof ProviderError && err.kind === 'auth' && err.status === undefined) await denied(session);
    throw err;
  }
  const answer = shopifyApi.parse(runAnswer, body, 'the bulk query').data.bulkOperationRunQuery;
  const errors = answer?.userErrors ?? [];
  if (errors.some((e) => /access denied|ACCESS_DENIED/i.test(`${e.code ?? ''} ${e.message}`))) await denied(session);
  if (errors.some((e) => /already in progress/.test(e.message))) {
    // docs/providers.md §1.9: 5 bulk queries at once per app and shop; one more is refused. Sutra
    // runs one pull per account, so the others are another app install's or a lost attempt's:
    // the sync is retried later (with Agenda's backoff) rather than waiting on an operation of
    // unknown window.
    throw shopifyApi.error(
      'unavailable',
      `Shopify is already running its most bulk queries at once for this shop (${errors[0]!.message}); the sync will retry`,
    );
  }
  if (errors.length || !answer?.bulkOperation) {
    throw shopifyApi.error('request', `Shopify refused Sutra's bulk query: ${errors.map((e) => e.message).join('; ') || 'no operation started'}`);
  }
  return { ...answer.bulkOperation };
}

async function denied(session: SyncSession): Promise<never> {
  // In a sync the notice reaches the job's log (and the process log); elsewhere only the process log.
  if (session.notice) await session.notice(BULK_ACCESS_NOTICE);
  else session.log.warn({ provider: shopifyApi.id }, BULK_ACCESS_NOTICE);
  throw new BulkUnavailable(BULK_ACCESS_NOTICE);
}

async function poll(api: AdminGraphql, id: string): Promise<Operation | undefined> {
  const body = await api.query(POLL, { id }, POLL_COST);
  return shopifyApi.parse(pollAnswer, body, 'the bulk operation query').data.bulkOperation ?? undefined;
}

/** Waits for the operation to end: woken by its finish webhook, else polled at a growing interval. */
async function finished(api: AdminGraphql, session: SyncSession, operation: Operation): Promise<Operation> {
  const watch = session.watchOperation?.(operation.id);
  try {
    let wait = FIRST_POLL_MS;
    let current: Operation | undefined = operation;
    while (current && (current.status === 'CREATED' || current.status === 'RUNNING' || current.status === 'CANCELING')) {
      if (watch) await watch.wait(wait);
      else await sleep(wait);
      wait = Math.min(MAX_POLL_MS, wait * 1.5);
      current = await poll(api, operation.id);
    }
    if (!current) throw shopifyApi.error('unavailable', `Shopify no longer knows bulk operation ${operation.id}; the sync will retry`);
    return current;
  } finally {
    watch?.close();
  }
}

/** The result file, streamed to disk (never held whole). The signed url needs no token. */
async function download(url: string, file: string): Promise<void> {
  const res = await fetch(url);
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    throw shopifyApi.error('unavailable', `Shopify's bulk result could not be downloaded (HTTP ${res.status}); the sync will retry`);
  }
  await pipeline(Readable.fromWeb(res.body), createWriteStream(file));
}

/** A top-level line and its line items → the order as the paged query gives it. */
function orderOf(node: BulkObject, children: BulkObject[]): ShopifyOrder {
  const lines = children.filter((c) => String(c.id).startsWith('gid://shopify/LineItem/'));
  const refunds = (node.refunds as Array<{ id: string }> | undefined) ?? [];
  // Refund ids only (a list may hold no connection in a bulk query): their lines are read after, where needed.
  return shopifyApi.parse(
    shopifyOrder,
    { ...node, refunds: refunds.map(() => ({ refundLineItems: { nodes: [] } })), lineItems: { nodes: lines, pageInfo: { hasNextPage: false } } },
    'the bulk result',
  );
}

/**
 * Whether an order's refund lines change what it is: only when it was refunded, not cancelled,
 * no recorded return says goods came back, and the buyer keeps no unit (normalize.ts statusOf:
 * then a RETURN or LEGACY_RESTOCK restock makes it RETURNED).
 */
const needsRefundLines = (o: ShopifyOrder) =>
  o.refunds.length > 0 &&
  !o.cancelledAt &&
  o.returnStatus !== 'RETURNED' &&
  o.returnStatus !== 'INSPECTION_COMPLETE' &&
  o.lineItems.nodes.length > 0 &&
  o.lineItems.nodes.every((l) => l.currentQuantity === 0);

/** The page's orders normalized, those whose refund lines matter read with them first (paged, paced by the bucket). */
async function withRefundLines(api: AdminGraphql, orders: ShopifyOrder[]): Promise<CommonOrder[]> {
  const need = orders.filter(needsRefundLines);
  for (let k = 0; k < need.length; k += REFUNDS_PER_QUERY) {
    const batch = need.slice(k, k + REFUNDS_PER_QUERY);
    const fields = batch.map(
      (o, n) => `o${n}: order(id: ${JSON.stringify(o.id)}) { refunds(first: 10) { refundLineItems(first: ${REFUND_LINES}) { nodes { restockType } } } }`,
    );
    const body = await api.query(`query RefundLines { ${fields.join('\n')} }`, {}, batch.length * COST_PER_REFUND_READ);
    const data = shopifyApi.parse(refundsAnswer, body, 'the refund lines query').data;
    batch.forEach((o, n) => {
      const read = data[`o${n}`];
      if (read) o.refunds = read.refunds;
    });
  }
  return orders.map((o) => normalizeOrder(o));
}
