import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../config.js';
import type { Orm } from '../../db/database.js';
import { isDatabaseUnavailable } from '../../db/connection-errors.js';
import { forUser, TENANT_FILTER } from '../../db/tenant-filter.js';
import {
  ChannelAccount,
  ConnectionState,
  ProviderCredential,
  SyncJob,
  SyncLog,
  SyncScope,
  SyncStatus,
  SyncTrigger,
  WebhookEvent,
  WebhookEventStatus,
} from '../../domain/index.js';
import { InputError, ProviderError } from '../../domain/errors.js';
import type { PubSubHandle, SyncProgressPayload } from '../../events/event-bus.js';
import { Topics } from '../../events/event-bus.js';
import type { Logger } from '../../logger.js';
import { notImplemented, SCOPE_NEEDS } from '../../providers/capabilities.js';
import { getProviderModule, requireProvider } from '../../providers/registry.js';
import type { ProviderModule, SpendWindow, SyncSession } from '../../providers/types.js';
import { restatementDays } from '../ad-spend-days.js';
import { chooseAccount } from '../account-choice.js';
import { CredentialUnreadableError, type CredentialService } from '../credential-service.js';
import type { JobQueue } from '../job-queue.js';
import { recomputeStaleDays } from '../profit/recompute.js';
import { openSession } from '../provider-session.js';
import { watchBulkOperation } from '../shopify-bulk-signal.js';
import { commitPage } from './commit.js';
import { RetryableSyncError, UnreadableDeliveryError } from './errors.js';
import { deliveryHandler, pullHandler, type SyncHandler, type SyncPage, type SyncRun } from './handler.js';

/** An account a schedule syncs. */
export interface ScheduledAccount {
  userId: string;
  channelAccountId: string;
  providerId: string;
}

export interface SyncLifecycleDeps {
  orm: Orm;
  /** The sync-provider job (jobs/sync-provider.job.ts): where a queued sync goes to run. */
  queue: JobQueue<{ jobId: string; userId: string }>;
  credentials: CredentialService;
  events: PubSubHandle['pubsub'];
  config: Config;
  log: Logger;
  /** The kinds of work it runs: the app's (handlers/index.ts), or a test's own. */
  handlers: readonly SyncHandler[];
  /**
   * Where a push's job leaves the recompute of the profit days it touched, so a burst of pushes
   * is recomputed together (jobs/profit-recompute.job.ts); absent, it recomputes at once.
   */
  profitQueue?: JobQueue<{ userId: string }>;
}

// A sync still QUEUED after this long is queued again when it is asked for (by the seller or the schedule).
const REQUEUE_AFTER_MS = 10 * 60_000;

/** The seconds-old state of a job, as the progress events tell it. */
type Progress = Pick<SyncJob, 'id' | 'providerId' | 'status' | 'processed' | 'created' | 'updated' | 'failed' | 'total' | 'user'>;

/**
 * The life of every sync job, whatever its kind: a SyncJob row and an Agenda job (queued once);
 * a worker runs it, asking the job's handler (handler.ts) for pages, from the account's saved
 * cursor for a pull or from the stored push for a delivery, and commits each page with the
 * handler's writer, the new cursor and the job's counters together (commit.ts), so a job killed
 * at any moment resumes exactly where it stopped. It writes the job's log lines, publishes its
 * progress after every page, retries what is worth retrying (Agenda's backoff), fails for good
 * in the provider's words, and feeds the schedule. It knows no kind of work: that is the handlers'.
 */
export class SyncLifecycle {
  private readonly stopping = new AbortController();

  constructor(private readonly deps: SyncLifecycleDeps) {}

