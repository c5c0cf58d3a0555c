import { badInput } from './errors.js';

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
    const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as [string, string];
    const date = new Date(at);
    if (typeof id !== 'string' || Number.isNaN(date.getTime())) throw new Error('shape');
    return { at: date, id };
  } catch {
    throw badInput('after is not a cursor returned by this list (pass pageInfo.endCursor)', 'after');
  }
}
