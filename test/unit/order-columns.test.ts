import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Every TypeScript source under `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/**
 * Columns of orders that no statement names for itself (none filters, joins, sorts or
 * computes on them): only a list of the table's columns would spell them out. Their one
 * list is the declaration (services/order-columns.ts, by the entity's property names), the
 * entity says each one's name and type, the migrations made them: a new column like them
 * is added there and nowhere else. (The profit engine computes on the payment method, the
 * fees and the customer's state and pincode, so those are named where it reads them.)
 */
const CARRIED = ['order_number', 'customer_city'];

describe("the orders' columns", () => {
  const files = sources('src').filter((f) => !f.startsWith(join('src', 'db', 'migrations')) && !f.startsWith(join('src', 'domain')));

  it.each(CARRIED)('%s is spelled out by no statement: the writes and the reads take it from the declaration and the entity', (column) => {
    const naming = files.filter((f) => new RegExp(`\\b${column}\\b`).test(readFileSync(f, 'utf8')));
    expect(naming).toEqual([]);
  });
});