  /**
   * Running syncs stop after the page they are writing and go back to Agenda, which runs
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
    opts: { scope?: SyncScope; since?: Date; trigger: SyncTrigger; channelAccountId?: string | null; days?: SpendWindow },
  ): Promise<SyncJob> {
    const def = requireProvider(providerId);
    const module = getProviderModule(providerId)!;
    // A provider that only pushes (Myntra); one that also answers calls (Delhivery's scan push beside its tracking) is pulled too.
    if (def.push && !def.syncScopes.length) throw new InputError(`${def.name} pushes its orders to Sutra; there is nothing to pull`, 'providerId');
    const scope = opts.scope ?? def.syncScopes[0];
    if (!scope || !def.syncScopes.includes(scope)) {
      throw new InputError(
        `${def.name} cannot sync ${opts.scope ?? 'anything'}${def.syncScopes.length ? ` (it syncs ${def.syncScopes.join(', ')})` : ''}`,
        opts.scope ? 'scope' : 'providerId',
      );
    }
    // A scope no handler serves for this provider yet (a courier's shipments, ad spend): NOT_IMPLEMENTED, naming what is missing.
    this.handlerToPull(module, scope);
    if (opts.since && opts.since.getTime() > Date.now()) throw new InputError('since must not be in the future', 'since');
    // Which of the seller's accounts: needed only when there are several (account-choice.ts).
    const account = await chooseAccount(em, def, opts.channelAccountId);

    // One pull at a time per account (by index); pushes run beside it.
    const active = () => em.findOne(SyncJob, { channelAccount: account, status: { $in: [SyncStatus.QUEUED, SyncStatus.RUNNING] }, webhookEvent: null });
    const running = await active();
    if (running) {
      // Queued long ago and never started: its queueing may have been lost with a process that
      // died between the row's commit and the queue. Queueing it again is safe (JobQueue).
      if (running.status === SyncStatus.QUEUED && Date.now() - running.queuedAt.getTime() > REQUEUE_AFTER_MS)
        await this.deps.queue.add({ jobId: running.id, userId });
      return running;
    }
    const job = em.create(SyncJob, {
      user: userId,
      providerId,
      channelAccount: account,
      scope,
      trigger: opts.trigger,
      since: opts.since,
      dayFrom: opts.days?.from,
      dayTo: opts.days?.to,
    });
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

  /**
   * The push job's side: a stored push (a WebhookEvent the receiver acknowledged) becomes a
   * job of its kind, trigger WEBHOOK, once however often it is run, and runs like any other.
   */
  async runDelivery(eventId: string, userId: string, heartbeat: () => Promise<void>): Promise<void> {
    const em = forUser(this.deps.orm.em, userId);
    const event = await em.findOne(WebhookEvent, { id: eventId });
    if (!event || event.status !== WebhookEventStatus.RECEIVED) return;
    let job = await em.findOne(SyncJob, { webhookEvent: event });
    if (!job) {
      const module = getProviderModule(event.providerId);
      const handler = module && deliveryHandler(this.deps.handlers, module, event.topic);
      if (!event.channelAccount || !handler) {
        markDeliveryFailed(event, `a ${event.providerId} ${event.topic} push without its account, or of a topic this version does not write`);
        await em.flush();
        return;
      }
      job = em.create(SyncJob, {
        user: userId,
        providerId: event.providerId,
        channelAccount: event.channelAccount,
        scope: handler.scopes[0]!,
        trigger: SyncTrigger.WEBHOOK,
        webhookEvent: event,
      });
      try {
        await em.persist(job).flush();
      } catch (err) {
        // A second run of the same push made its job a moment ago (one job per push, by index).
        if (!(err instanceof UniqueConstraintViolationException)) throw err;
        em.clear();
        job = (await em.findOne(SyncJob, { webhookEvent: eventId }))!;
      }
    }
    await this.run(job.id, userId, heartbeat);
  }

