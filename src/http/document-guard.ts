import express, { type RequestHandler } from 'express';
import { GraphQLError, parse } from 'graphql';
import { checkAnonymousSource, checkFieldCount } from '../graphql/document-budget.js';
import { describeJsonFault } from './json-fault.js';

/**
 * An operation without a token can only be a public one, and those are small: its body is
 * refused past this from its Content-Length, before a byte of it is read or parsed.
 */
export const ANONYMOUS_BODY_LIMIT = '16kb';

/** The JSON body of a GraphQL request: the configured limit with a token, a small one without. */
export function graphqlBody(bodyLimit: string): RequestHandler {
  const signedIn = express.json({ limit: bodyLimit });
  const anonymous = express.json({ limit: ANONYMOUS_BODY_LIMIT });
  return (req, res, next) => (req.headers.authorization ? signedIn : anonymous)(req, res, (err?: unknown) => next(err && withoutBody(err)));
}

/**
 * body-parser's parse error quotes the body around the fault (V8's message) and carries the
 * whole body along; the body may hold a secret. What goes on instead names the place only.
 */
function withoutBody(err: unknown): unknown {
  const { type, body } = err as { type?: unknown; body?: unknown };
  if (type !== 'entity.parse.failed') return err;
  // Valid JSON refused all the same: strict parsing takes an object (or a batch's array) only.
  const message = describeJsonFault(typeof body === 'string' ? body : '') ?? 'the body must be a JSON object: {"query": "…", "variables": {…}}';
  return Object.assign(new Error(message), { status: 400 });
}

// A client sends the same few operations again and again: one that fit is not parsed twice
// (only short ones are remembered, so the memory this takes stays small).
const MAX_REMEMBERED = 500;
const MAX_REMEMBERED_LENGTH = 16_384;

/**
 * Bounds a GraphQL document before Apollo parses and validates it (see
 * graphql/document-budget.ts): refused here, a request costs a length check, or a parse
 * that stops at the token limit and one linear count. Apollo's own hooks cannot refuse
 * with a client error before validation (a throw there becomes a 500), hence a middleware.
 *
 * A request without an Authorization header is anonymous (a header that does not verify
 * is refused by the context, as cheaply).
 */
export function documentGuard(limits: { maxTokens: number; maxFields: number }): RequestHandler {
  const fitting = new Set<string>();
  return (req, res, next) => {
    const body: unknown = req.method === 'GET' ? req.query : req.body;
    const query = body && typeof body === 'object' && 'query' in body ? body.query : undefined;
    if (typeof query !== 'string') return next();
    let refusal = req.headers.authorization ? undefined : checkAnonymousSource(query);
    if (!refusal && !fitting.has(query)) {
      try {
        checkFieldCount(parse(query, { maxTokens: limits.maxTokens }), limits.maxFields);
        if (query.length <= MAX_REMEMBERED_LENGTH) {
          if (fitting.size >= MAX_REMEMBERED) fitting.clear();
          fitting.add(query);
        }
      } catch (err) {
        // A syntax error (or the token limit) is Apollo's to report, and costs it as little.
        if (!(err instanceof GraphQLError) || err.extensions.code === undefined) return next();
        refusal = err;
      }
    }
    if (!refusal) return next();
    const { http, ...extensions } = refusal.extensions as { http: { status: number } };
    res.status(http.status).json({ errors: [{ message: refusal.message, extensions }] });
  };
}
