import { readFileSync, realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import v8 from 'node:v8';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { processCpuSeconds } from './proc-cpu.js';

/**
 * The syncing process of `npm run bench:import`, alone in its own process (bench/import.ts
 * forks it): it boots as a Sutra worker does (ROLE=worker, through src/app.ts, so it loads
 * exactly the code a worker loads), runs the one sync job named on its command line through
 * the worker's sync engine, and sends its parent what it measured of itself: the run's wall
 * time, its CPU time, its peak RSS (the kernel's high-water mark, so nothing between two
 * samples is missed) and where that memory was; and the CPU the PostgreSQL backends serving
 * its database used meanwhile.
 * Its environment is Sutra's own (DATABASE_URL, CREDENTIALS_KEYS, the sandbox's URLs).
 */
export interface WorkerReport {
  seconds: number;
  cpuSeconds: number;
  /** CPU of the PostgreSQL backends connected to the bench's database during the run. */
  databaseCpuSeconds: number;
  /** Peak RSS of this process over its whole life, in bytes. */
  peakRss: number;
  /** Once booted as a worker, before the sync started: the code loaded and the heap it left. */
  ready: MemoryShares;
  /** What the RSS held when it was highest (sampled every 100 ms). */
  atPeak: MemoryShares;
  /** The most V8's heap held in use (live or not yet collected) at any sample. */
  peakHeapUsed: number;
  /** V8's heap in use after a full collection once the sync ended: what is really live (code, caches), without garbage. */
  liveAfter: number;
  /** Of the memory outside V8's heap, the node executable's own code and data, resident (0 where /proc is missing). */
  nodeBinary: number;
}

/** Where the RSS is, as V8 and the kernel tell it cheaply, in bytes. */
export interface MemoryShares {
  rss: number;
  /** V8's young generation as reserved: where objects are made and most die (its size is V8's choice, up to --max-semi-space-size × 2). */
  young: number;
  /** The rest of V8's heap as reserved: the old generation (objects that lived through two young collections, garbage included until a full collection), code, large objects. */
  old: number;
  /** Of the whole heap, how much holds objects (live or garbage not yet collected). */
  heapUsed: number;
  /** Outside V8's heap: Node's own code, and memory from malloc (buffers, sockets, the compiler). */
  outside: number;
  /** Of it, the bytes of Buffers and ArrayBuffers (response bodies, socket writes). */
  arrayBuffers: number;
}

function memoryShares(): MemoryShares {
  const m = process.memoryUsage();
  const young = v8
    .getHeapSpaceStatistics()
    .filter((s) => s.space_name === 'new_space' || s.space_name === 'new_large_object_space')
    .reduce((total, s) => total + s.space_size, 0);
  return { rss: m.rss, young, old: m.heapTotal - young, heapUsed: m.heapUsed, outside: m.rss - m.heapTotal, arrayBuffers: m.arrayBuffers };
}

/** Resident bytes of the mappings of the node executable itself, from /proc/self/smaps (Linux). */
function nodeBinaryRss(): number {
  try {
    const executable = realpathSync(process.execPath);
    let total = 0;
    let ours = false;
    for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
      if (/^[0-9a-f]+-[0-9a-f]+ /.test(line)) ours = line.endsWith(executable);
      else if (ours && line.startsWith('Rss:')) total += Number(line.split(/\s+/)[1]) * 1024;
    }
    return total;
  } catch {
    return 0;
  }
}

const [jobId, userId] = process.argv.slice(2);
if (!jobId || !userId || !process.send) {
  console.error('bench/sync-worker.js is started by bench/import.js with a job id and its seller');
  process.exit(2);
}

// A worker as deployed, but with no probe port to collide on, no migrations (the bench ran
// them) and no schedule queueing syncs of its own; the job below is run directly.
const config = loadConfig({ ...process.env, ROLE: 'worker', HOST: '127.0.0.1', PORT: '0', MIGRATE_ON_START: 'false', ORDER_SYNC_INTERVAL: 'off' });
// As src/main.ts does: the app's modules load once NODE_ENV is Sutra's own.
process.env.NODE_ENV = config.nodeEnv;
const { startApp } = await import('../src/app.js');
const app = await startApp(config, createLogger({ level: 'warn', pretty: false }));
const { orm, sync } = app.services;

/** CPU seconds so far of each backend connected to this database (the pool opens its connections on demand). */
const backendCpu = async () => {
  const rows = await orm.em.getConnection().execute<Array<{ pid: number }>>('select pid from pg_stat_activity where datname = current_database()');
  return new Map(rows.map(({ pid }) => [pid, processCpuSeconds(pid)]));
};

const ready = memoryShares();
let atPeak = ready;
let peakHeapUsed = ready.heapUsed;
const sampler = setInterval(() => {
  const now = memoryShares();
  if (now.rss > atPeak.rss) atPeak = now;
  peakHeapUsed = Math.max(peakHeapUsed, now.heapUsed);
  if (!process.env.BENCH_MEMORY_TRACE || ++ticks % 10) return;
  console.error(
    `memory: rss ${now.rss >> 20} young ${now.young >> 20} old ${now.old >> 20} (heap used ${now.heapUsed >> 20})` +
      ` outside ${now.outside >> 20} buffers ${now.arrayBuffers >> 20} MiB`,
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
await sync.run(jobId, userId, async () => undefined);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
const databaseAfter = await backendCpu();
clearInterval(sampler);
if (allocations) {
  const { profile } = await allocations.post('HeapProfiler.stopSampling');
  await writeFile(process.env.BENCH_ALLOC_PROFILE!, JSON.stringify(profile));
  allocations.disconnect();
}

// bench/import.ts starts this process with --expose-gc for this one collection, after the run.
global.gc?.();
const liveAfter = process.memoryUsage().heapUsed;

const report: WorkerReport = {
  seconds,
  cpuSeconds: (cpu.user + cpu.system) / 1e6,
  databaseCpuSeconds: [...databaseAfter].reduce((t, [pid, after]) => t + after - (databaseBefore.get(pid) ?? 0), 0),
  peakRss: process.resourceUsage().maxRSS * 1024,
  ready,
  atPeak,
  peakHeapUsed,
  liveAfter,
  nodeBinary: nodeBinaryRss(),
};
await app.stop();
// Exits once the report is sent, as main.ts does after app.stop(): a timer still pending in a stopped app must not hold the bench.
process.send(report, undefined, undefined, () => process.exit(0));
