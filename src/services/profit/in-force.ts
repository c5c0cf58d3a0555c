/** A dated row of the seller's: a cost or an exchange rate that applies from `effectiveFrom` (YYYY-MM-DD) on. */
export interface Dated {
  effectiveFrom: string;
}

/**
 * The row in force on `day`: the one with the latest effectiveFrom on or before it, or undefined.
 * `rows` must be sorted by effectiveFrom ascending (the loads order them so); YYYY-MM-DD strings
 * compare as dates.
 */
export function inForce<T extends Dated>(rows: readonly T[] | undefined, day: string): T | undefined {
  if (!rows) return undefined;
  let found: T | undefined;
  for (const row of rows) {
    if (row.effectiveFrom > day) break;
    found = row;
  }
  return found;
}

/** Rows grouped by a key, each group in the rows' order. */
export function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const row of rows) {
    const k = key(row);
    const group = groups.get(k);
    if (group) group.push(row);
    else groups.set(k, [row]);
  }
  return groups;
}

/** Rows grouped by a key, each group sorted by effectiveFrom ascending. */
export function byKeyInDateOrder<T extends Dated>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
  const groups = groupBy(rows, key);
  for (const group of groups.values()) group.sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0));
  return groups;
}
