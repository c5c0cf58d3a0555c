import {
  BREAK,
  coerceInputValue,
  GraphQLError,
  isInputType,
  isNonNullType,
  Kind,
  parse,
  typeFromAST,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';

/**
 * A client's mistake in what it sends, answered as BAD_USER_INPUT (HTTP 400) naming the
 * variable or argument, before the cost check and execution see it. Without this, graphql-
 * query-complexity coerced the variables itself and its failure became a 500.
 *
 * Messages name where the problem is, never echo the value: a variable holding a secret
 * (credentials sent as a string) must not come back in an error.
 */

class TooDeep extends Error {}

export interface InputProblem {
  field: string;
  message: string;
}

// PostgreSQL text cannot hold NUL: such a value would otherwise fail deep in a statement.
const NUL = '\u0000';
const MAX_SHOWN = 200;

const shorten = (text: string) => (text.length > MAX_SHOWN ? `${text.slice(0, MAX_SHOWN)}…` : text);
/** graphql-js's "Did you mean …?" names schema fields the client did not ask for: production drops it. */
export const withoutSuggestions = (message: string) => message.replace(/ ?Did you mean(.+?)\?$/, '');

export function inputError(problems: InputProblem[]): GraphQLError {
  const [first] = problems;
  return new GraphQLError(problems.map((p) => p.message).join('; '), {
    extensions: { code: 'BAD_USER_INPUT', field: first!.field, fields: problems, http: { status: 400 } },
  });
}

/**
 * What is wrong with a value, in the words of the type that refused it: Sutra's own scalars
 * word theirs for people; graphql-js's and graphql-scalars' may quote the value after a colon.
 */
function reasonOf(error: GraphQLError): string {
  return shorten(error.extensions?.code === 'BAD_USER_INPUT' ? error.message : error.message.split(': ')[0]!);
}

/** `credentials.api_key`, `items[2].sku`: a key path as a person reads it. */
function pathText(root: string, path: ReadonlyArray<string | number>): string {
  return shorten(root + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join(''));
}

// No input of Sutra's nests anywhere near this; a deeper value is refused, not walked.
const MAX_DEPTH = 32;

/** Where a NUL byte hides in a JSON value, as key paths. Throws TooDeep past MAX_DEPTH. */
function nulPaths(value: unknown, path: Array<string | number>, found: Array<Array<string | number>>): void {
  if (found.length >= 5) return;
  if (path.length > MAX_DEPTH) throw new TooDeep();
  if (typeof value === 'string') {
    if (value.includes(NUL)) found.push([...path]);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nulPaths(v, [...path, i], found));
  } else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k.includes(NUL)) found.push([...path, k.replaceAll(NUL, '\\0')]);
      nulPaths(v, [...path, k], found);
    }
  }
}

/**
 * Checks the variables against the operation's declarations: a missing required one, a
 * value of the wrong type, a NUL byte anywhere in text. Throws one BAD_USER_INPUT listing
 * every problem. `hideSuggestions` drops graphql-js's "Did you mean" (production).
 */
export function checkVariables(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  variables: Readonly<Record<string, unknown>> | null | undefined,
  hideSuggestions: boolean,
): void {
  const values = variables ?? {};
  const problems: InputProblem[] = [];
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    const type = typeFromAST(schema, def.type);
    // An unknown or non-input type is a validation error, reported already.
    if (!type || !isInputType(type)) continue;
    if (!Object.hasOwn(values, name) || values[name] === undefined) {
      if (isNonNullType(type) && !def.defaultValue) problems.push({ field: name, message: `Variable "$${name}" of required type ${type} was not provided` });
      continue;
    }
    const value = values[name];
    if (value === null) {
      if (isNonNullType(type)) problems.push({ field: name, message: `Variable "$${name}" of non-null type ${type} must not be null` });
      continue;
    }
    coerceInputValue(value, type, (path, _invalid, error) => {
      const field = pathText(name, path);
      const reason = hideSuggestions ? withoutSuggestions(reasonOf(error)) : reasonOf(error);
      problems.push({ field, message: `Variable "$${name}"${path.length ? ` at "${field}"` : ''} is not valid: ${reason}` });
    });
    const found: Array<Array<string | number>> = [];
    try {
      nulPaths(value, [], found);
    } catch (err) {
      if (!(err instanceof TooDeep)) throw err;
      problems.push({ field: name, message: `Variable "$${name}" is nested more than ${MAX_DEPTH} levels deep` });
    }
    for (const path of found) {
      const field = pathText(name, path);
      problems.push({ field, message: `Variable "$${name}"${path.length ? ` at "${field}"` : ''} holds a NUL character, which text may not contain` });
    }
  }
  if (problems.length) throw inputError(problems);
}