  /** The worker side: runs (or resumes) one job of this seller's. Throws RetryableSyncError to be tried again. */
  async run(jobId: string, userId: string, heartbeat: () => Promise<void>): Promise<void> {
    const em = forUser(this.deps.orm.em, userId);
    const job = await em.findOne(SyncJob, { id: jobId }, { populate: ['channelAccount', 'webhookEvent'] });
    if (!job || job.status === SyncStatus.SUCCEEDED || job.status === SyncStatus.FAILED) return;
    const log = this.deps.log.child({ jobId, provider: job.providerId, userId });
    const module = getProviderModule(job.providerId)!;
    const delivery = job.webhookEvent;
    const handler = delivery ? deliveryHandler(this.deps.handlers, module, delivery.topic) : pullHandler(this.deps.handlers, module, job.scope);
    const account = job.channelAccount;
    if (!handler || !account) {
      // Queued by a version that served it, or its account removed since: nothing to run.
      await this.fail(em, job, account ? notImplemented(module, SCOPE_NEEDS[job.scope]).message : 'The account of this sync was removed');
      return;
    }
    const resumed = job.status === SyncStatus.RUNNING;
    const name = module.definition.name;

    job.status = SyncStatus.RUNNING;
    job.startedAt ??= new Date();
    em.create(SyncLog, {
      user: userId,
      job,
      level: 'info',
      message: resumed
        ? 'resumed after an interruption, from the saved position'
        : delivery
          ? `started writing the ${name} ${handler.noun} pushed to Sutra`
          : `started syncing ${name} ${handler.noun}`,
    });
    await em.flush();
    this.publish(job, resumed ? 'resumed' : 'started');

    const run: SyncRun = {
      jobId,
      target: { userId, channelAccountId: account.id, providerId: job.providerId },
      scope: job.scope,
      module,
      log,
      transaction: (work) => forUser(this.deps.orm.em, userId).transactional(work),
      heartbeat,
      days: job.dayFrom && job.dayTo ? { from: job.dayFrom, to: job.dayTo } : undefined,
      restatementDays: restatementDays(module, this.deps.config.adSpendRestatementDays),
    };
    try {
      if (delivery) {
        const page = await handler.deliveries!.read(module, delivery, () => this.session(em, job, account, log));
        if (isRefusal(page)) throw new UnreadableDeliveryError(page.error);
        await this.writePages(job, run, handler, [page], delivery.id);
      } else {
        const session = await this.session(em, job, account, log, heartbeat);
        await this.writePages(job, run, handler, handler.pages(run, session));
        const finished = await handler.finish?.(run, session);
        if (finished) em.create(SyncLog, { user: userId, job, level: 'info', message: finished });
        // The provider accepted the credentials all the way: an error from before is over.
        await this.deps.credentials.markWorking(em, account.id);
      }
      await this.refreshProfit(userId, !!delivery, log);
      // The pages were written beside this EntityManager; read back what they committed.
      await em.refresh(job);
      await em.refresh(account);
      job.status = SyncStatus.SUCCEEDED;
      job.finishedAt = new Date();
      account.lastSyncAt = job.finishedAt;
      em.create(SyncLog, {
        user: userId,
        job,
        level: 'info',
        message: `done: ${job.processed} ${handler.noun} seen, ${job.created} new, ${job.updated} updated`,
      });
      await em.flush();
      this.publish(job, `done: ${job.processed} ${handler.noun}`);
      log.info({ kind: handler.kind, processed: job.processed, created: job.created, updated: job.updated }, 'sync finished');
    } catch (err) {
      await this.handleFailure(em, job, err, log);
    }
  }

  /**
   * The profit of the days the job's writes made stale (profit_stale_days): a pull's at once, so
   * a finished sync shows figures that include it; a push's a few seconds on, gathered with the
   * pushes around it. A failure leaves the days stale for the next job to take, and fails no sync.
   */
  private async refreshProfit(userId: string, push: boolean, log: Logger): Promise<void> {
    try {
      if (push && this.deps.profitQueue) await this.deps.profitQueue.add({ userId });
      else await recomputeStaleDays(forUser(this.deps.orm.em, userId), userId, log);
    } catch (err) {
      if (isDatabaseUnavailable(err)) throw err;
      log.error({ err }, 'profit not recomputed; its days stay owed');
    }
  }

  private handlerToPull(module: ProviderModule, scope: SyncScope): SyncHandler {
    const handler = pullHandler(this.deps.handlers, module, scope);
    if (!handler) throw notImplemented(module, SCOPE_NEEDS[scope]);
    return handler;
  }

