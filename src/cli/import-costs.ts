import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

// `npm run import-costs -- costs.csv`: sets the product costs of a CSV file through the API's
// setProductCosts, as any client would, in calls of at most 5,000 rows; SUTRA_URL (default
// http://localhost:4000) and SUTRA_TOKEN (from `npm run token`) say where and as whom. The file
// has a header row; columns: sku, cost, and optionally effective_from (YYYY-MM-DD), gst_percent,
// currency. A row the server refuses is named by its line in the file; the rows of calls before it
// stay set (each call is all or nothing), so the import can be run again from that line.

const CHUNK = 5_000;
const COLUMNS = ['sku', 'cost', 'effective_from', 'gst_percent', 'currency'] as const;
type Column = (typeof COLUMNS)[number];

const [file] = process.argv.slice(2);
const token = process.env.SUTRA_TOKEN;
const url = `${(process.env.SUTRA_URL ?? 'http://localhost:4000').replace(/\/+$/, '')}/graphql`;
if (!file || !token) {
  console.error('usage: SUTRA_TOKEN=<token from npm run token> npm run import-costs -- <costs.csv>');
  process.exit(2);
}

const MUTATION = 'mutation Import($costs: [ProductCostInput!]!) { setProductCosts(costs: $costs) }';

interface CostRow {
  line: number;
  input: { sku: string; cost: string; effectiveFrom?: string; gstPercent?: string; currencyCode?: string };
}

/** Sends one call; on a refusal, the message with `costs[i]` turned into the file's line. */
async function send(rows: CostRow[]): Promise<number> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query: MUTATION, variables: { costs: rows.map((r) => r.input) } }),
  });
  const body = (await res.json().catch(() => ({}))) as { data?: { setProductCosts?: number }; errors?: Array<{ message: string }> };
  if (body.errors?.length || body.data?.setProductCosts === undefined) {
    const message = body.errors?.[0]?.message ?? `HTTP ${res.status}`;
    // "costs[3].cost must …" → "line 5: cost must …"
    throw new Error(message.replace(/costs\[(\d+)\]\.?/g, (_, i: string) => `line ${rows[Number(i)]?.line ?? '?'}: `));
  }
  return body.data.setProductCosts;
}

// `info`: each record comes with the line it ends on, which a refusal names.
const parser = createReadStream(file).pipe(
  parse({ columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()), trim: true, skip_empty_lines: true, info: true }),
);
let batch: CostRow[] = [];
let imported = 0;
try {
  for await (const { record, info } of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    const unknown = Object.keys(record).filter((k) => !COLUMNS.includes(k as Column));
    if (unknown.length) throw new Error(`unknown column ${unknown.join(', ')}: the columns are ${COLUMNS.join(', ')}`);
    const line = info.lines;
    const value = (k: Column) => (record[k] ? record[k] : undefined);
    if (!value('sku') || !value('cost')) throw new Error(`line ${line}: sku and cost are required`);
    batch.push({
      line,
      input: {
        sku: value('sku')!,
        cost: value('cost')!,
        effectiveFrom: value('effective_from'),
        gstPercent: value('gst_percent'),
        currencyCode: value('currency'),
      },
    });
    if (batch.length === CHUNK) {
      imported += await send(batch);
      batch = [];
    }
  }
  if (batch.length) imported += await send(batch);
  console.log(`${imported} costs set`);
} catch (err) {
  console.error(`${imported} costs set before this stopped: ${(err as Error).message}`);
  process.exit(1);
}
