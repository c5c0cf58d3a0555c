import { sql } from 'kysely';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import type { Orm } from '../db/database.js';
import { isDatabaseUnavailable } from '../db/connection-errors.js';
import { forUser, TENANT_FILTER } from '../db/tenant-filter.js';
import { ChannelAccount, ConnectionState, ProviderCredential, SyncJob, SyncLog, SyncScope, SyncStatus, SyncTrigger } from '../domain/index.js';
import type { PubSubHandle, SyncProgressPayload } from '../events/event-bus.js';
import { Topics } from '../events/event-bus.js';
import type { Logger } from '../logger.js';
import { requireCapability, SCOPE_NEEDS } from '../providers/capabilities.js';
import { ProviderError } from '../providers/http.js';
import { getProviderModule, requireProvider } from '../providers/registry.js';
import type { CommerceConnector, OrderPage, StockLevel, SyncSession } from '../providers/types.js';
import { CredentialUnreadableError, type CredentialService } from './credential-service.js';
import { chooseAccount } from './account-choice.js';
import type { JobQueue } from './job-queue.js';
import { publishShipmentChanges } from './channel-shipments.js';
import { ordersSeenBy, writeOrderPage, type PageTarget, type PageWrite } from './order-persistence.js';
import { writeStockLevels } from './stock-persistence.js';
import { writeBatches } from './write-batches.js';

/** A request the caller can fix: unknown scope, provider not connected … */
export class SyncRequestError extends Error {
  override name = 'SyncRequestError';
  constructor(
    message: string,
    /** The argument to fix. */
    readonly field: 'providerId' | 'scope' | 'since' = 'providerId',
  ) {
    super(message);
  }
}

/** A failure worth trying again later, from the saved cursor (Agenda's backoff decides when). */
export class RetryableSyncError extends Error {
  override name = 'RetryableSyncError';
}

/**
 * Whole pages, committed as a unit: their orders, lines and reservations, the account's new
 * cursor (the last page's) and the job's counters. A fresh EntityManager per page, so its transaction writes
 * this page and nothing else (a fork of the job's EntityManager would also flush the job).
 *
 * "Orders seen" counts orders, not the parts a Flipkart order arrives in: each order is
 * marked with the job that wrote it, so one the job already wrote (on an earlier page, or
 * before a crash it resumed from) is not counted again.
 */
export async function commitPage(orm: Orm, target: PageTarget, jobId: string, page: OrderPage): Promise<PageWrite & { processed: number }> {
  const ids = [...new Set(page.orders.map((o) => o.externalId))];
  return forUser(orm.em, target.userId).transactional(async (tx) => {
    const alreadySeen = await ordersSeenBy(tx, target, jobId, ids);
    const processed = ids.length - alreadySeen.size;
    const written = await writeOrderPage(tx, target, page.orders, { id: jobId, alreadySeen });
    await sql`update channel_accounts set sync_cursor = ${page.cursor}, updated_at = now() where id = ${target.channelAccountId}::uuid`.execute(tx.getKysely());
    await sql`
      update sync_jobs set processed = processed + ${processed}, created = created + ${written.created},
        updated = updated + ${written.updated}, total = coalesce(${page.total ?? null}::int, total)
      where id = ${jobId}::uuid`.execute(tx.getKysely());
    return { ...written, processed };
  });
}

/** An account the order-sync schedule syncs. */
export interface ScheduledAccount {
  userId: string;
  channelAccountId: string;
  providerId: string;
}

/**
 * Every connected commerce account, of every seller, whose credentials the provider has not
 * refused: those wait for the seller to reconnect, and syncing them would only send refused
 * credentials again. It reads across sellers: the schedule runs it through asSystem.
 */
export async function accountsToSync(em: EntityManager): Promise<ScheduledAccount[]> {
  const accounts = await em.find(ChannelAccount, { connected: true }, { filters: { [TENANT_FILTER]: false } });
  const refused = new Set(
    (
      await em.find(
        ProviderCredential,
        { channelAccount: { $in: accounts.map((a) => a.id) }, state: { $ne: ConnectionState.CONNECTED } },
        { fields: ['channelAccount'], filters: { [TENANT_FILTER]: false } },
      )
    ).map((c) => c.channelAccount.id),
  );
  return accounts
    .filter((a) => getProviderModule(a.providerId)?.commerce && !refused.has(a.id))
    .map((a) => ({ userId: a.user.id, channelAccountId: a.id, providerId: a.providerId }));
}

