import type { EntityManager } from '@mikro-orm/postgresql';
import type { SyncScope } from '../../domain/enums.js';
import type { PubSubHandle } from '../../events/event-bus.js';
import type { Logger } from '../../logger.js';
import type { OpenSession, ProviderModule, SpendWindow, SyncSession } from '../../providers/types.js';
import type { PageTarget } from './page-target.js';

/** One page of any kind of work, as a handler hands it to the lifecycle. */
export interface SyncPage {
  /**
   * Where a pull resumes: saved on the account with the page's rows, in one transaction. When
   * `done`, the resting cursor the next incremental sync starts from. A delivery's page moves no cursor.
   */
  cursor?: string;
  done: boolean;
  /** How many the whole job will see, when the provider says. */
  total?: number;
}

/** A stored delivery as a handler reads it: what it is about and what it carried. */
export interface Delivery {
  topic: string;
  payload: unknown;
}

/** The job a page is written for: what a writer marks its rows with and whose rows they are. */
export interface PageJob {
  jobId: string;
  target: PageTarget;
}

/** What writing one page did: the job's counters move by these, in the page's transaction. */
export interface PageWritten {
  /** Seen (each once per job), of which `created` were new and `updated` changed. */
  processed: number;
  created: number;
  updated: number;
  /** What to tell subscribers once the page has committed, never before (shipmentStatusChanged). */
  afterCommit?: (events: PubSubHandle['pubsub']) => void;
}

/** One run of a job, as a handler sees it. */
export interface SyncRun extends PageJob {
  scope: SyncScope;
  module: ProviderModule;
  log: Logger;
  /** A transaction as the job's seller, for a finishing step's own writes. */
  transaction<T>(work: (tx: EntityManager) => Promise<T>): Promise<T>;
  /** Tells the job queue the run is alive (between a finishing step's pages). */
  heartbeat(): Promise<void>;
  /** The days the job was asked to read (an ad spend job's window), when it was given them. */
  days?: SpendWindow;
  /** How many days back the provider revises what it reported (ad spend; 0 for other kinds). */
  restatementDays: number;
}

/**
 * One kind of work (orders and stock, shipment tracking, ad spend): where its pages come from
 * and how they are written. The lifecycle (lifecycle.ts) does everything else, the same for
 * every kind: queueing, the job's rows and log, the transaction each page commits in with the
 * cursor and the counters, retries, failures, progress events, the schedule. A provider's
 * module offers a kind by filling its slot (ProviderModule), and `offeredBy` reads that slot
 * through providers/capabilities.ts, which the catalog reads too.
 */
export interface SyncHandler<P extends SyncPage = SyncPage> {
  /** Which kind: 'orders', … Schedules name the kind they run. */
  readonly kind: string;
  /** The `syncProvider` scopes it serves. */
  readonly scopes: readonly SyncScope[];
  /** What it counts, for the job's log lines and progress messages ("orders"). */
  readonly noun: string;
  /** Whether the provider's module offers this work for the scope. */
  offeredBy(module: ProviderModule, scope: SyncScope): boolean;
  /** A pull's pages, from the session's saved cursor. */
  pages(run: SyncRun, session: SyncSession): AsyncIterable<P>;
  /** Writes one page inside its transaction; idempotent, so a page written again after a crash changes nothing. */
  write(tx: EntityManager, job: PageJob, page: P): Promise<PageWritten>;
  /** Work after a pull's pages, in transactions of its own (the stock import); a line for the job's log, if any. */
  finish?(run: SyncRun, session: SyncSession): Promise<string | undefined>;
  /** For a kind some providers push (their module's intake): the stored delivery read into one page. */
  readonly deliveries?: {
    /** Whether it writes the module's deliveries of this topic (WebhookEvent.topic). */
    offeredBy(module: ProviderModule, topic: string): boolean;
    /**
     * The page, or the provider's rules' words for why the body is not theirs (UnreadableDeliveryError).
     * `session` opens one on the delivery's account, for a delivery that is read again at the provider.
     */
    read(module: ProviderModule, delivery: Delivery, session: OpenSession): Promise<P | { error: string }>;
  };
}

/** The handler that pulls this scope for the module, or undefined when this version has none (NOT_IMPLEMENTED). */
export const pullHandler = (handlers: readonly SyncHandler[], module: ProviderModule, scope: SyncScope): SyncHandler | undefined =>
  handlers.find((h) => h.scopes.includes(scope) && h.offeredBy(module, scope));

/** The handler that writes the module's pushes of this topic, or undefined when this version writes none of them. */
export const deliveryHandler = (handlers: readonly SyncHandler[], module: ProviderModule, topic: string): SyncHandler | undefined =>
  handlers.find((h) => h.deliveries?.offeredBy(module, topic));
