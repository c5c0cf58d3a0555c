import express, { Router, type Response } from 'express';
import {
  execute,
  getNamedType,
  isObjectType,
  Kind,
  Lexer,
  parse,
  Source,
  TokenKind,
  validate,
  valueFromAST,
  GraphQLError,
  GraphQLInt,
  type ArgumentNode,
  type DocumentNode,
  type FieldNode,
  type GraphQLObjectType,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { adminRoot, adminSchema } from './commerce/shopify-orders.js';
import { ShopifyBulk } from './commerce/shopify-bulk.js';
import { queryCost, RESTORE_PER_SECOND, ShopBuckets } from './commerce/shopify-cost.js';
import { webhookSubscriptionsRoot, type AdminContext } from './commerce/shopify-webhook-subscriptions.js';
import type { SandboxState } from './commerce/state.js';
import { SANDBOX_CREDENTIALS } from './credentials.js';
import { shopifyOAuthSandbox } from './shopify-oauth.js';

const good = SANDBOX_CREDENTIALS.shopify;

/** Shopify refuses a query whose requested cost exceeds this (docs/providers.md §1.11). */
const MAX_QUERY_COST = 1000;
/** Most nodes one connection page may ask for (docs/providers.md §1.7; shopify.dev pagination). */
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
  // shopify.dev/docs/api/usage/versioning speaks only of retired (and omitted) versions falling forward.
  return undefined;
}

type ShopifyError = {
  message: string;
  locations?: Array<{ line: number; column: number }>;
  path?: Array<string | number>;
  extensions?: Record<string, unknown>;
};

/**
 * The Admin GraphQL API of one shop (docs/providers.md §1.7, §1.11), reached at /shopify/{shop}. It
 * refuses what Shopify refuses, in Shopify's words: an unknown shop, an unknown API version, a
 * missing or wrong access token, a query that does not parse, a field the schema lacks or an
 * argument its field does not take, a page larger than 250, a query costing more than 1000
 * points; and it throttles on each shop's leaky bucket. Besides the custom app's shop
 * (SANDBOX_CREDENTIALS.shopify), every shop that installed the sandbox's app through OAuth
 * (shopify-oauth.ts) exists, opened by its current token; all serve the same order book.
 */
