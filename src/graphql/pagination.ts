import { badInput } from './errors.js';
import { isUuid } from './resolvers/ids.js';

// What a timestamptz column can be compared with: a cursor's date outside it would be a
// database error (a 500), not an empty page. Sutra's own cursors are always well inside.
const EARLIEST = Date.parse('0001-01-01T00:00:00Z');
const LATEST = Date.parse('9999-12-31T23:59:59Z');

export const MAX_PAGE_SIZE = 100;

/** `first` within 1..MAX_PAGE_SIZE, or a BAD_USER_INPUT that says so. */
export function pageSize(first: number | undefined | null, fallback: number): number {
  const n = first ?? fallback;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE_SIZE) throw badInput(`first must be between 1 and ${MAX_PAGE_SIZE} (got ${n})`, 'first');
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
    throw badInput('after is not a cursor returned by this list (pass pageInfo.endCursor)', 'after');
  }
}
