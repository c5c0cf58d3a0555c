import 'reflect-metadata';
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { MikroORM } from '@mikro-orm/postgresql';
import { loadConfig } from '../src/config.js';
import { migrate } from '../src/db/migrate.js';
import { ormOptions } from '../src/db/orm-options.js';
import { ChannelAccount, ChannelType, SyncJob, SyncScope, SyncTrigger, User } from '../src/domain/index.js';
import { createLogger } from '../src/logger.js';
import { getProviderModule } from '../src/providers/registry.js';
import { SANDBOX_CREDENTIALS, sandboxEnv } from '../src/sandbox/credentials.js';
import { startSandbox } from '../src/sandbox/server.js';
import { CredentialService } from '../src/services/credential-service.js';
import { newKeyEntry, parseKeyring } from '../src/services/credential-vault.js';
import { scratchDatabase } from './bench-server.js';
import { processCpuSeconds } from './proc-cpu.js';
import { startFlags } from './start-flags.js';
import type { WorkerReport } from './sync-worker.js';

/**
 * `npm run bench:shopify-bulk -- [N] [P]`: a Shopify shop's first sync of N orders (default
 * 50,000) by a bulk operation (docs/providers.md §1.9), beside the rate of paged queries over P
 * orders (default 400), both under a Standard shop's limits (the sandbox at rate scale 1: 100
 * points a second, a 2000-point bucket, docs/providers.md §1.11).
 *
 * - Bulk: the syncing process is a Sutra worker as deployed (bench/sync-worker, ROLE=worker) running
 *   the shop's first sync into a scratch database on DATABASE_URL's server; the sandbox runs in a
 *   process of its own. Its end-to-end rate and peak RSS are reported (the target: ≤ 300 MiB).
 * - Paged: the same connector with the sandbox refusing bulk access (it then pages), in this
 *   process, read and normalized but not written (the bucket, not the database, is the limit).
 *   The first pages spend the bucket's initial 2000 points; the steady rate is taken after them.
 */
const N = Number(process.argv[2] ?? 50_000);
const P = Number(process.argv[3] ?? 400);
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl || !Number.isInteger(N) || N < 1 || !Number.isInteger(P) || P < 1) {
  console.error('usage: DATABASE_URL=postgres://… npm run bench:shopify-bulk -- [orders] [paged orders]');
  process.exit(2);
}
const log = createLogger({ level: 'warn', pretty: false });
const mib = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MiB`;
const count = (n: number) => Math.round(n).toLocaleString('en-US');

// 1. Paged, under the Standard plan's bucket.
const paged = await pagedRate(P);
console.log(
  `paged queries (bulk access off), ${count(P)} orders at 100 points/s: ${paged.seconds.toFixed(1)} s in all (${paged.overall.toFixed(2)} orders/s),` +
    ` ${paged.steady.toFixed(2)} orders/s once the bucket's first 2000 points are spent`,
);

// 2. Bulk, end to end in a worker of its own.
const scratch = await scratchDatabase(baseUrl, 'bulk');
const url = new URL(scratch.url);
const sandbox = await startSandboxProcess(N);
const orm = await MikroORM.init(ormOptions({ url: url.toString(), poolMax: 4 }));
try {
  await migrate(orm, log);
  const env = { ...sandbox.env, DATABASE_URL: url.toString(), JWT_SECRET: 'x'.repeat(32), CREDENTIALS_KEYS: newKeyEntry('bench'), NODE_ENV: 'production' };
  const config = loadConfig(env);
  const credentials = new CredentialService(parseKeyring(config.credentialsKeys!));
  const em = orm.em.fork();
  const shop = SANDBOX_CREDENTIALS.shopify;
  const user = em.create(User, { subject: `bench-shopify-${randomUUID()}` });
  const account = em.create(ChannelAccount, { user, providerId: 'shopify', channelType: ChannelType.SHOPIFY, externalId: shop.shop, displayName: shop.shop });
  // A first sync: no cursor and no window asked, so the connector backfills by bulk operation.
  const job = em.create(SyncJob, { user, providerId: 'shopify', channelAccount: account, scope: SyncScope.ORDERS, trigger: SyncTrigger.MANUAL });
  await em.flush();
  await credentials.save(em.fork(), { userId: user.id, providerId: 'shopify', channelAccountId: account.id, fields: { ...shop } });

  const sandboxCpu = processCpuSeconds(sandbox.pid);
  const worker = await runWorker(job.id, user.id, env);
  const sandboxSeconds = processCpuSeconds(sandbox.pid) - sandboxCpu;
  const [done] = await orm.em
    .getConnection()
    .execute<Array<{ processed: number; status: string; error: string | null }>>('select processed, status, error from sync_jobs where id = ?', [job.id]);
  if (done?.status !== 'SUCCEEDED' || done.processed !== N) throw new Error(`the sync did not import ${N} orders: ${JSON.stringify(done)}`);
  const rate = N / worker.seconds;
  console.log(`bulk backfill, ${count(N)} orders (sandbox in its own process, rate scale 1; its export takes 1 s per 10,000 objects):`);
  console.log(`  end to end (operation, download, grouping, writes)  ${worker.seconds.toFixed(1)} s   ${count(rate)} orders/s`);
  console.log(`  peak RSS of the syncing process                     ${mib(worker.peakRss)} (target ≤ 300 MiB)`);
  console.log(
    `    at peak: V8 young ${mib(worker.atPeak.young)}, old ${mib(worker.atPeak.old)} (in use ${mib(worker.atPeak.heapUsed)}),` +
      ` outside V8 ${mib(worker.atPeak.outside)} (Buffers ${mib(worker.atPeak.arrayBuffers)}); booted RSS ${mib(worker.ready.rss)}`,
  );
  console.log(
    `  CPU: syncing process ${worker.cpuSeconds.toFixed(1)} s, sandbox ${sandboxSeconds.toFixed(1)} s, PostgreSQL ${worker.databaseCpuSeconds.toFixed(1)} s`,
  );
  console.log(
    `headline: bulk ${count(rate)} orders/s vs paged ${paged.steady.toFixed(2)} orders/s = ${(rate / paged.steady).toFixed(0)}× (target ≥ 10×); peak RSS ${mib(worker.peakRss)}`,
  );
} finally {
  await orm.close();
  await sandbox.stop();
  await scratch.drop();
}