export function shopifySandbox(state: SandboxState): Router {
  const router = Router();
  // Query and Mutation fields share one root; resolvers read the shop and version from the context.
  const orders = adminRoot(state);
  const bulk = new ShopifyBulk(state, adminSchema, orders);
  const rootValue = { ...orders, ...webhookSubscriptionsRoot(state.shopifyWebhooks), ...bulk.resolvers() };
  const buckets = new ShopBuckets(RESTORE_PER_SECOND * state.rateScale);
  const installs = state.shopifyInstalls;
  router.use(shopifyOAuthSandbox(state, installs));
  router.use(bulk.router());

  router.post('/:shop/admin/api/:version/graphql.json', express.json(), async (req, res) => {
    const version = servedVersion(req.params.version);
    const { shop } = req.params;
    if ((shop !== good.shop && !installs.installed(shop)) || !version) {
      res.status(404).json({ errors: 'Not Found' });
      return;
    }
    res.setHeader('X-Shopify-API-Version', version);
    const token = req.header('x-shopify-access-token');
    if (state.revoked || !((shop === good.shop && token === good.access_token) || installs.opens(shop, token))) {
      res.status(401).json({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
      return;
    }
    const body = (req.body ?? {}) as { query?: unknown; variables?: unknown };
    let document: DocumentNode;
    try {
      document = parse(String(body.query ?? ''));
    } catch (err) {
      if (!(err instanceof GraphQLError)) throw err;
      res.json({ errors: [parseError(String(body.query ?? ''), err)] });
      return;
    }
    const variables = (body.variables ?? {}) as Record<string, unknown>;
    const invalid = undefinedFieldsAndArguments(document);
    if (invalid.length) return void res.json({ errors: invalid });
    const others = validate(adminSchema, document);
    // UNVERIFIED: Shopify's words for other invalid queries (a missing required argument, a
    // variable of the wrong type, …); graphql-js's are given.
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
    // baseUrl: where a bulk operation's result file is served (shopify-bulk.ts).
    const contextValue: AdminContext & { baseUrl: string } = { shop, apiVersion: version, baseUrl: `${req.protocol}://${req.get('host')}${req.baseUrl}` };
    const result = await execute({ schema: adminSchema, document, variableValues: variables, rootValue, contextValue });
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
    const root = def.operation === 'query' ? adminSchema.getQueryType() : def.operation === 'mutation' ? adminSchema.getMutationType() : undefined;
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
 * A field the schema lacks, or an argument its field does not take, as Shopify (graphql-ruby's
 * static validation) reports them: HTTP 200, no data, and in the order graphql-ruby visits the
 * document (a field, then its arguments, then what it selects).
 * - `Field 'x' doesn't exist on type 'Y'`, code undefinedField (docs/providers.md §1.11).
 * - `Field 'x' doesn't accept argument 'y'`, code argumentNotAccepted, its path ending in the
 *   argument: Shopify's answer quoted in MONEI/Shopify-api-node#297 ("Field 'inventoryItems'
 *   doesn't accept argument 'quer'", path ["query", "inventoryItems", "quer"]); the extensions
 *   are graphql-ruby's (rmosolgo/graphql-ruby lib/graphql/static_validation/rules/
 *   arguments_are_defined.rb and arguments_are_defined_error.rb: name = the field's alias or name).
 */
function undefinedFieldsAndArguments(document: DocumentNode): ShopifyError[] {
  const errors: ShopifyError[] = [];
  for (const { field, parent, path } of fieldsOf(document)) {
    const defined = parent.getFields()[field.name.value];
    if (!defined) {
      errors.push({
        message: `Field '${field.name.value}' doesn't exist on type '${parent.name}'`,
        ...locationOf(field),
        path,
        extensions: { code: 'undefinedField', typeName: parent.name, fieldName: field.name.value },
      });
      continue;
    }
    const name = field.alias?.value ?? field.name.value;
    for (const arg of field.arguments ?? []) {
      if (defined.args.some((a) => a.name === arg.name.value)) continue;
      errors.push({
        message: `Field '${name}' doesn't accept argument '${arg.name.value}'`,
        ...locationOf(arg),
        path: [...path, arg.name.value],
        extensions: { code: 'argumentNotAccepted', name, typeName: 'Field', argumentName: arg.name.value },
      });
    }
  }
  return errors;
}

function locationOf(node: FieldNode | ArgumentNode): Pick<ShopifyError, 'locations'> {
  const at = node.loc?.startToken;
  return at ? { locations: [{ line: at.line, column: at.column }] } : {};
}

/** graphql-ruby's names for graphql-js's punctuators and literals (rmosolgo/graphql-ruby lib/graphql/language/lexer.rl). */
const RUBY_TOKEN_NAMES: Partial<Record<TokenKind, string>> = {
  [TokenKind.BANG]: 'BANG',
  [TokenKind.DOLLAR]: 'VAR_SIGN',
  [TokenKind.AMP]: 'AMP',
  [TokenKind.PAREN_L]: 'LPAREN',
  [TokenKind.PAREN_R]: 'RPAREN',
  [TokenKind.SPREAD]: 'ELLIPSIS',
  [TokenKind.COLON]: 'COLON',
  [TokenKind.EQUALS]: 'EQUALS',
  [TokenKind.AT]: 'DIR_SIGN',
  [TokenKind.BRACKET_L]: 'LBRACKET',
  [TokenKind.BRACKET_R]: 'RBRACKET',
  [TokenKind.BRACE_L]: 'LCURLY',
  [TokenKind.PIPE]: 'PIPE',
  [TokenKind.BRACE_R]: 'RCURLY',
  [TokenKind.INT]: 'INT',
  [TokenKind.FLOAT]: 'FLOAT',
  [TokenKind.STRING]: 'STRING',
  [TokenKind.BLOCK_STRING]: 'STRING',
};
/** Names graphql-ruby's lexer reads as keywords wherever they stand (same file). */
const RUBY_KEYWORDS = new Set(
  'on fragment true false null query mutation subscription schema scalar type extend implements interface union enum input directive'.split(' '),
);

/**
 * A query that does not parse, as Shopify (graphql-ruby's parser) answers it: HTTP 200, no data,
 * no extensions, `Parse error on "<token>" (<TOKEN NAME>) at [line, column]` with that location,
 * e.g. `{"errors":[{"message":"Parse error on \")\" (RPAREN) at [1, 28]","locations":[{"line":1,"column":28}]}]}`
 * (Shopify's answer quoted by Shopify in Shopify/shopify-cli#668, 2020). A document that ends too
 * early is "Unexpected end of document" with no location (rmosolgo/graphql-ruby
 * lib/graphql/language/parser.y `on_error`, lib/graphql/parse_error.rb). graphql-js finds where
 * the document breaks; the token there is named as graphql-ruby's lexer names it, a character
 * graphql-js cannot lex as UNKNOWN_CHAR. UNVERIFIED: whether Shopify still runs that parser (newer
 * graphql-ruby words it "Expected NAME, actual: RCURLY ("}") at [1, 3]").
 */
function parseError(query: string, err: GraphQLError): ShopifyError {
  const at = err.positions?.[0];
  const where = err.locations?.[0];
  const end = { message: 'Unexpected end of document', locations: [] };
  if (at === undefined || !where || at >= query.length) return end;
  const lexer = new Lexer(new Source(query));
  let token: ReturnType<Lexer['advance']> | undefined;
  try {
    do token = lexer.advance();
    while (token.kind !== TokenKind.EOF && token.start < at);
  } catch {
    token = undefined;
  }
  if (token?.kind === TokenKind.EOF) return end;
  const [text, name] =
    !token || token.start !== at
      ? [String.fromCodePoint(query.codePointAt(at)!), 'UNKNOWN_CHAR']
      : token.kind === TokenKind.NAME
        ? [token.value, RUBY_KEYWORDS.has(token.value) ? token.value.toUpperCase() : 'IDENTIFIER']
        : [token.value ?? token.kind, RUBY_TOKEN_NAMES[token.kind] ?? 'UNKNOWN_CHAR'];
  return {
    message: `Parse error on ${JSON.stringify(text)} (${name}) at [${where.line}, ${where.column}]`,
    locations: [{ line: where.line, column: where.column }],
  };
}

/**
 * A page larger than 250 nodes. UNVERIFIED: Shopify documents the 250 maximum
 * (shopify.dev/docs/api/usage/pagination-graphql: "You can retrieve up to a maximum of 250
 * resources") but no error body from Shopify was found; this message and code are the sandbox's own.
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
