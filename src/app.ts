import 'reflect-metadata';
import { hostname } from 'node:os';
import type { Config } from './config.js';
import { checkDatabase, openDatabase, type Orm } from './db/database.js';
import { startEmbeddedDatabase, EMBEDDED_LIMITS, type EmbeddedDatabase } from './db/embedded.js';
import { migrateAsOwner } from './db/migrate.js';
import { withStartupLock } from './db/startup-lock.js';
import { createEventBus, type PubSubHandle } from './events/event-bus.js';
import { startHealthServer } from './http/health.js';
import type { HttpApp } from './http/server.js';
import { createAgenda, type Scheduler } from './jobs/agenda.js';
import { loadOrCreateLocalSecret } from './local-secrets.js';
import type { Logger } from './logger.js';
import { CredentialService } from './services/credential-service.js';
import { loadKeyring } from './services/keyring-loader.js';
import type { Services } from './services/services.js';
import { SYNC_HANDLERS } from './services/sync/handlers/index.js';
import { accountEventsHandler } from './services/sync/handlers/account-events.js';
import { SyncLifecycle } from './services/sync/lifecycle.js';
import { scheduleOrderSync } from './jobs/order-sync-schedule.job.js';
import { scheduleShipmentSync } from './jobs/shipment-sync-schedule.job.js';
import { scheduleAdSpendSync } from './jobs/ad-spend-schedule.job.js';
import { defineProfitRecomputeJob, profitRecomputeQueue } from './jobs/profit-recompute.job.js';
import { scheduleProfitSweep } from './jobs/profit-sweep.job.js';
import { defineSyncProviderJob, syncProviderQueue } from './jobs/sync-provider.job.js';
import { defineProcessPushJob, pushQueue } from './jobs/process-push.job.js';
import { PushIntake } from './services/push-intake.js';

export interface RunningApp {
  /** The port HTTP listens on: the API's, or a worker's probes (/healthz, /readyz). */
  port?: number;
  url?: string;
  services: Services;
  stop(): Promise<void>;
}

/**
 * Boot in the order README "Architecture" gives: configuration → database → jobs → HTTP server.
 * Shutdown runs the same steps backwards; each step registers its own undo.
 */
