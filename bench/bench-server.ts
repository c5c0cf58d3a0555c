import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import pg from 'pg';
import { newKeyEntry } from '../src/services/credential-vault.js';
import { processCpuSeconds } from './proc-cpu.js';
import { startFlags } from './start-flags.js';

/**
 * A database of the bench's own on DATABASE_URL's server, dropped (with its connections) when done,
 * unless `keep` (to look at its plans afterwards); `admin` stays connected to the server's own
 * database, to look at the scratch one from outside.
 */
export async function scratchDatabase(
  baseUrl: string,
  label: string,
): Promise<{ url: string; name: string; admin: pg.Client; drop(opts?: { keep?: boolean }): Promise<void> }> {
  const admin = new pg.Client({ connectionString: baseUrl });
  await admin.connect();
  const name = `sutra_bench_${label}_${Date.now()}`;
  await admin.query(`create database "${name}"`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    admin,
    async drop({ keep = false } = {}) {
      if (!keep) await admin.query(`drop database if exists "${name}" with (force)`);
      await admin.end();
    },
  };
}

/**
 * The built server as its own process (what a deployment runs: npm start's node flags), in
 * production mode, on `databaseUrl`, with the order schedule off. Resolves once it listens.
 * BENCH_CPU_PROF=<dir>: the server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools).
 */
export async function startServerProcess(databaseUrl: string, jwtSecret: string, opts: { role: 'all' | 'api'; env?: Record<string, string> }) {
  const profile = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...startFlags(), ...profile, '.bench-build/src/main.js'], {
    env: {
      PATH: process.env.PATH,
      ...opts.env,
      DATABASE_URL: databaseUrl,
      JWT_SECRET: jwtSecret,
      CREDENTIALS_KEYS: newKeyEntry('bench'),
      ROLE: opts.role,
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'info',
      ORDER_SYNC_INTERVAL: 'off',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.startsWith('{')) return;
      const entry = JSON.parse(line) as { port?: unknown };
      if (typeof entry.port === 'number') resolve(entry.port);
    });
  });
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
  return {
    url: `http://127.0.0.1:${port}`,
    // The CPU the server really used, whatever the machine's other load.
    cpuMs: () => processCpuSeconds(child.pid!) * 1000,
    // VmHWM: the peak resident set since the process started.
    rss: () => ({ now: kib('VmRSS'), peak: kib('VmHWM') }),
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** A GraphQL client of `serverUrl` as the token's seller: the answer's data, or its first error thrown. */
export function graphqlAs(serverUrl: string, token: string) {
  return async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await fetch(`${serverUrl}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
    if (body.errors) throw new Error(body.errors[0]!.message);
    return body.data!;
  };
}