export interface SyncEngineDeps {
  orm: Orm;
  /** The sync-provider job (jobs/sync-provider.job.ts): where a queued sync goes to run. */
  queue: JobQueue<{ jobId: string; userId: string }>;
  credentials: CredentialService;
  events: PubSubHandle['pubsub'];
  config: Config;
  log: Logger;
}

// A first sync reaches this far back, for every channel: Shopify gives no more without the read_all_orders scope.
const FIRST_SYNC_DAYS = 60;
// A sync still QUEUED after this long is queued again when it is asked for (by the seller or the schedule).
const REQUEUE_AFTER_MS = 10 * 60_000;

/**
 * The one sync path of every commerce provider: a SyncJob row and an Agenda job; a worker
 * pages through the provider from the account's saved cursor, and each page's rows, the new
 * cursor and the job's counters commit together (whole pages at a time: write-batches.ts),
 * so a job killed at any moment resumes
 * exactly where it stopped. Progress goes out after every page.
 */
export class SyncEngine {
  private readonly stopping = new AbortController();

  constructor(private readonly deps: SyncEngineDeps) {}

  /**
   * Running syncs stop after the batch they are writing and go back to Agenda, which runs
   * them again later (here or on another worker) from the saved cursor. Without this, a
   * stopped worker's job could be picked up elsewhere while its handler still wrote here.
   */
  shutdown(): void {
    this.stopping.abort();
  }

  /** Queues a sync and returns at once; an account already syncing gets its running job back. */
  async enqueue(
    em: EntityManager,
    userId: string,
    providerId: string,
    opts: { scope?: SyncScope; since?: Date; trigger: SyncTrigger; channelAccountId?: string | null },
  ): Promise<SyncJob> {
    const def = requireProvider(providerId);
    const module = getProviderModule(providerId)!;
    if (def.push) throw new SyncRequestError(`${def.name} pushes its orders to Sutra; there is nothing to pull`);
    const scope = opts.scope ?? def.syncScopes[0];
    if (!scope || !def.syncScopes.includes(scope)) {
      throw new SyncRequestError(
        `${def.name} cannot sync ${opts.scope ?? 'anything'}${def.syncScopes.length ? ` (it syncs ${def.syncScopes.join(', ')})` : ''}`,
        opts.scope ? 'scope' : 'providerId',
      );
    }
    // A scope this version cannot sync yet (a courier's shipments, ad spend): NOT_IMPLEMENTED, naming what is missing.
    requireCapability(module, SCOPE_NEEDS[scope]);
    if (opts.since && opts.since.getTime() > Date.now()) throw new SyncRequestError('since must not be in the future', 'since');
    // Which of the seller's accounts: needed only when there are several (account-choice.ts).
    const account = await chooseAccount(em, def, opts.channelAccountId);

    const active = () => em.findOne(SyncJob, { channelAccount: account, status: { $in: [SyncStatus.QUEUED, SyncStatus.RUNNING] } });
    const running = await active();
    if (running) {
      // Queued long ago and never started: its queueing may have been lost with a process that
      // died between the row's commit and the queue. Queueing it again is safe (JobQueue).
      if (running.status === SyncStatus.QUEUED && Date.now() - running.queuedAt.getTime() > REQUEUE_AFTER_MS)
        await this.deps.queue.add({ jobId: running.id, userId });
      return running;
    }
    const job = em.create(SyncJob, { user: userId, providerId, channelAccount: account, scope, trigger: opts.trigger, since: opts.since });
    try {
      await em.persist(job).flush();
    } catch (err) {
      // Another request queued one a moment ago (one active job per account, by index).
      if (!(err instanceof UniqueConstraintViolationException)) throw err;
      em.clear();
      return (await active())!;
    }
    try {
      await this.deps.queue.add({ jobId: job.id, userId });
    } catch (err) {
      // A job row no worker will ever run would hold the account's one active slot for good.
      await this.fail(em, job, 'Sutra could not queue this sync; start it again');
      throw err;
    }
    this.publish(job, 'queued');
    return job;
  }