export async function startApp(config: Config, log: Logger): Promise<RunningApp> {
  const undo: Array<{ name: string; run: () => Promise<unknown> }> = [];
  const stop = async () => {
    for (const step of undo.reverse()) {
      await step.run().catch((err) => log.error({ err, step: step.name }, 'shutdown step failed'));
      log.debug(`stopped ${step.name}`);
    }
    undo.length = 0;
  };
  try {
    const embedded = !config.database.url;
    let embeddedDb: EmbeddedDatabase | undefined;
    if (embedded) {
      if (config.role !== 'all') throw new Error('ROLE=api/worker needs DATABASE_URL: the embedded database serves one process only');
      embeddedDb = await startEmbeddedDatabase(config.database.dataDir, log);
      undo.push({ name: 'embedded database', run: () => embeddedDb!.stop() });
    }
    const databaseUrl = config.database.url ?? embeddedDb!.url;
    const jwt = { ...config.jwt };
    if (!jwt.secret && !jwt.jwksUrl) {
      const secret = await loadOrCreateLocalSecret(config.database.dataDir, 'jwt-secret');
      jwt.secret = secret.value;
      log.info(
        { dataDir: config.database.dataDir, created: secret.created },
        'embedded mode signs tokens with a secret kept in the data folder (npm run token prints one)',
      );
    }

    await checkDatabase(databaseUrl);
    const bus: PubSubHandle = createEventBus(config.redisUrl, log);
    undo.push({ name: 'event bus', run: () => bus.close() });

    // Migrations and Agenda's tables first, as the database owner: the application's ORM takes
    // a role (db/row-level-security.ts) that the migrations make, and on the embedded database
    // every connection shares the one session that role is taken on.
    const scheduler: Scheduler = await withStartupLock(embedded ? undefined : databaseUrl, async () => {
      if (config.database.migrateOnStart) await migrateAsOwner({ url: databaseUrl, log: (message) => log.debug({ component: 'orm' }, message) }, log);
      const created = await createAgenda({
        databaseUrl,
        mongoUrl: config.agendaMongoUrl,
        embedded,
        name: `${hostname()}:${process.pid}`,
        lockLifetimeMs: config.jobLockLifetimeMs,
        log,
      });
      await created.agenda.ready;
      return created;
    });
    const orm: Orm = await openDatabase(
      { url: databaseUrl, poolMax: embedded ? EMBEDDED_LIMITS.ormPoolMax : config.database.poolMax, logSql: config.database.logSql },
      log,
    ).catch(async (err: unknown) => {
      await scheduler.close({ processing: false, drainMs: 0 });
      throw err;
    });
    undo.push({ name: 'database pool', run: () => orm.close() });
    const { agenda } = scheduler;
    const credentials = new CredentialService(await loadKeyring(config, log));
    const profitQueue = profitRecomputeQueue(agenda);
    const sync = new SyncLifecycle({
      orm,
      queue: syncProviderQueue(agenda),
      credentials,
      events: bus.pubsub,
      config,
      log,
      handlers: [...SYNC_HANDLERS, accountEventsHandler(credentials)],
      profitQueue,
    });
    const push = new PushIntake({ orm, queue: pushQueue(agenda), log });
    const services: Services = { config, orm, events: bus.pubsub, credentials, sync, push };
    undo.push({
      name: 'job scheduler',
      run: async () => {
        // Running syncs finish the batch they are writing and go back to the queue.
        sync.shutdown();
        await scheduler.close({ processing: config.role !== 'api', drainMs: 15_000 });
      },
    });
    if (config.role !== 'api') {
      defineSyncProviderJob(agenda, sync, log);
      defineProcessPushJob(agenda, sync, log);
      if (config.orderSyncInterval) await scheduleOrderSync(agenda, orm, sync, config.orderSyncInterval, log);
      defineProfitRecomputeJob(agenda, orm, log);
      await scheduleProfitSweep(agenda, orm, profitQueue, log);
      if (config.shipmentSyncInterval) await scheduleShipmentSync(agenda, orm, sync, config.shipmentSyncInterval, log);
      if (config.adSpendSchedule) await scheduleAdSpendSync(agenda, orm, sync, config.adSpendRestatementDays, log);
      await agenda.start();
    }

    let http: HttpApp | undefined;
    let port: number | undefined;
    if (config.role === 'worker') {
      const health = await startHealthServer(orm, bus, log, config.port, config.host);
      port = health.port;
      undo.push({ name: 'health server', run: () => health.close() });
    }
    if (config.role !== 'api')
      log.info(
        {
          orderSyncInterval: config.orderSyncInterval ?? 'off',
          shipmentSyncInterval: config.shipmentSyncInterval ?? 'off',
          adSpendSchedule: config.adSpendSchedule ? '00:30 Asia/Kolkata' : 'off',
          ...(config.role === 'worker' && { port }),
        },
        'job worker started',
      );
    if (config.role !== 'worker') {
      const { createSchema, createHttpApp, createAuthService, createTokenVerifier } = await loadApiModules();
      const schema = await createSchema(bus.pubsub);
      const auth = createAuthService(orm, createTokenVerifier(jwt));
      http = await createHttpApp({ services, schema, auth, log, eventBus: bus });
      port = await http.listen(config.port, config.host);
      undo.push({ name: 'http server', run: () => http!.close() });
      log.info(
        { port, role: config.role, mode: config.nodeEnv },
        `Sutra listening on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`,
      );
    }
    return { port, url: port && config.role !== 'worker' ? `http://127.0.0.1:${port}` : undefined, services, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * The API's modules (Apollo, graphql-js, type-graphql and the resolvers, the HTTP server), loaded
 * only by a process that serves the API: a worker (ROLE=worker) never holds them, about 7 MiB
 * of live heap, which the old generation's growth between full collections multiplies
 * (README "Performance", Memory; test/e2e/worker-modules.test.ts).
 */
async function loadApiModules() {
  // One after another: graphs that share modules, linked at the same time, trip jest's ESM linker
  // ("request for … is from a module not been linked") when the app starts in a test.
  const { createSchema } = await import('./graphql/schema.js');
  const { createHttpApp } = await import('./http/server.js');
  const { createAuthService } = await import('./services/auth-service.js');
  const { createTokenVerifier } = await import('./services/token-verifier.js');
  return { createSchema, createHttpApp, createAuthService, createTokenVerifier };
}
