import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createOwnDatabase } from './database.js';
import { TEST_CREDENTIALS_KEYS, TEST_JWT_SECRET } from './env.js';

export interface SutraProcess {
  child: ChildProcess;
  logs: Array<Record<string, unknown>>;
  /** Every line the process wrote to stderr (read, so a chatty child never blocks on a full pipe). */
  stderr: string[];
  /** The HTTP port, for the API role. */
  port?: number;
  kill(signal?: NodeJS.Signals): Promise<number | null>;
}

/**
 * The built server (dist/, made by `npm test` before jest) as its own process: what a
 * deployment's worker or API node is. Without `env.DATABASE_URL` it gets a database of its own,
 * dropped once it has exited (why: startTestServer). Resolves once it is serving (API) or its
 * job worker has started (worker).
 */
export async function startSutraProcess(env: Record<string, string>): Promise<SutraProcess> {
  const database = env.DATABASE_URL ? undefined : await createOwnDatabase('process');
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      ...process.env,
      NODE_ENV: 'test',
      DATABASE_URL: database?.url,
      JWT_SECRET: TEST_JWT_SECRET,
      CREDENTIALS_KEYS: TEST_CREDENTIALS_KEYS,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      ORDER_SYNC_INTERVAL: 'off',
      SHIPMENT_SYNC_INTERVAL: 'off',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Array<Record<string, unknown>> = [];
  const stderr: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => stderr.push(line));
  const ready = new Promise<number | undefined>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready in 30 s: ${JSON.stringify(logs.slice(-5))}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`exited with ${code}: ${JSON.stringify(logs.slice(-5))}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as Record<string, unknown>;
      logs.push(entry);
      if (typeof entry.port === 'number' || (env.ROLE === 'worker' && entry.msg === 'job worker started')) {
        clearTimeout(timer);
        resolve(typeof entry.port === 'number' ? entry.port : undefined);
      }
    });
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const dropped = exited.then(() => database?.drop());
  const port = await ready;
  return {
    child,
    logs,
    stderr,
    port,
    async kill(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const code = await exited;
      await dropped;
      return code;
    },
  };
}