/** The connector paging through P orders of an in-process sandbox whose app has no bulk access. */
async function pagedRate(orders: number): Promise<{ seconds: number; overall: number; steady: number }> {
  const box = await startSandbox({ orders, rateScale: 1 });
  box.shopifyBulk.accessDenied = true;
  try {
    const config = loadConfig({ ...box.env, JWT_SECRET: 'x'.repeat(32), DATABASE_URL: baseUrl!, CREDENTIALS_KEYS: newKeyEntry('bench') });
    const session = { credentials: { ...SANDBOX_CREDENTIALS.shopify }, firstSyncFrom: new Date(0), endpoints: config.providers, log };
    const started = performance.now();
    let seen = 0;
    let steadyFrom: { at: number; seen: number } | undefined;
    for await (const page of getProviderModule('shopify')!.commerce!.pages(session)) {
      seen += page.orders.length;
      // The bucket's 2000 points last 20 s at most at 100 a second: the steady rate is counted after them.
      if (!steadyFrom && performance.now() - started > 20_000) steadyFrom = { at: performance.now(), seen };
    }
    const seconds = (performance.now() - started) / 1000;
    const steady = steadyFrom ? (seen - steadyFrom.seen) / ((performance.now() - steadyFrom.at) / 1000) : seen / seconds;
    return { seconds, overall: seen / seconds, steady };
  } finally {
    await box.stop();
  }
}

async function runWorker(jobId: string, userId: string, env: Record<string, string>): Promise<WorkerReport> {
  const child = fork(fileURLToPath(new URL('./sync-worker.js', import.meta.url)), [jobId, userId], {
    env: { PATH: process.env.PATH ?? '', BENCH_MEMORY_TRACE: process.env.BENCH_MEMORY_TRACE ?? '', ...env },
    execArgv: [...startFlags(), '--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  return new Promise<WorkerReport>((resolve, reject) => {
    let report: WorkerReport | undefined;
    child.once('message', (m) => (report = m as WorkerReport));
    child.once('exit', (code) => (report && code === 0 ? resolve(report) : reject(new Error(`the syncing process exited with ${code}`))));
  });
}

/** The sandbox in its own process, at Shopify's Standard limits (rate scale 1). */
async function startSandboxProcess(orders: number): Promise<{ env: Record<string, string>; pid: number; stop(): Promise<void> }> {
  const child: ChildProcess = fork(fileURLToPath(new URL('../src/sandbox/cli.js', import.meta.url)), ['--port', '0'], {
    env: { ...process.env, SANDBOX_ORDERS: String(orders), SANDBOX_RATE_SCALE: '1' },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the sandbox exited with ${code}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const found = /on (http:\/\/[^ ]+) /.exec(line);
      if (found) resolve(found[1]!);
    });
  });
  return { env: sandboxEnv(url), pid: child.pid!, stop: () => new Promise((resolve) => (child.once('exit', () => resolve()), child.kill())) };
}
