import { GraphQLError, Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';

/**
 * The bounds a document must fit before graphql-js validates it. Validation is not linear:
 * OverlappingFieldsCanBeMerged compares the fields of a selection set pairwise, so 60,000
 * repeated `__typename` fields held the event loop for 40 s. The parser stops at the token
 * limit (GRAPHQL_MAX_TOKENS); what fits within it is bounded here, in one linear pass,
 * before any quadratic rule runs (http/document-guard.ts, request-guard.ts).
 */

/**
 * An operation without a token can only read the public catalog (and introspect, outside
 * production): a few hundred tokens. Anything longer is refused before it is even parsed.
 */
export const ANONYMOUS_MAX_QUERY_LENGTH = 8_192;

const refused = (message: string, code: string, status: number) => new GraphQLError(message, { extensions: { code, http: { status } } });

/** The refusal of an anonymous operation too long to be a public one, or undefined. */
export function checkAnonymousSource(source: string): GraphQLError | undefined {
  if (source.length <= ANONYMOUS_MAX_QUERY_LENGTH) return undefined;
  return refused(
    `Sign in first: an operation without a token may be at most ${ANONYMOUS_MAX_QUERY_LENGTH} characters (this one has ${source.length})`,
    'UNAUTHENTICATED',
    401,
  );
}

/**
 * How many fields validation and execution would walk: every operation and every fragment
 * definition, each fragment spread counted as the fields it brings (memoized, so a fragment
 * that spreads another twice, forty levels deep, is counted as the 2^40 it is, in 40 steps).
 */
export function countFields(document: DocumentNode): number {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  const counted = new Map<string, number>();
  const inProgress = new Set<string>();

  const fragmentFields = (name: string): number => {
    const known = counted.get(name);
    if (known !== undefined) return known;
    const fragment = fragments.get(name);
    // Unknown fragments and cycles are validation errors of their own; they add nothing here.
    if (!fragment || inProgress.has(name)) return 0;
    inProgress.add(name);
    const n = selectionFields(fragment.selectionSet);
    inProgress.delete(name);
    counted.set(name, n);
    return n;
  };
  const selectionFields = (set: SelectionSetNode | undefined): number => {
    let n = 0;
    for (const s of set?.selections ?? []) {
      if (s.kind === Kind.FIELD) n += 1 + selectionFields(s.selectionSet);
      else if (s.kind === Kind.INLINE_FRAGMENT) n += selectionFields(s.selectionSet);
      else n += fragmentFields(s.name.value);
    }
    return n;
  };

  let total = 0;
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION) total += selectionFields(def.selectionSet);
    else if (def.kind === Kind.FRAGMENT_DEFINITION) total += fragmentFields(def.name.value);
  }
  return total;
}

/** Throws a GRAPHQL_VALIDATION_FAILED error (HTTP 400) when the document has more fields than allowed. */
export function checkFieldCount(document: DocumentNode, maxFields: number): void {
  const fields = countFields(document);
  if (fields > maxFields) {
    throw refused(
      `The operation selects ${fields > 1e9 ? 'more than a billion' : fields} fields (fragments included); at most ${maxFields} are allowed`,
      'GRAPHQL_VALIDATION_FAILED',
      400,
    );
  }
}