  /** The worker side: runs (or resumes) one job of this seller's. Throws RetryableSyncError to be tried again. */
  async run(jobId: string, userId: string, heartbeat: () => Promise<void>): Promise<void> {
    const em = forUser(this.deps.orm.em, userId);
    const job = await em.findOne(SyncJob, { id: jobId }, { populate: ['channelAccount'] });
    if (!job || job.status === SyncStatus.SUCCEEDED || job.status === SyncStatus.FAILED) return;
    const account = job.channelAccount!;
    const log = this.deps.log.child({ jobId, provider: job.providerId, userId });
    const module = getProviderModule(job.providerId)!;
    const resumed = job.status === SyncStatus.RUNNING;

    job.status = SyncStatus.RUNNING;
    job.startedAt ??= new Date();
    em.create(SyncLog, {
      user: userId,
      job,
      level: 'info',
      message: resumed ? `resumed after an interruption, from the saved position` : `started syncing ${module.definition.name} orders`,
    });
    await em.flush();
    this.publish(job, resumed ? 'resumed' : 'started');

    try {
      const credentials = await this.deps.credentials.read(em, account.id);
      if (!credentials) throw new ProviderError(job.providerId, 'auth', `${module.definition.name} is no longer connected: connect it again`);
      const session = this.session(job, account, credentials, log);
      if (job.scope !== SyncScope.INVENTORY) await this.importOrders(em, job, account, module.commerce!, session, heartbeat);
      if ((job.scope === SyncScope.INVENTORY || job.scope === SyncScope.ORDERS_AND_INVENTORY) && module.commerce!.inventory) {
        await this.importStock(em, job, module.commerce!.inventory(session), heartbeat);
      }
      // The provider accepted the credentials all the way: an error from before is over.
      await this.deps.credentials.markWorking(em, account.id);
      job.status = SyncStatus.SUCCEEDED;
      job.finishedAt = new Date();
      account.lastSyncAt = job.finishedAt;
      em.create(SyncLog, { user: userId, job, level: 'info', message: `done: ${job.processed} orders seen, ${job.created} new, ${job.updated} updated` });
      await em.flush();
      this.publish(job, `done: ${job.processed} orders`);
      log.info({ processed: job.processed, created: job.created, updated: job.updated }, 'sync finished');
    } catch (err) {
      await this.handleFailure(em, job, err, log);
    }
  }

  private session(job: SyncJob, account: ChannelAccount, credentials: Record<string, string>, log: Logger): SyncSession {
    return {
      credentials,
      cursor: account.syncCursor,
      // `since` applies to the job's first attempt; a resumed job continues from its saved cursor.
      since: job.processed === 0 ? job.since : undefined,
      firstSyncFrom: new Date(Date.now() - FIRST_SYNC_DAYS * 86_400_000),
      endpoints: this.deps.config.providers,
      log,
    };
  }

  private async importOrders(
    em: EntityManager,
    job: SyncJob,
    account: ChannelAccount,
    connector: CommerceConnector,
    session: SyncSession,
    heartbeat: () => Promise<void>,
  ): Promise<void> {
    const target = { userId: job.user.id, channelAccountId: account.id, providerId: job.providerId };
    const progress = { processed: job.processed, created: job.created, updated: job.updated, total: job.total };
    for await (const batch of writeBatches(connector.pages(session))) {
      const counts = await commitPage(this.deps.orm, target, job.id, batch);
      progress.processed += counts.processed;
      progress.created += counts.created;
      progress.updated += counts.updated;
      progress.total = batch.total ?? progress.total;
      await heartbeat();
      this.publish({ ...job, ...progress, status: job.status }, batch.done ? undefined : `${progress.processed} orders so far`);
      publishShipmentChanges(this.deps.events, target, counts.shipmentChanges);
      if (this.stopping.signal.aborted && !batch.done) throw new RetryableSyncError('the worker stopped; the sync goes on from where it stopped');
    }
    // The pages were written beside this EntityManager; read back what they committed.
    await em.refresh(job);
    await em.refresh(account);
  }