  /** What the provider's connector is handed: the account's credentials (renewed when due) and saved cursor, and the window asked for. */
  private async session(em: EntityManager, job: SyncJob, account: ChannelAccount, log: Logger, heartbeat?: () => Promise<void>): Promise<SyncSession> {
    const session = await openSession(this.deps, em, account, log, {
      cursor: account.syncCursor,
      // `since` applies to the job's first attempt; a resumed job continues from its saved cursor.
      since: job.processed === 0 ? job.since : undefined,
    });
    const userId = job.user.id;
    return {
      ...session,
      // A Shopify bulk backfill waits on its operation's bulk_operations/finish webhook (shopify-bulk-signal.ts),
      // telling the job queue at each wait that the run is alive: an operation may outlast the job's lock.
      watchOperation: (operationId) => {
        const watch = watchBulkOperation(this.deps.events, userId, operationId);
        return {
          wait: async (ms) => {
            await heartbeat?.();
            return watch.wait(ms);
          },
          close: () => watch.close(),
        };
      },
      // A provider's long wait (a throttle, a report being computed) touches the job three times
      // per lock lifetime (JOB_LOCK_LIFETIME_MS), and at least every minute, so the lock never lapses.
      wait: async (ms) => {
        const every = Math.min(60_000, Math.floor(this.deps.config.jobLockLifetimeMs / 3));
        for (let left = ms; left > 0; left -= every) {
          await heartbeat?.();
          // The global timer, which tests can fake (node:timers/promises they cannot).
          await new Promise((resolve) => setTimeout(resolve, Math.min(left, every)));
        }
      },
      // What the provider wants the seller to act on: a warn line in the job's log, and the progress message.
      notice: async (message) => {
        log.warn({ notice: message }, 'sync notice');
        await forUser(this.deps.orm.em, userId).transactional(async (tx) => {
          tx.create(SyncLog, { user: userId, job: job.id, level: 'warn', message });
        });
        this.publish(job, message);
      },
    };
  }

  /** Each page committed on its own (commit.ts), then progress told; a stopping worker stops between pages. */
  private async writePages(
    job: SyncJob,
    run: SyncRun,
    handler: SyncHandler,
    pages: AsyncIterable<SyncPage> | Iterable<SyncPage>,
    deliveryId?: string,
  ): Promise<void> {
    const progress = { processed: job.processed, created: job.created, updated: job.updated, total: job.total };
    for await (const page of pages) {
      const written = await commitPage(this.deps.orm, handler, run, page, deliveryId);
      progress.processed += written?.processed ?? 0;
      progress.created += written?.created ?? 0;
      progress.updated += written?.updated ?? 0;
      progress.total = page.total ?? progress.total;
      await run.heartbeat();
      this.publish({ ...job, ...progress, status: job.status }, page.done ? undefined : `${progress.processed} ${handler.noun} so far`);
      written?.afterCommit?.(this.deps.events);
      if (this.stopping.signal.aborted && !page.done) throw new RetryableSyncError('the worker stopped; the sync goes on from where it stopped');
    }
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
    // The provider's own words (or its push rules'), which the seller can act on; anything else is ours, and logged.
    const known = err instanceof ProviderError || err instanceof CredentialUnreadableError || err instanceof UnreadableDeliveryError;
    const unexpected = job.webhookEvent
      ? 'Writing this push failed unexpectedly; it will not be tried again'
      : 'The sync failed unexpectedly; it will not retry on its own: start it again';
    const message = known ? err.message : unexpected;
    if (!known) log.error({ err }, 'sync failed');
    else log.warn({ reason: err.message, cause: err.cause instanceof Error ? err.cause.message : undefined }, 'sync failed');
    // Credentials the provider refuses, or that no longer open here, need the seller to connect again;
    // marked before the job's end is told, so a client that reads the account on that event sees it.
    if ((err instanceof ProviderError && err.kind === 'auth') || err instanceof CredentialUnreadableError) {
      await this.deps.credentials.markRefused(em, job.channelAccount!.id, err.message);
    }
    await this.fail(em, job, message);
  }

