import express, { Router, type Response } from 'express';
import {
  execute,
  getNamedType,
  isObjectType,
  Kind,
  parse,
  validate,
  valueFromAST,
  GraphQLInt,
  type DocumentNode,
  type FieldNode,
  type GraphQLObjectType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { adminRoot, adminSchema } from './commerce/shopify-orders.js';
import { queryCost, RESTORE_PER_SECOND, ShopBuckets } from './commerce/shopify-cost.js';
import type { SandboxState } from './commerce/state.js';
import { SANDBOX_CREDENTIALS } from './credentials.js';

const good = SANDBOX_CREDENTIALS.shopify;

/** Shopify refuses a query whose requested cost exceeds this (REFERENCE.md §1.11). */
const MAX_QUERY_COST = 1000;
/** Most nodes one connection page may ask for (REFERENCE.md §1.7; shopify.dev pagination). */
const MAX_PAGE_SIZE = 250;

/**
 * Admin API versions (shopify.dev "About Shopify API versioning"): the supported stable ones,
 * the release candidate and `unstable` are served as asked; a retired stable version falls
 * forward to the oldest supported one (X-Shopify-Api-Version says which ran).
 */
const STABLE_VERSIONS = ['2025-10', '2026-01', '2026-04', '2026-07', '2026-10'];
const RELEASE_CANDIDATE = '2027-01';

function servedVersion(asked: string): string | undefined {
  if (asked === 'unstable' || asked === RELEASE_CANDIDATE || STABLE_VERSIONS.includes(asked)) return asked;
  // Quarterly versions began with 2019-04.
  if (/^\d{4}-(01|04|07|10)$/.test(asked) && asked >= '2019-04' && asked < STABLE_VERSIONS[0]!) return STABLE_VERSIONS[0];
  // UNVERIFIED: a version that never existed (or not yet) answered as an unknown path, 404 "Not Found".
  return undefined;
}

type ShopifyError = {
  message: string;
  locations?: Array<{ line: number; column: number }>;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
};

/**
 * The Admin GraphQL API of one shop (REFERENCE.md §1.7, §1.11), reached at /shopify/{shop}. It
 * refuses what Shopify refuses, in Shopify's words: an unknown shop, an unknown API version, a
 * missing or wrong access token, a field the schema lacks, a page larger than 250, a query
 * costing more than 1000 points; and it throttles on each shop's leaky bucket.
 */
export function shopifySandbox(state: SandboxState): Router {
  const router = Router();
  const rootValue = adminRoot(state);
  const buckets = new ShopBuckets(RESTORE_PER_SECOND * state.rateScale);

  router.post('/:shop/admin/api/:version/graphql.json', express.json(), async (req, res) => {
    const version = servedVersion(req.params.version);
    if (req.params.shop !== good.shop || !version) {
      res.status(404).json({ errors: 'Not Found' });
      return;
    }
    res.setHeader('X-Shopify-API-Version', version);
    if (state.revoked || req.header('x-shopify-access-token') !== good.access_token) {
      res.status(401).json({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
      return;
    }
    const shop = req.params.shop;
    const body = (req.body ?? {}) as { query?: unknown; variables?: unknown };
    let document: DocumentNode;
    try {
      document = parse(String(body.query ?? ''));
    } catch (err) {
      // UNVERIFIED: Shopify's exact wording and code for a query that does not parse.
      res.json({ errors: [{ message: (err as Error).message, extensions: { code: 'PARSE_ERROR' } }] });
      return;
    }
    const variables = (body.variables ?? {}) as Record<string, unknown>;
    const invalid = undefinedFields(document);
    if (invalid.length) return void res.json({ errors: invalid });
    const others = validate(adminSchema, document);
    // UNVERIFIED: Shopify's words for other invalid queries; graphql-js's are given.
    if (others.length) return void res.json({ errors: others.map((e) => ({ message: e.message, locations: e.locations })) });
    const oversized = oversizedPages(document, variables);
    if (oversized.length) return void res.json({ errors: oversized });

    const requested = queryCost(adminSchema, document, variables);
    if (requested > MAX_QUERY_COST) {
      res.json({
        errors: [
          {
            message: `Query cost is ${requested}, which exceeds the single query max cost limit (${MAX_QUERY_COST}).`,
            extensions: { code: 'MAX_COST_EXCEEDED', cost: requested, maxCost: MAX_QUERY_COST },
          },
        ],
      });
      return;
    }
    if (!buckets.take(shop, requested)) return throttled(res, buckets.extension(shop, requested, null));
    const result = await execute({ schema: adminSchema, document, variableValues: variables, rootValue });
    const data = result.data as { orders?: { nodes?: unknown[] } } | null | undefined;
    const orderCount = data?.orders?.nodes?.length;
    const actual = queryCost(adminSchema, document, variables, (path) => (path === 'orders' ? orderCount : undefined));
    buckets.refund(shop, requested - actual);
    res.json({ ...result, extensions: buckets.extension(shop, requested, actual) });
  });
  return router;
}

/** A THROTTLED answer as Shopify gives it: HTTP 200, the error in the body. */
function throttled(res: Response, extensions: unknown): void {
  res.json({ errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED', documentation: 'https://shopify.dev/api/usage/rate-limits' } }], extensions });
}

/** Where a selection sits, as Shopify's errors name it: "query Orders", then field names. */
function operationPath(op: OperationDefinitionNode): string[] {
  return [op.name ? `${op.operation} ${op.name.value}` : op.operation];
}

/** Each field of the query, with its parent type and path (fields of unknown types are not walked into). */
function* fieldsOf(document: DocumentNode) {
  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    const root = def.operation === 'query' ? adminSchema.getQueryType() : undefined;
    if (root) yield* walk(def.selectionSet, root, operationPath(def));
  }
  function* walk(
    set: SelectionSetNode | undefined,
    parent: GraphQLObjectType,
    path: string[],
  ): Generator<{ field: FieldNode; parent: GraphQLObjectType; path: string[] }> {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.INLINE_FRAGMENT) yield* walk(sel.selectionSet, parent, path);
      if (sel.kind !== Kind.FIELD || sel.name.value === '__typename') continue;
      const here = [...path, sel.name.value];
      yield { field: sel, parent, path: here };
      const type = getNamedType(parent.getFields()[sel.name.value]?.type);
      if (type && isObjectType(type)) yield* walk(sel.selectionSet, type, here);
    }
  }
}

/**
 * A field the schema lacks, as Shopify (graphql-ruby) reports it: HTTP 200, no data,
 * `Field 'x' doesn't exist on type 'Y'` with code undefinedField (REFERENCE.md §1.11).
 */
function undefinedFields(document: DocumentNode): ShopifyError[] {
  const errors: ShopifyError[] = [];
  for (const { field, parent, path } of fieldsOf(document)) {
    if (parent.getFields()[field.name.value]) continue;
    const at = field.loc ? field.loc.startToken : undefined;
    errors.push({
      message: `Field '${field.name.value}' doesn't exist on type '${parent.name}'`,
      ...(at ? { locations: [{ line: at.line, column: at.column }] } : {}),
      path,
      extensions: { code: 'undefinedField', typeName: parent.name, fieldName: field.name.value },
    });
  }
  return errors;
}

/**
 * A page larger than 250 nodes. UNVERIFIED: Shopify documents the 250 maximum but no error body
 * was found; this message and code are the sandbox's own.
 */
function oversizedPages(document: DocumentNode, variables: Record<string, unknown>): ShopifyError[] {
  const errors: ShopifyError[] = [];
  for (const { field, path } of fieldsOf(document)) {
    for (const arg of field.arguments ?? []) {
      if (arg.name.value !== 'first' && arg.name.value !== 'last') continue;
      const size = Number(valueFromAST(arg.value, GraphQLInt, variables) ?? 0);
      if (size <= MAX_PAGE_SIZE) continue;
      errors.push({
        message: `The ${arg.name.value} argument of ${field.name.value} is ${size}, which exceeds the maximum page size of ${MAX_PAGE_SIZE}.`,
        path,
        extensions: { code: 'MAX_PAGE_SIZE_EXCEEDED', maxPageSize: MAX_PAGE_SIZE },
      });
    }
  }
  return errors;
}
