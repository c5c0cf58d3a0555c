import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bulkGroups } from '../../src/providers/shopify/bulk-jsonl.js';

const order = (n: number) => ({ id: `gid://shopify/Order/${n}`, name: `#${n}`, note: 'a "quoted" __parentId: mention, ünïcode ₹' });
const line = (n: number, k: number) => ({ id: `gid://shopify/LineItem/${n}${k}`, sku: `SKU-${k}`, __parentId: `gid://shopify/Order/${n}` });

describe('a bulk result grouped by __parentId', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'bulk-jsonl-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function groupsOf(lines: object[], skip = 0) {
    const file = join(dir, `${Math.random()}.jsonl`);
    await writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
    const groups = [];
    for await (const g of bulkGroups(file, skip)) groups.push({ id: g.node.id, lines: g.children.map((c) => c.id) });
    return groups;
  }

  it('gives each order its lines whether they come before it, right after it, or after other orders', async () => {
    const groups = await groupsOf([line(2, 1), order(1), line(1, 1), order(2), order(3), line(2, 2), line(1, 2), line(3, 1)]);
    expect(groups).toEqual([
      { id: 'gid://shopify/Order/1', lines: ['gid://shopify/LineItem/11', 'gid://shopify/LineItem/12'] },
      { id: 'gid://shopify/Order/2', lines: ['gid://shopify/LineItem/21', 'gid://shopify/LineItem/22'] },
      { id: 'gid://shopify/Order/3', lines: ['gid://shopify/LineItem/31'] },
    ]);
  });

  it('reads the children back whole, multi-byte characters included, without their __parentId', async () => {
    const file = join(dir, 'bytes.jsonl');
    const child = { id: 'gid://shopify/LineItem/9', name: 'Kurta — ₹1,499 “festive”', __parentId: 'gid://shopify/Order/9' };
    await writeFile(file, [JSON.stringify(child), JSON.stringify(order(9))].join('\n') + '\n');
    const [group] = await (async () => {
      const all = [];
      for await (const g of bulkGroups(file)) all.push(g);
      return all;
    })();
    expect(group!.node).toEqual(order(9));
    expect(group!.children).toEqual([{ id: 'gid://shopify/LineItem/9', name: 'Kurta — ₹1,499 “festive”' }]);
  });

  it('skips the orders a resumed backfill already wrote, in file order', async () => {
    const groups = await groupsOf([order(1), line(1, 1), order(2), line(2, 1), order(3)], 2);
    expect(groups).toEqual([{ id: 'gid://shopify/Order/3', lines: [] }]);
  });

  it('an order without lines is still an order', async () => {
    expect(await groupsOf([order(5)])).toEqual([{ id: 'gid://shopify/Order/5', lines: [] }]);
  });
});
