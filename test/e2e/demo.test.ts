import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '../support/ports.js';
import { gql } from '../support/server.js';

const demoEnv = (extra: Record<string, string>) => {
  const { DATABASE_URL: _, JWT_SECRET: __, NODE_ENV: ___, ...rest } = process.env;
  return { ...rest, ...extra };
};

/** `npm run demo` as a newcomer runs it (the built dist/, as `npm test` builds it first). */
describe('npm run demo', () => {
  let dataDir: string;
  // Where `npm start` and `npm run token` keep their data (SUTRA_DATA_DIR), kept out of the working tree.
  let localDir: string;
  let child: ChildProcess | undefined;
  let out = '';
  let server: { url: string };
  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sutra-demo-'));
    localDir = await mkdtemp(join(tmpdir(), 'sutra-data-'));
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
    await rm(localDir, { recursive: true, force: true });
  });

  it('prints a token, and a query with it returns orders from every sales channel', async () => {
    const port = await freePort();
    child = spawn(process.execPath, ['dist/cli/demo.js'], {
      env: demoEnv({ SUTRA_DEMO_DATA_DIR: dataDir, SUTRA_DATA_DIR: localDir, PORT: String(port), HOST: '127.0.0.1' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the demo did not finish its first sync in 150 s:\n${out}`)), 150_000);
      child!.once('exit', (code) => reject(new Error(`the demo exited with ${code}:\n${out}`)));
      child!.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        if (out.includes('Ctrl-C stops the demo')) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    const token = /Token \(30 days\):\n(\S+)/.exec(out)?.[1];
    expect(token).toMatch(/^ey/);
    server = { url: `http://127.0.0.1:${port}` };
    for (const providerId of ['shopify', 'amazon', 'flipkart', 'myntra']) {
      const res = await gql<{ orders: { totalCount: number } }>(
        server,
        'query($f: OrderFilter) { orders(filter: $f) { totalCount } }',
        { f: { providerId } },
        token,
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.orders.totalCount).toBeGreaterThan(0);
    }
    const catalog = await gql<{ connectedSummary: { total: number } }>(server, '{ connectedSummary { total } }', {}, token);
    expect(catalog.data!.connectedSummary.total).toBe(8);
    // The demo presses "Sync orders and inventory" where a card offers it: the stock it read is shown, none of it negative.
    const stock = await gql<{ inventory: Array<{ onHand: number; reserved: number; available: number }> }>(
      server,
      '{ inventory { onHand reserved available } }',
      {},
      token,
    );
    expect(stock.data!.inventory.length).toBeGreaterThan(0);
    expect(stock.data!.inventory.every((l) => l.available >= 0 && l.reserved >= 0 && l.onHand >= 0)).toBe(true);
  }, 180_000);

  it('accepts a token made by npm run token, as a newcomer makes one beside it', async () => {
    const made = await promisify(execFile)(process.execPath, ['dist/cli/token.js', 'newcomer'], { env: demoEnv({ SUTRA_DATA_DIR: localDir }) });
    const token = made.stdout.trim();
    expect(token).toMatch(/^ey/);
    const res = await gql<{ connectedSummary: { total: number } }>(server, '{ connectedSummary { total } }', {}, token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.connectedSummary.total).toBe(0);
  });

  it('prints where its sandbox listens', async () => {
    const sandbox = /^Sandbox \(.*\): (http:\/\/\S+)$/m.exec(out)?.[1];
    expect(sandbox).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    // The sandbox's own control route answers there (clearing faults changes nothing here).
    expect((await fetch(`${sandbox}/_sandbox/faults`, { method: 'DELETE' })).status).toBe(204);
  });

  it('refuses to start with NODE_ENV=production', async () => {
    const refused = spawn(process.execPath, ['dist/cli/demo.js'], {
      env: demoEnv({ NODE_ENV: 'production', SUTRA_DEMO_DATA_DIR: dataDir, SUTRA_DATA_DIR: localDir }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    refused.stderr!.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((r) => refused.once('exit', r));
    expect(code).toBe(1);
    expect(err).toMatch(/refuses to start with NODE_ENV=production/);
  });
});