  /** Marks a job failed for good (also when Agenda's retries are exhausted); a push's stored delivery with it, in one transaction. */
  async fail(em: EntityManager, job: SyncJob, message: string): Promise<void> {
    job.status = SyncStatus.FAILED;
    job.error = message;
    job.finishedAt = new Date();
    em.create(SyncLog, { user: job.user.id, job, level: 'error', message });
    if (job.webhookEvent) {
      // Read again: its page may have committed since it was loaded.
      const event = await em.findOne(WebhookEvent, { id: job.webhookEvent.id }, { refresh: true });
      if (event) markDeliveryFailed(event, message);
    }
    await em.flush();
    this.publish(job, message);
  }

  async failById(jobId: string, userId: string, message: string): Promise<void> {
    const em = forUser(this.deps.orm.em, userId);
    const job = await em.findOne(SyncJob, { id: jobId });
    if (!job || job.status === SyncStatus.SUCCEEDED || job.status === SyncStatus.FAILED) return;
    await this.fail(em, job, message);
  }

  /** A push whose job's retries are exhausted: its job fails, or, when it never had one, the push alone. */
  async failDelivery(eventId: string, userId: string, message: string): Promise<void> {
    const em = forUser(this.deps.orm.em, userId);
    const job = await em.findOne(SyncJob, { webhookEvent: eventId });
    if (job) return this.failById(job.id, userId, message);
    const event = await em.findOne(WebhookEvent, { id: eventId });
    if (!event) return;
    markDeliveryFailed(event, message);
    await em.flush();
  }

  /**
   * Every connected account, of every seller, whose provider's default scope a handler of this
   * kind pulls, and whose credentials the provider has not refused: those wait for the seller
   * to reconnect, and syncing them would only send refused credentials again. It reads across
   * sellers: a schedule runs it through asSystem.
   */
  async accountsToSync(em: EntityManager, kind: string): Promise<ScheduledAccount[]> {
    const scheduled = (providerId: string) => {
      const module = getProviderModule(providerId);
      const scope = module?.definition.syncScopes[0];
      return !!module && !!scope && pullHandler(this.deps.handlers, module, scope)?.kind === kind;
    };
    const accounts = (await em.find(ChannelAccount, { connected: true }, { filters: { [TENANT_FILTER]: false } })).filter((a) => scheduled(a.providerId));
    const refused = new Set(
      (
        await em.find(
          ProviderCredential,
          { channelAccount: { $in: accounts.map((a) => a.id) }, state: { $ne: ConnectionState.CONNECTED } },
          { fields: ['channelAccount'], filters: { [TENANT_FILTER]: false } },
        )
      ).map((c) => c.channelAccount.id),
    );
    return accounts.filter((a) => !refused.has(a.id)).map((a) => ({ userId: a.user.id, channelAccountId: a.id, providerId: a.providerId }));
  }

  /**
   * Each account a schedule found (accountsToSync) gets an incremental sync, queued as its seller;
   * the schedule's logger, and the days each reads when the schedule says (the nightly ad spend).
   */
  async enqueueScheduled(accounts: ScheduledAccount[], log: Logger = this.deps.log, daysFor?: (account: ScheduledAccount) => SpendWindow): Promise<number> {
    let queued = 0;
    for (const account of accounts) {
      const { userId, channelAccountId, providerId } = account;
      try {
        await this.enqueue(forUser(this.deps.orm.em, userId), userId, providerId, {
          trigger: SyncTrigger.SCHEDULED,
          channelAccountId,
          days: daysFor?.(account),
        });
        queued++;
      } catch (err) {
        log.warn({ provider: providerId, userId, reason: (err as Error).message }, 'scheduled sync not queued');
      }
    }
    return queued;
  }

  private publish(job: Progress, message?: string): void {
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

const isRefusal = (read: SyncPage | { error: string }): read is { error: string } => 'error' in read;

/** A push is done with once failed: a resend of it finds it stored and is not written again. */
function markDeliveryFailed(event: WebhookEvent, message: string): void {
  if (event.status !== WebhookEventStatus.RECEIVED) return;
  event.status = WebhookEventStatus.FAILED;
  event.error = message;
  event.processedAt = new Date();
}
