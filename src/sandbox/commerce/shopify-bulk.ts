import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Router } from 'express';
import {
  execute,
  getNamedType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  parse,
  validate,
  GraphQLError,
  type DocumentNode,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import type { AdminContext } from './shopify-webhook-subscriptions.js';
import type { SandboxState } from './state.js';

/**
 * Shopify's bulk query operations (docs/providers.md §1.9), added to the sandbox's Admin schema
 * (shopify-orders.ts). Statuses and error codes are the schema's (BulkOperationStatus,
 * BulkOperationErrorCode). objectCount and fileSize are UnsignedInt64, which travel as strings.
 * `ordersCount` is Shopify's count of a search (Count { count precision }).
 */
export const BULK_SDL = `
  extend type Query {
    bulkOperation(id: ID!): BulkOperation
    currentBulkOperation(type: BulkOperationType): BulkOperation
    ordersCount(query: String, limit: Int): Count
  }
  extend type Mutation {
    bulkOperationRunQuery(query: String!, groupObjects: Boolean): BulkOperationRunQueryPayload
    bulkOperationCancel(id: ID!): BulkOperationCancelPayload
  }
  enum BulkOperationStatus { CANCELED CANCELING COMPLETED CREATED EXPIRED FAILED RUNNING }
  enum BulkOperationErrorCode { ACCESS_DENIED INTERNAL_SERVER_ERROR TIMEOUT }
  enum BulkOperationType { QUERY MUTATION }
  enum BulkOperationUserErrorCode { INVALID OPERATION_IN_PROGRESS LIMIT_REACHED }
  enum CountPrecision { EXACT AT_LEAST }
  type Count { count: Int! precision: CountPrecision! }
  type BulkOperation {
    id: ID! status: BulkOperationStatus! errorCode: BulkOperationErrorCode type: BulkOperationType! query: String!
    createdAt: DateTime! completedAt: DateTime objectCount: UnsignedInt64! rootObjectCount: UnsignedInt64! fileSize: UnsignedInt64 url: String partialDataUrl: String
  }
  type BulkOperationUserError { code: BulkOperationUserErrorCode field: [String!] message: String! }
  type BulkOperationRunQueryPayload { bulkOperation: BulkOperation userErrors: [BulkOperationUserError!]! }
  type BulkOperationCancelPayload { bulkOperation: BulkOperation userErrors: [BulkOperationUserError!]! }
`;

/** Up to 5 bulk queries at once per app and shop from API 2026-01 (docs/providers.md §1.9). */
export const MAX_RUNNING_BULK_QUERIES = 5;
const MAX_CONNECTIONS = 5;
const MAX_NESTING = 2;
/** `url` and `partialDataUrl` expire after 7 days (status EXPIRED then). */
const URL_LIFETIME_MS = 7 * 86_400_000;
/**
 * UNVERIFIED: how fast Shopify's bulk export runs; nothing public gives a figure. The sandbox
 * takes 1 s per 10,000 objects (orders and lines), divided by the rate scale like every plan.
 */
const OBJECTS_PER_SECOND = 10_000;
/** Orders executed (and written out) per slice, so a large export is never held whole. */
const SLICE = 500;
/** ordersCount counts up to this by default and says AT_LEAST beyond (UNVERIFIED: Shopify's default limit of 10,000). */
const COUNT_LIMIT = 10_000;

type Status = 'CANCELED' | 'CANCELING' | 'COMPLETED' | 'CREATED' | 'EXPIRED' | 'FAILED' | 'RUNNING';

interface Operation {
  n: number;
  shop: string;
  query: string;
  status: Status;
  errorCode: 'ACCESS_DENIED' | 'INTERNAL_SERVER_ERROR' | 'TIMEOUT' | null;
  createdAt: Date;
  completedAt: Date | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  file?: string;
  /** Where the result is served: the sandbox's own address, as the request reached it. */
  baseUrl: string;
  token: string;
  timer?: NodeJS.Timeout;
}

/** The switch tests flip, and the sandbox's clean-up of its result files. */
export interface ShopifyBulkControls {
  /** While set, bulkOperationRunQuery is refused as for an app without bulk access (docs/providers.md §1.9). */
  accessDenied: boolean;
  close?: () => Promise<void>;
}

/** What the bulk resolvers read of the request: whose shop, and where the sandbox's Shopify is reachable (for the result's url). */
type BulkContext = AdminContext & { baseUrl: string };

const userError = (message: string, code: 'INVALID' | 'OPERATION_IN_PROGRESS' | 'LIMIT_REACHED' = 'INVALID') => ({ code, field: ['query'], message });
const gid = (n: number) => `gid://shopify/BulkOperation/${n}`;

/**
 * Bulk operations of every shop: started by bulkOperationRunQuery after the inner query passes
 * Shopify's shape rules, running for a time proportional to what they export, then writing the
 * JSONL file (children NOT after their parent, as with groupObjects false) and sending the
 * bulk_operations/finish webhook through the sandbox's webhook sender. `state.shopifyBulk.accessDenied`
 * is the switch tests flip for an app whose bulk access is not (or no longer) on.
 */
export class ShopifyBulk {
  private readonly ops = new Map<number, Operation>();
  private last = 4_039_184_154_800;
  private dir?: Promise<string>;
  constructor(
    private readonly state: SandboxState,
    private readonly schema: GraphQLSchema,
    private readonly root: Record<string, unknown>,
  ) {
    state.shopifyBulk.close = () => this.close();
  }

  /** The Query and Mutation fields, to merge into the Admin root. */
  resolvers() {
    return {
      bulkOperation: ({ id }: { id: string }, ctx: BulkContext) => this.view(this.find(id, ctx.shop)),
      currentBulkOperation: (_: unknown, ctx: BulkContext) => this.view([...this.ops.values()].filter((o) => o.shop === ctx.shop).sort((a, b) => b.n - a.n)[0]),
      ordersCount: ({ query, limit }: { query?: string; limit?: number }) => {
        const max = limit ?? COUNT_LIMIT;
        const count = this.state.book.size - this.state.book.indexAfter(updatedAfter(query) ?? new Date(0));
        return count > max ? { count: max, precision: 'AT_LEAST' } : { count, precision: 'EXACT' };
      },
      bulkOperationRunQuery: ({ query }: { query: string; groupObjects?: boolean }, ctx: BulkContext) => this.run(ctx, query),
      bulkOperationCancel: ({ id }: { id: string }, ctx: BulkContext) => {
        const op = this.find(id, ctx.shop);
        if (!op) return { bulkOperation: null, userErrors: [{ code: null, field: ['id'], message: 'Bulk operation does not exist' }] };
        if (op.status !== 'CREATED' && op.status !== 'RUNNING') {
          // UNVERIFIED: the words for cancelling a finished operation.
          return {
            bulkOperation: this.view(op),
            userErrors: [{ code: null, field: ['id'], message: `A bulk operation cannot be canceled when it is ${op.status.toLowerCase()}` }],
          };
        }
        clearTimeout(op.timer);
        op.status = 'CANCELED';
        op.completedAt = new Date();
        void this.notify(op);
        return { bulkOperation: this.view(op), userErrors: [] };
      },
    };
  }

  /** The result files, at the url each completed operation gives. */
  router(): Router {
    const router = Router();
    router.get('/bulk-results/:n.jsonl', (req, res) => {
      const op = this.ops.get(Number(req.params.n));
      // UNVERIFIED: the storage host's answer to an unknown or expired link (a Google Cloud Storage signed URL in production).
      if (!op?.file || req.query.token !== op.token || Date.now() - op.completedAt!.getTime() > URL_LIFETIME_MS) {
        res
          .status(403)
          .type('application/xml')
          .send('<?xml version="1.0" encoding="UTF-8"?><Error><Code>AccessDenied</Code><Message>Access denied.</Message></Error>');
        return;
      }
      res.type('application/jsonl');
      res.setHeader('content-length', String(op.fileSize));
      createReadStream(op.file).pipe(res);
    });
    return router;
  }

  /** Removes the result files (the sandbox stopping). */
  async close(): Promise<void> {
    for (const op of this.ops.values()) clearTimeout(op.timer);
    if (this.dir) await rm(await this.dir, { recursive: true, force: true });
  }

  /** How many of the shop's bulk queries are running now (tests). */
  running(shop: string): number {
    return [...this.ops.values()].filter((o) => o.shop === shop && (o.status === 'CREATED' || o.status === 'RUNNING')).length;
  }

  private run(ctx: BulkContext, query: string) {
    if (this.state.shopifyBulk.accessDenied) {
      // UNVERIFIED: the exact answer to an app whose bulk access is off (docs/providers.md §1.9 says only
      // "access denied"); given as Shopify answers a field the app may not use: the field null and an
      // ACCESS_DENIED error naming it.
      throw new GraphQLError(
        'Access denied for bulkOperationRunQuery field. Required access: bulk query operations must be enabled for this app in the Partner Dashboard (API access requests → Run bulk operations).',
        { extensions: { code: 'ACCESS_DENIED', documentation: 'https://shopify.dev/docs/api/usage/bulk-operations/queries' } },
      );
    }
    const errors = shapeErrors(this.schema, query);
    if (errors.length) return { bulkOperation: null, userErrors: errors.map((m) => userError(m)) };
    const running = [...this.ops.values()].filter((o) => o.shop === ctx.shop && (o.status === 'CREATED' || o.status === 'RUNNING'));
    if (running.length >= MAX_RUNNING_BULK_QUERIES) {
      // docs/providers.md §1.9: the words of the concurrency refusal; the code is UNVERIFIED.
      const message = `A bulk query operation for this app and shop is already in progress: ${gid(running[0]!.n)}.`;
      return { bulkOperation: null, userErrors: [userError(message, 'OPERATION_IN_PROGRESS')] };
    }
    const n = ++this.last;
    const orders = this.ordersOf(query);
    const op: Operation = {
      n,
      shop: ctx.shop,
      query,
      status: 'RUNNING',
      errorCode: null,
      createdAt: new Date(),
      completedAt: null,
      objectCount: 0,
      rootObjectCount: 0,
      fileSize: null,
      baseUrl: ctx.baseUrl,
      token: crypto.randomUUID(),
    };
    this.ops.set(n, op);
    let objects = 0;
    for (let i = orders.from; i < orders.to; i++) objects += 1 + this.state.book.get(i).lines.length;
    const ms = (objects / OBJECTS_PER_SECOND / this.state.rateScale) * 1000;
    op.timer = setTimeout(() => void this.complete(op, orders), ms);
    op.timer.unref();
    return { bulkOperation: this.view(op), userErrors: [] };
  }

  private find(id: string, shop: string): Operation | undefined {
    const op = this.ops.get(Number(id.split('/').at(-1)));
    return op?.shop === shop ? op : undefined;
  }

  /** The book's orders the inner query's `orders(query:)` selects: a range of the book. */
  private ordersOf(query: string): { from: number; to: number } {
    const search = /orders\s*\(\s*query:\s*"((?:[^"\\]|\\.)*)"/.exec(query)?.[1];
    return { from: this.state.book.indexAfter(updatedAfter(search?.replace(/\\"/g, '"')) ?? new Date(0)), to: this.state.book.size };
  }

  /**
   * Runs the inner query slice by slice and writes the JSONL: each node a line, each node of a
   * nested connection a line of its own with `__parentId`. Children are placed away from their
   * parent: an even order's lines before it, an odd order's after the next slice's orders.
   */
  private async complete(op: Operation, orders: { from: number; to: number }): Promise<void> {
    if (op.status !== 'RUNNING') return;
    try {
      this.dir ??= mkdtemp(join(tmpdir(), 'sutra-sandbox-bulk-'));
      const file = join(await this.dir, `${op.n}.jsonl`);
      const out = createWriteStream(file);
      const write = async (line: string) => {
        if (!out.write(line + '\n')) await once(out, 'drain');
      };
      const document = parse(op.query);
      let later: string[] = [];
      for (let from = orders.from; from < orders.to; from += SLICE) {
        const to = Math.min(orders.to, from + SLICE);
        const rootValue = { ...this.root, orders: () => sliceConnection(this.root, from, to) };
        const result = await execute({ schema: this.schema, document, rootValue });
        // A field withheld (protected customer data) is written as null. UNVERIFIED: how Shopify's bulk export shows it.
        if (!result.data) throw new Error(result.errors?.[0]?.message ?? 'no data');
        const { roots, children } = flatten(result.data!, document);
        const parked = later;
        later = [];
        for (const [k, node] of roots.entries()) {
          const kids = children.get(String(node.id)) ?? [];
          if (k % 2 === 0) for (const kid of kids) await write(JSON.stringify(kid));
          await write(JSON.stringify(node));
          if (k % 2 === 1) later.push(...kids.map((kid) => JSON.stringify(kid)));
          op.rootObjectCount++;
          op.objectCount += 1 + kids.length;
        }
        for (const line of parked) await write(line);
      }
      for (const line of later) await write(line);
      out.end();
      await once(out, 'finish');
      op.file = file;
      op.fileSize = (await stat(file)).size;
      op.status = 'COMPLETED';
    } catch {
      op.status = 'FAILED';
      op.errorCode = 'INTERNAL_SERVER_ERROR';
    }
    op.completedAt = new Date();
    await this.notify(op);
  }

  /**
   * bulk_operations/finish to the shop's subscriptions, when it has one. UNVERIFIED: the payload's
   * fields (docs/providers.md §1.9 says they were not re-read): admin_graphql_api_id, completed_at,
   * created_at, error_code, status (lower case), type.
   */
  private async notify(op: Operation): Promise<void> {
    const subscribed = this.state.shopifyWebhooks.subscriptionsOf(op.shop).some((s) => s.topic === 'BULK_OPERATIONS_FINISH');
    if (!subscribed) return;
    const payload = {
      admin_graphql_api_id: gid(op.n),
      completed_at: op.completedAt?.toISOString() ?? null,
      created_at: op.createdAt.toISOString(),
      error_code: op.errorCode?.toLowerCase() ?? null,
      status: op.status.toLowerCase(),
      type: 'query',
    };
    await this.state.shopifyWebhooks.deliver(op.shop, 'bulk_operations/finish', payload).catch(() => undefined);
  }

  private view(op: Operation | undefined) {
    if (!op) return null;
    if (op.status === 'COMPLETED' && Date.now() - op.completedAt!.getTime() > URL_LIFETIME_MS) op.status = 'EXPIRED';
    const url = op.status === 'COMPLETED' && op.rootObjectCount > 0 ? `${op.baseUrl}/bulk-results/${op.n}.jsonl?token=${op.token}` : null;
    return {
      id: gid(op.n),
      status: op.status,
      errorCode: op.errorCode,
      type: 'QUERY',
      query: op.query,
      createdAt: op.createdAt.toISOString(),
      completedAt: op.completedAt?.toISOString() ?? null,
      objectCount: String(op.objectCount),
      rootObjectCount: String(op.rootObjectCount),
      fileSize: op.fileSize === null ? null : String(op.fileSize),
      url,
      partialDataUrl: null,
    };
  }
}

/** `updated_at:>='2026-…'` (or `>`): the search Sutra sends. */
export function updatedAfter(query: string | undefined): Date | undefined {
  const m = /updated_at:(>=?)'?([0-9T:.\-+Z]+)'?/.exec(query ?? '');
  if (!m) return undefined;
  const at = new Date(m[2]!);
  return m[1] === '>=' ? new Date(at.getTime() - 1) : at;
}

/** The orders of book indexes [from, to) through the root's own `orders`, as one connection. */
function sliceConnection(root: Record<string, unknown>, from: number, to: number) {
  const orders = root.orders as (args: { first: number; after?: string }) => unknown;
  const after = from > 0 ? Buffer.from(JSON.stringify({ last: from - 1 })).toString('base64url') : undefined;
  return orders({ first: to - from, after });
}

type Json = Record<string, unknown>;

/**
 * The executed result → JSONL objects: the top connection's nodes, and each nested connection's
 * nodes apart, carrying `__parentId` (the id of the node they hang from), the connection field
 * itself left out of its parent.
 */
function flatten(data: Record<string, unknown>, document: DocumentNode) {
  const roots: Json[] = [];
  const children = new Map<string, Json[]>();
  const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
  for (const sel of op.selectionSet.selections) {
    if (sel.kind !== Kind.FIELD) continue;
    const conn = data[sel.alias?.value ?? sel.name.value] as { edges: Array<{ node: Json }> };
    for (const { node } of conn.edges) {
      roots.push(node);
      detach(node, String(node.id), String(node.id));
    }
  }
  return { roots, children };

  // Connections are found by their shape (an object holding `edges`): the schema validated the query.
  function detach(node: Json, parentId: string, rootId: string): void {
    for (const [key, value] of Object.entries(node)) {
      if (value && typeof value === 'object' && !Array.isArray(value) && 'edges' in value) {
        delete node[key];
        for (const { node: child } of (value as { edges: Array<{ node: Json }> }).edges) {
          detach(child, String(child.id), rootId);
          const list = children.get(rootId) ?? [];
          list.push({ ...child, __parentId: parentId });
          children.set(rootId, list);
        }
      } else if (value && typeof value === 'object' && !Array.isArray(value)) detach(value as Json, parentId, rootId);
    }
  }
}

/**
 * The shape rules of a bulk query (docs/providers.md §1.9), in the words of the Shopify emulators
 * that reproduce them ([3P]; UNVERIFIED as Shopify's exact text): a query operation, at least one
 * connection, at most five, nested at most two deep, each selected through `edges { node }`, none
 * inside a list field, and every parent of a nested connection selecting `id`.
 */
export function shapeErrors(schema: GraphQLSchema, query: string): string[] {
  let document: DocumentNode;
  try {
    document = parse(query);
  } catch (err) {
    return [`Invalid bulk query: ${(err as GraphQLError).message}`];
  }
  const op = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
  if (!op || op.operation !== 'query') return ['Invalid operation type. Only `query` operations are supported.'];
  const invalid = validate(schema, document);
  if (invalid.length) return invalid.map((e) => `Invalid bulk query: ${e.message}`);

  let connections = 0;
  let depth = 0;
  let withinList = false;
  const viaNodes: string[] = [];
  const withoutId: string[] = [];
  // `nodeSet`: the selection of the connection node this field sits in (what must select `id`).
  const walk = (set: SelectionSetNode | undefined, parent: GraphQLObjectType, nesting: number, inList: boolean, parentName: string, nodeSet = set) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.INLINE_FRAGMENT && sel.selectionSet) walk(sel.selectionSet, parent, nesting, inList, parentName, nodeSet);
      if (sel.kind !== Kind.FIELD) continue;
      const field = parent.getFields()[sel.name.value];
      if (!field) continue;
      const type = getNamedType(field.type);
      if (!isObjectType(type)) continue;
      if (type.name.endsWith('Connection')) {
        connections++;
        depth = Math.max(depth, nesting + 1);
        if (inList) withinList = true;
        if (nesting > 0 && !selectsId(nodeSet)) withoutId.push(parentName);
        const edges = sel.selectionSet?.selections.find((s) => s.kind === Kind.FIELD && s.name.value === 'edges');
        if (sel.selectionSet?.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'nodes')) viaNodes.push(sel.name.value);
        const node = edges?.kind === Kind.FIELD ? edges.selectionSet?.selections.find((s) => s.kind === Kind.FIELD && s.name.value === 'node') : undefined;
        const nodeType = getNamedType(type.getFields().edges?.type);
        const inner = isObjectType(nodeType) ? getNamedType(nodeType.getFields().node?.type) : undefined;
        if (node?.kind === Kind.FIELD && inner && isObjectType(inner)) walk(node.selectionSet, inner, nesting + 1, false, sel.name.value);
        continue;
      }
      walk(sel.selectionSet, type, nesting, inList || isList(field.type), parentName, nodeSet);
    }
  };
  walk(op.selectionSet, schema.getQueryType()!, 0, false, '');
  const errors: string[] = [];
  if (viaNodes.length) {
    errors.push(
      `All connection fields in a bulk query must select their contents using 'edges' > 'node', e.g: '${viaNodes[0]} { edges { node {'. ` +
        `Selecting via 'nodes' is not supported. Invalid connection fields: '${viaNodes.join("', '")}'.`,
    );
  }
  if (depth > MAX_NESTING) errors.push(`Bulk queries cannot contain connections with a nesting depth greater than ${MAX_NESTING}.`);
  if (connections > MAX_CONNECTIONS) errors.push(`Bulk queries cannot contain more than ${MAX_CONNECTIONS} connections.`);
  if (withoutId.length) {
    errors.push(
      "The parent 'node' field for a nested connection must select the 'id' field without an alias and must be of 'ID' return type. " +
        `Connection fields without 'id': ${withoutId.join(', ')}.`,
    );
  }
  if (withinList) errors.push('Queries that contain a connection field within a list field are not currently supported.');
  if (connections === 0 && !errors.length) errors.push('Bulk queries must contain at least one connection.');
  return errors;
}

const selectsId = (set: SelectionSetNode | undefined) => !!set?.selections.some((s) => s.kind === Kind.FIELD && s.name.value === 'id' && !s.alias);
const isList = (type: GraphQLOutputType): boolean => isListType(isNonNullType(type) ? type.ofType : type);
