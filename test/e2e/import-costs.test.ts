import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gql, newUserToken, startTestServer, type TestServer } from '../support/server.js';

const run = promisify(execFile);

/**
 * The README's catalogue import: `npm run import-costs -- costs.csv` sets the costs of a CSV
 * through the API, as any client would; a row the server refuses is named by its line in the
 * file, and the rows of that call are not set.
 */
describe('importing product costs from a CSV', () => {
  let server: TestServer;
  let dir: string;
  beforeAll(async () => {
    server = await startTestServer();
    dir = await mkdtemp(join(tmpdir(), 'sutra-costs-'));
  });
  afterAll(async () => {
    await server.stop();
    await rm(dir, { recursive: true, force: true });
  });

  const importCsv = async (token: string, csv: string) => {
    const file = join(dir, `${Math.random().toString(36).slice(2)}.csv`);
    await writeFile(file, csv);
    return run(process.execPath, ['dist/cli/import-costs.js', file], { env: { ...process.env, SUTRA_URL: server.url, SUTRA_TOKEN: token } }).then(
      ({ stdout }) => ({ code: 0, out: stdout.trim() }),
      (err: { code: number; stderr: string }) => ({ code: err.code, out: err.stderr.trim() }),
    );
  };
  const costs = async (token: string) =>
    (
      await gql<{ productCosts: Array<{ sku: string; cost: { amount: string }; effectiveFrom: string; gstPercent: string | null }> }>(
        server,
        '{ productCosts { sku cost { amount } effectiveFrom gstPercent } }',
        {},
        token,
      )
    ).data!.productCosts;

  it('sets every row, with its date and GST rate when the file gives them', async () => {
    const { token } = await newUserToken('csv');
    const result = await importCsv(
      token,
      'SKU,Cost,Effective_From,GST_Percent\nKURTA-BLU-M,420.50,,12\nKURTA-BLU-M,445.00,2026-12-01,12\n"SAREE, SILK",980,2026-11-01,\n',
    );
    expect(result).toEqual({ code: 0, out: '3 costs set' });
    expect(await costs(token)).toEqual([
      { sku: 'KURTA-BLU-M', cost: { amount: '445.00' }, effectiveFrom: '2026-12-01', gstPercent: '12.00' },
      // A SKU's first cost without a date counts for every order.
      { sku: 'KURTA-BLU-M', cost: { amount: '420.50' }, effectiveFrom: '2000-01-01', gstPercent: '12.00' },
      { sku: 'SAREE, SILK', cost: { amount: '980.00' }, effectiveFrom: '2026-11-01', gstPercent: null },
    ]);
  });

  it('names the line the server refused, and sets none of that call', async () => {
    const { token } = await newUserToken('csv-bad');
    const result = await importCsv(token, 'sku,cost\nMUG-WHT-S,95\nMUG-BLK-S,-95\n');
    expect(result.code).toBe(1);
    expect(result.out).toBe('0 costs set before this stopped: line 3: cost must not be negative (got -95)');
    expect(await costs(token)).toEqual([]);
  });

  it('refuses a file with a column it does not know, before sending anything', async () => {
    const { token } = await newUserToken('csv-columns');
    const result = await importCsv(token, 'sku,price\nMUG-WHT-S,95\n');
    expect(result).toEqual({
      code: 1,
      out: '0 costs set before this stopped: unknown column price: the columns are sku, cost, effective_from, gst_percent, currency',
    });
  });
});
