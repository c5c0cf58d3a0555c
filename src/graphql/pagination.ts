import type { PageInfo } from './types/page-info.js';
import { InputError } from '../domain/errors.js';
import { isUuid } from '../domain/index.js';

// What a timestamptz column can be compared with: a cursor's date outside it would be a
// database error (a 500), not an empty page. Sutra's own cursors are always well inside.
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59Z');

export const MAX_PAGE_SIZE = 100;

/** Why `first` is not a page size of a list serving at most `max`, or undefined. */
export function pageSizeProblem(n: number, max = MAX_PAGE_SIZE): string | undefined {
  return Number.isInteger(n) && n >= 1 && n <= max ? undefined : `first must be between 1 and ${max} (got ${n})`;
}

/**
 * The largest page a paged field serves: MAX_PAGE_SIZE, or the field's own, declared with
 * `@Extensions({ maxPageSize })` so that the cost check (limits.ts) knows it before the resolver runs.
 */
export function maxPageSizeOf(field: { extensions: Readonly<Record<string, unknown>> }): number {
  const max = field.extensions.maxPageSize;
  return typeof max === 'number' ? max : MAX_PAGE_SIZE;
}

/** `first` within 1..max, or a BAD_USER_INPUT that says so. */
export function pageSize(first: number | undefined | null, fallback: number, max = MAX_PAGE_SIZE): number {
  const n = first ?? fallback;
  const problem = pageSizeProblem(n, max);
  if (problem) throw new InputError(problem, 'first');
  return n;
}

/**
 * Keyset cursors: the sort key of the last row seen (a timestamp and the id breaking
 * ties), opaque to clients. Paging stays stable while new rows arrive.
 */
export function encodeCursor(at: Date, id: string): string {
  return Buffer.from(JSON.stringify([at.toISOString(), id])).toString('base64url');
}

export function decodeCursor(cursor: string): { at: Date; id: string } {
  try {
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [unknown, unknown];
    const date = new Date(typeof at === 'string' ? at : NaN);
    // Ids are UUIDs: anything else would fail in the database's comparison.
    if (typeof id !== 'string' || !isUuid(id) || !(date.getTime() >= EARLIEST && date.getTime() <= LATEST)) throw new Error('shape');
    return { at: date, id };
  } catch {
    throw new InputError('after is not a cursor returned by this list (pass pageInfo.endCursor)', 'after');
  }
}

/** The WHERE clause of the page after `after`, newest first on (sortKey, id). */
export function keysetAfter<K extends string>(sortKey: K, after: string | null | undefined): Record<string, unknown> {
  if (!after) return {};
  const c = decodeCursor(after);
  return { $or: [{ [sortKey]: { $lt: c.at } }, { [sortKey]: c.at, id: { $lt: c.id } }] };
}

/**
 * A Relay page from rows fetched with one extra (`size + 1`, to know whether more follow):
 * the edges with their cursors, and the page info. Every list of the API pages through this.
 */
export function relayPage<R, N>(
  rows: R[],
  size: number,
  after: string | null | undefined,
  toNode: (row: R) => N,
  cursorOf: (row: R) => { at: Date; id: string },
): { edges: Array<{ node: N; cursor: string }>; pageInfo: PageInfo } {
  const edges = rows.slice(0, size).map((row) => {
    const key = cursorOf(row);
    return { node: toNode(row), cursor: encodeCursor(key.at, key.id) };
  });
  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > size,
      // Paging runs forward only: a page asked for after a cursor has one before it.
      hasPreviousPage: !!after,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/** An empty page (a filter that can match nothing). */
export const emptyPage = (): { edges: never[]; pageInfo: PageInfo } => ({
  edges: [],
  pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
});
