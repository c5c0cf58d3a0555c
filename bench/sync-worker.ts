import 'reflect-metadata';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { createEventBus } from '../src/events/event-bus.js';
import { createAgenda } from '../src/jobs/agenda.js';
import { syncProviderQueue } from '../src/jobs/sync-provider.job.js';
import { createLogger } from '../src/logger.js';
import { CredentialService } from '../src/services/credential-service.js';
import { parseKeyring } from '../src/services/credential-vault.js';
import { SyncEngine } from '../src/services/sync-engine.js';
import { processCpuSeconds } from './proc-cpu.js';

/**
 * The syncing process of `npm run bench:import`, alone in its own process (bench/import.ts
 * forks it): it opens the database, the job scheduler and the event bus as a Sutra worker
 * does, runs the one sync job named on its command line through the sync engine, and sends
 * its parent what it measured of itself: the run's wall time, its CPU time, and its peak RSS
 * (the kernel's high-water mark, so nothing between two samples is missed); and the CPU the
 * PostgreSQL backends serving its database used meanwhile.
 * Its environment is Sutra's own (DATABASE_URL, CREDENTIALS_KEYS, the sandbox's URLs).
 */
export interface WorkerReport {
  seconds: number;
  cpuSeconds: number;
  /** CPU of the PostgreSQL backends connected to the bench's database during the run. */
  databaseCpuSeconds: number;
  /** Peak RSS of this process over its whole life, in bytes. */
  peakRss: number;
  /** RSS once connected, before the sync started: what the sync itself added is the difference. */
  readyRss: number;
  /** What the RSS held when it was highest (sampled every 100 ms): V8's heap, and memory outside it. */
  atPeak: NodeJS.MemoryUsage;
  /** The most V8's heap held live at any sample. */
  peakHeapUsed: number;
}

const jobId = process.argv[2];
if (!jobId || !process.send) {
  console.error('bench/sync-worker.js is started by bench/import.js with a job id');
  process.exit(2);
}

const config = loadConfig(process.env);
const log = createLogger({ level: 'warn', pretty: false });
const orm = await openDatabase({ url: config.database.url!, poolMax: config.database.poolMax }, log);
const scheduler = await createAgenda({ databaseUrl: config.database.url!, embedded: false, name: 'bench-worker', log });
await scheduler.agenda.ready;
const bus = createEventBus();
const engine = new SyncEngine({
  orm,
  queue: syncProviderQueue(scheduler.agenda),
  credentials: new CredentialService(parseKeyring(config.credentialsKeys!)),
  events: bus.pubsub,
  config,
  log,
});

/** CPU seconds so far of each backend connected to this database (the pool opens its connections on demand). */
const backendCpu = async () => {
  const rows = await orm.em.getConnection().execute<Array<{ pid: number }>>('select pid from pg_stat_activity where datname = current_database()');
  return new Map(rows.map(({ pid }) => [pid, processCpuSeconds(pid)]));
};

const readyRss = process.memoryUsage().rss;
let atPeak = process.memoryUsage();
let peakHeapUsed = atPeak.heapUsed;
const sampler = setInterval(() => {
  const now = process.memoryUsage();
  if (now.rss > atPeak.rss) atPeak = now;
  peakHeapUsed = Math.max(peakHeapUsed, now.heapUsed);
  if (!process.env.BENCH_MEMORY_TRACE || ++ticks % 10) return;
  // With --expose-gc (BENCH_WORKER_FLAGS), the heap after a full collection: what is really live.
  const live = global.gc ? (global.gc(), process.memoryUsage().heapUsed >> 20) : '?';
  console.error(
    `memory: rss ${now.rss >> 20} heap ${now.heapUsed >> 20}/${now.heapTotal >> 20} (live ${live})` +
      ` external ${now.external >> 20} buffers ${now.arrayBuffers >> 20} MiB`,
  );
}, 100);
let ticks = 0;
const databaseBefore = await backendCpu();
// BENCH_ALLOC_PROFILE=<file.heapprofile>: the run's allocations, sampled, garbage included (where the churn comes from);
// BENCH_ALLOC_PROFILE_OLD=1 leaves out what died young: what reached the old generation, where garbage waits for a full GC.
const allocations = process.env.BENCH_ALLOC_PROFILE ? new Session() : undefined;
if (allocations) {
  allocations.connect();
  await allocations.post('HeapProfiler.startSampling', {
    samplingInterval: 64 * 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: !process.env.BENCH_ALLOC_PROFILE_OLD,
  });
}
const cpuBefore = process.cpuUsage();
const started = performance.now();
await engine.run(jobId, async () => undefined);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const databaseAfter = await backendCpu();
clearInterval(sampler);
if (allocations) {
  const { profile } = await allocations.post('HeapProfiler.stopSampling');
  await writeFile(process.env.BENCH_ALLOC_PROFILE!, JSON.stringify(profile));
  allocations.disconnect();
}

const report: WorkerReport = {
  seconds,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  databaseCpuSeconds: [...databaseAfter].reduce((t, [pid, after]) => t + after - (databaseBefore.get(pid) ?? 0), 0),
  peakRss: process.resourceUsage().maxRSS * 1024,
  readyRss,
  atPeak,
  peakHeapUsed,
};
await scheduler.close({ processing: false, drainMs: 0 });
await bus.close();
await orm.close();
process.send(report, undefined, undefined, () => process.disconnect());
