import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/** One object of a bulk operation's result: a line of the JSONL. */
export type BulkObject = Record<string, unknown> & { id?: string; __parentId?: string };

/** A top-level object of the result with every object nested under it, in file order. */
export interface BulkGroup {
  node: BulkObject;
  children: BulkObject[];
}

const PARENT = '"__parentId":';
const NEWLINE = 0x0a;

/**
 * Each line of the file with the byte offset it starts at and its length in bytes. Read through
 * the stream's own async iterator, so reading waits while the caller works on a line (readline's
 * iterator reads on and queues every line: the whole file, in memory, behind a slow consumer).
 */
async function* linesOf(file: string): AsyncGenerator<{ line: string; at: number; length: number }> {
  let carry: Buffer | undefined;
  let at = 0;
  for await (const chunk of createReadStream(file) as AsyncIterable<Buffer>) {
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    let start = 0;
    for (let nl = buf.indexOf(NEWLINE); nl >= 0; nl = buf.indexOf(NEWLINE, start)) {
      yield { line: buf.toString('utf8', start, nl), at, length: nl - start };
      at += nl - start + 1;
      start = nl + 1;
    }
    carry = start < buf.length ? buf.subarray(start) : undefined;
  }
  if (carry?.length) yield { line: carry.toString('utf8'), at, length: carry.length };
}

/**
 * The objects of a bulk operation's JSONL result grouped under their parent (docs/providers.md
 * §1.9: a nested connection's nodes are lines of their own carrying `__parentId`, not
 * necessarily next to their parent, since groupObjects defaults to false). Never holds the
 * file: pass 1 notes where each child line sits (byte offset and length) under its parent's id;
 * pass 2 reads the top-level lines in file order and each one's children at their offsets.
 * Memory grows with the number of child lines (two numbers each), not with their size.
 * One level of nesting, as Sutra's bulk queries have (orders → line items).
 * `skip` top-level objects are passed over without reading their children (a resumed backfill).
 */
export async function* bulkGroups(file: string, skip = 0): AsyncGenerator<BulkGroup> {
  const childLines = new Map<string, number[]>();
  for await (const { line, at, length } of linesOf(file)) {
    const parent = parentOf(line);
    if (parent === undefined) continue;
    const spans = childLines.get(parent);
    if (spans) spans.push(at, length);
    else childLines.set(parent, [at, length]);
  }
  const handle = await open(file, 'r');
  try {
    let seen = 0;
    for await (const { line } of linesOf(file)) {
      if (!line || parentOf(line) !== undefined) continue;
      if (seen++ < skip) continue;
      const node = JSON.parse(line) as BulkObject;
      const spans = childLines.get(String(node.id)) ?? [];
      childLines.delete(String(node.id));
      const children: BulkObject[] = [];
      for (let k = 0; k < spans.length; k += 2) {
        const buf = Buffer.alloc(spans[k + 1]!);
        await handle.read(buf, 0, buf.length, spans[k]!);
        const child = JSON.parse(buf.toString('utf8')) as BulkObject;
        delete child.__parentId;
        children.push(child);
      }
      yield { node, children };
    }
  } finally {
    await handle.close();
  }
}

/** The `__parentId` of a line, read without parsing the line (Shopify writes it last; it is looked for anywhere). */
function parentOf(line: string): string | undefined {
  const k = line.lastIndexOf(PARENT);
  if (k < 0) return undefined;
  return /^\s*"([^"]+)"/.exec(line.slice(k + PARENT.length))?.[1];
}
