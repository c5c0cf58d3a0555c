import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { promisify } from 'node:util';
import { doc, connected, gql, wsClient } from '../support/server.js';

/**
 * The newcomer's path: `npm start` with no DATABASE_URL. This runs the built server
 * (dist/, made by `npm test` before jest) as its own process on an embedded PGlite.
 */
describe('embedded mode (no DATABASE_URL)', () => {
  let dataDir: string;
  let child: ChildProcess;
  let url: string;
  const logs: Array<Record<string, unknown>> = [];
  const env = () => {
    const { DATABASE_URL: _, JWT_SECRET: __, ...rest } = process.env;
    return { ...rest, SUTRA_DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', LOG_FORMAT: 'json', LOG_LEVEL: 'info', NODE_ENV: 'development' };
  };

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'sutra-embedded-'));
    child = spawn(process.execPath, ['dist/main.js'], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no listening line in 60 s: ${JSON.stringify(logs)}`)), 60_000);
      child.once('exit', (code) => reject(new Error(`server exited with ${code}: ${JSON.stringify(logs)}`)));
      createInterface({ input: child.stdout! }).on('line', (line) => {
        if (!line.startsWith('{')) return;
        const entry = JSON.parse(line) as Record<string, unknown>;
        logs.push(entry);
        if (typeof entry.port === 'number') {
          clearTimeout(timer);
          resolve(`http://127.0.0.1:${entry.port}`);
        }
      });
    });
  }, 90_000);

  afterAll(async () => {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    await rm(dataDir, { recursive: true, force: true });
  });

  it('says the embedded database is not for production', () => {
    expect(logs.some((l) => String(l.msg).includes('it is for trying Sutra, not for production'))).toBe(true);
  });

  it('is ready, and answers a token from `npm run token`', async () => {
    expect((await fetch(`${url}/readyz`)).status).toBe(200);
    const { stdout } = await promisify(execFile)(process.execPath, ['dist/cli/token.js', 'newcomer'], { env: env() });
    const token = stdout.trim();
    type Answer = { integrationCatalog: { sections: Array<{ providers: Array<{ id: string }> }> }; channelAccounts: Array<{ id: string }> };
    const res = await gql({ url }, doc<Answer>('{ integrationCatalog { sections { providers { id status { state } } } } channelAccounts { id } }'), {}, token);
    expect(res.errors).toBeUndefined();
    expect(res.data!.integrationCatalog.sections.flatMap((s) => s.providers)).toHaveLength(8);
    expect(res.data!.channelAccounts).toEqual([]);

    const ws = wsClient({ wsUrl: url.replace('http', 'ws') + '/graphql' }, token);
    await expect(connected(ws)).resolves.toBeUndefined();
    await ws.dispose();
  });

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