// Apollo hands back the same parsed document for the same query text: check each once.
const checkedLiterals = new WeakMap<DocumentNode, InputProblem[]>();

/** Refuses a NUL byte written into the document itself (a string literal), naming the argument. */
export function checkLiterals(document: DocumentNode): void {
  let problems = checkedLiterals.get(document);
  if (!problems) {
    problems = literalProblems(document);
    checkedLiterals.set(document, problems);
  }
  if (problems.length) throw inputError(problems);
}

type Ancestors = ReadonlyArray<ASTNode | ReadonlyArray<ASTNode> | undefined>;

/** `filter.from`: the argument, and the input fields within it, that hold a value; '' outside an argument. */
function argumentPath(ancestors: Ancestors): string {
  const nodes = ancestors.filter((a): a is ASTNode => !!a && !Array.isArray(a) && 'kind' in a);
  if (!nodes.some((a) => a.kind === Kind.ARGUMENT)) return '';
  return shorten(nodes.flatMap((a) => (a.kind === Kind.ARGUMENT || a.kind === Kind.OBJECT_FIELD ? [a.name.value] : [])).join('.'));
}

function literalProblems(document: DocumentNode): InputProblem[] {
  const problems: InputProblem[] = [];
  visit(document, {
    StringValue(node, _key, parent, _path, ancestors) {
      if (!node.value.includes(NUL) || problems.length >= 5) return;
      // `ancestors` stops short of the parent (the argument or object field holding the value).
      const field = argumentPath([...ancestors, parent]) || 'a default value';
      problems.push({ field, message: `Argument "${field}" holds a NUL character, which text may not contain` });
    },
  });
  return problems;
}

// What ValuesOfCorrectTypeRule reports on: a value written into the document, or an input field in one.
const LITERAL_KINDS = new Set<string>([Kind.INT, Kind.FLOAT, Kind.STRING, Kind.BOOLEAN, Kind.NULL, Kind.ENUM, Kind.LIST, Kind.OBJECT, Kind.OBJECT_FIELD]);

/**
 * The problem a validation error reports when it is about a value written into an argument
 * (graphql-js's ValuesOfCorrectTypeRule: a scalar's parseLiteral refusing it, an enum value
 * that does not exist, an input field missing or unknown): named and worded as the same value
 * sent in a variable is, so that a literal and a variable read alike. Undefined for any other
 * validation error. An error knows its node but not the argument around it, so its document
 * is parsed again from the error's own source: on this error path only, within the limits the
 * document already passed.
 */
export function literalProblem(error: GraphQLError): InputProblem | undefined {
  const node = error.nodes?.[0];
  if (!node?.loc || !LITERAL_KINDS.has(node.kind)) return undefined;
  const { start, end } = node.loc;
  let field = '';
  visit(parse(node.loc.source), {
    enter(candidate, _key, parent, _path, ancestors) {
      if (candidate.kind !== node.kind || candidate.loc?.start !== start || candidate.loc.end !== end) return undefined;
      field = argumentPath([...ancestors, parent, candidate]);
      return BREAK;
    },
  });
  if (!field) return undefined;
  // The error reported for a scalar's own refusal is the scalar's error (or carries it as originalError).
  const cause = error.originalError instanceof GraphQLError ? error.originalError : error;
  return { field, message: `Argument "${field}" is not valid: ${reasonOf(cause)}` };
}
