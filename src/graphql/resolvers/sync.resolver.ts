import { Arg, Authorized, Ctx, Extensions, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { isUuid, SyncJob, SyncScope, SyncTrigger } from '../../domain/index.js';
import { requireProvider } from '../../providers/registry.js';
import { syncAdSpend } from '../../services/ad-spend-sync.js';
import type { AuthedContext, Context } from '../context.js';
import { emptyPage, keysetAfter, pageSize, relayPage } from '../pagination.js';
import { Topics, type SyncProgressPayload } from '../../events/event-bus.js';
import { LocalDateScalar } from '../scalars.js';
import { SyncJobConnection, SyncJobType, SyncLog, SyncProgressEvent } from '../types/sync.js';
import { toSyncJob, toSyncProgressEvent } from '../mappers.js';
import { syncLogsLoader } from '../loaders.js';

/** A job's log lines asked for at once: a long sync writes a few hundred at most. */
const MAX_LOG_LINES = 500;

@Resolver(() => SyncJobType)
export class SyncResolver {
  @Authorized()
  @Query(() => SyncJobType, { nullable: true })
  async syncJob(@Arg('id', () => ID) id: string, @Ctx() ctx: AuthedContext): Promise<SyncJobType | null> {
    if (!isUuid(id)) return null;
    const job = await ctx.em.findOne(SyncJob, { id });
    return job ? toSyncJob(job) : null;
  }

  @Authorized()
  @Query(() => SyncJobConnection)
  async syncHistory(
    @Ctx() ctx: AuthedContext,
    @Arg('providerId', () => ID, { nullable: true }) providerId?: string,
    @Arg('channelAccountId', () => ID, { nullable: true }) channelAccountId?: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 20 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<SyncJobConnection> {
    const size = pageSize(first, 20);
    if (providerId) requireProvider(providerId);
    if (channelAccountId && !isUuid(channelAccountId)) return emptyPage();
    const where = { ...(providerId && { providerId }), ...(channelAccountId && { channelAccount: channelAccountId }), ...keysetAfter('queuedAt', after) };
    const jobs = await ctx.em.find(SyncJob, where, { orderBy: { queuedAt: 'desc', id: 'desc' }, limit: size + 1 });
    return relayPage(jobs, size, after, toSyncJob, (j) => ({ at: j.queuedAt, id: j.id }));
  }

  /** Batched: the logs of every job on a page come in one query (loaders.ts). */
  @FieldResolver(() => [SyncLog])
  @Extensions({ maxPageSize: MAX_LOG_LINES })
  async logs(
    @Root() job: SyncJobType,
    @Ctx() ctx: AuthedContext,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number,
  ): Promise<SyncLog[]> {
    const size = pageSize(first, 50, MAX_LOG_LINES);
    const lines = await syncLogsLoader(ctx, size).load(job.id);
    return lines.map((l) => ({ at: l.at, level: l.level, message: l.message }));
  }

  /** Queues a sync and returns the job at once (an account already syncing returns that job). */
  @Authorized()
  @Mutation(() => SyncJobType)
  async syncProvider(
    @Arg('providerId', () => ID) providerId: string,
    @Ctx() ctx: AuthedContext,
    @Arg('scope', () => SyncScope, { nullable: true }) scope?: SyncScope,
    @Arg('since', () => Date, { nullable: true }) since?: Date,
    @Arg('channelAccountId', () => ID, { nullable: true, description: 'which account; needed only when several of this provider are connected' })
    channelAccountId?: string,
  ): Promise<SyncJobType> {
    requireProvider(providerId);
    const job = await ctx.services.sync.enqueue(ctx.em, ctx.user.id, providerId, {
      scope: scope ?? undefined,
      since: since ?? undefined,
      trigger: SyncTrigger.MANUAL,
      channelAccountId,
    });
    return toSyncJob(job);
  }

  /**
   * Ad spend for `date` (yesterday in India's time by default) and the days before it each
   * platform may still revise, for every connected ad account (or the one named): the jobs, at once.
   */
  @Authorized()
  @Mutation(() => [SyncJobType])
  async syncAdSpend(
    @Ctx() ctx: AuthedContext,
    @Arg('date', () => LocalDateScalar, { nullable: true }) date?: string,
    @Arg('channelAccountId', () => ID, { nullable: true, description: 'one ad account; every connected one when left out' }) channelAccountId?: string,
  ): Promise<SyncJobType[]> {
    const jobs = await syncAdSpend(ctx.em, ctx.services.sync, ctx.services.config.adSpendRestatementDays, ctx.user.id, {
      date: date ?? undefined,
      channelAccountId: channelAccountId ?? undefined,
    });
    return jobs.map(toSyncJob);
  }

  /** Progress of one job, or of all the user's jobs; events are routed by the user's id. */
  @Authorized()
  @Subscription(() => SyncProgressEvent, {
    topics: Topics.SyncProgress,
    topicId: ({ context }: { context: Context }) => context.user!.id,
    filter: ({ payload, args }: { payload: SyncProgressPayload; args: { jobId?: string } }) => !args.jobId || payload.jobId === args.jobId,
  })
  syncProgress(@Root() payload: SyncProgressPayload, @Arg('jobId', () => ID, { nullable: true }) _jobId?: string): SyncProgressEvent {
    return toSyncProgressEvent(payload);
  }
}