  /** The channel's stock at its own locations: a snapshot, so a re-run simply writes it again. */
  private async importStock(em: EntityManager, job: SyncJob, pages: AsyncIterable<StockLevel[]>, heartbeat: () => Promise<void>): Promise<void> {
    let levels = 0;
    for await (const page of pages) {
      levels += await forUser(this.deps.orm.em, job.user.id).transactional((tx) => writeStockLevels(tx, job.user.id, job.providerId, page));
      await heartbeat();
    }
    em.create(SyncLog, { user: job.user.id, job, level: 'info', message: `stock: ${levels} levels updated` });
    await em.flush();
  }

  private async handleFailure(em: EntityManager, job: SyncJob, err: unknown, log: Logger): Promise<void> {
    const userId = job.user.id;
    // A database restart or failover is an interruption, like a provider that stopped answering.
    const databaseGone = isDatabaseUnavailable(err);
    if ((err instanceof ProviderError && err.kind === 'unavailable') || err instanceof RetryableSyncError || databaseGone) {
      const reason = databaseGone ? 'the connection to the database was lost' : (err as Error).message;
      em.create(SyncLog, { user: userId, job, level: 'warn', message: `${reason}; retrying from the saved position` });
      // While the database is away this line cannot be written; the retry matters more than the line.
      await em.flush().catch((flushErr: unknown) => {
        if (!isDatabaseUnavailable(flushErr)) throw flushErr;
      });
      log.warn({ reason: databaseGone ? (err as Error).message : reason }, 'sync interrupted; Agenda will retry');
      throw err instanceof RetryableSyncError ? err : new RetryableSyncError(reason);
    }
    const known = err instanceof ProviderError || err instanceof CredentialUnreadableError;
    const message = known ? err.message : 'The sync failed unexpectedly; it will not retry on its own: start it again';
    if (!known) log.error({ err }, 'sync failed');
    else log.warn({ reason: err.message, cause: err.cause instanceof Error ? err.cause.message : undefined }, 'sync failed');
    await this.fail(em, job, message);
    // Credentials the provider refuses, or that no longer open here, need the seller to connect again.
    if ((err instanceof ProviderError && err.kind === 'auth') || err instanceof CredentialUnreadableError) {
      await this.deps.credentials.markRefused(em, job.channelAccount!.id, err.message);
    }
  }

  /** Marks a job failed for good (also when Agenda's retries are exhausted). */
  async fail(em: EntityManager, job: SyncJob, message: string): Promise<void> {
    job.status = SyncStatus.FAILED;
    job.error = message;
    job.finishedAt = new Date();
    em.create(SyncLog, { user: job.user.id, job, level: 'error', message });
    await em.flush();
    this.publish(job, message);
  }

  async failById(jobId: string, userId: string, message: string): Promise<void> {
    const em = forUser(this.deps.orm.em, userId);
    const job = await em.findOne(SyncJob, { id: jobId });
    if (!job || job.status === SyncStatus.SUCCEEDED || job.status === SyncStatus.FAILED) return;
    await this.fail(em, job, message);
  }

  /** Each account the schedule found (accountsToSync) gets an incremental sync, queued as its seller; the schedule's logger. */
  async enqueueScheduled(accounts: ScheduledAccount[], log: Logger = this.deps.log): Promise<number> {
    let queued = 0;
    for (const { userId, channelAccountId, providerId } of accounts) {
      try {
        await this.enqueue(forUser(this.deps.orm.em, userId), userId, providerId, { trigger: SyncTrigger.SCHEDULED, channelAccountId });
        queued++;
      } catch (err) {
        log.warn({ provider: providerId, userId, reason: (err as Error).message }, 'scheduled sync not queued');
      }
    }
    return queued;
  }

  private publish(
    job: Pick<SyncJob, 'id' | 'providerId' | 'status' | 'processed' | 'created' | 'updated' | 'failed' | 'total' | 'user'>,
    message?: string,
  ): void {
    const payload: SyncProgressPayload = {
      jobId: job.id,
      providerId: job.providerId,
      status: job.status,
      processed: job.processed,
      created: job.created,
      updated: job.updated,
      failed: job.failed,
      total: job.total ?? null,
      message: message ?? null,
      at: new Date().toISOString(),
    };
    this.deps.events.publish(Topics.SyncProgress, job.user.id, payload);
  }
}
