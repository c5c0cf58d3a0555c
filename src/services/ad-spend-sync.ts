import type { EntityManager } from '@mikro-orm/postgresql';
import { ChannelAccount, isUuid, SyncScope, SyncTrigger, type SyncJob } from '../domain/index.js';
import { InputError } from '../domain/errors.js';
import { offers } from '../providers/capabilities.js';
import { getProviderModule } from '../providers/registry.js';
import { addDays, dayIn } from './calendar-days.js';
import { AD_SPEND_TIME_ZONE, restatementDays, windowEnding, yesterday } from './ad-spend-days.js';
import type { SyncLifecycle } from './sync/lifecycle.js';

/**
 * `syncAdSpend`: what the nightly schedule does, on demand: for `date` (yesterday in India's time
 * by default) and the days before it each platform may still revise, one job per connected ad
 * account of the seller's (or the one named), returned at once; an account already syncing
 * returns its running job.
 */
export async function syncAdSpend(
  em: EntityManager,
  lifecycle: SyncLifecycle,
  overrides: Readonly<Record<string, number>>,
  userId: string,
  opts: { date?: string; channelAccountId?: string },
): Promise<SyncJob[]> {
  const day = opts.date ?? yesterday();
  const today = dayIn(AD_SPEND_TIME_ZONE);
  if (day > today) throw new InputError(`date must not be in the future (today is ${today} in India)`, 'date');
  // Meta keeps 37 months of insights (docs/providers.md §5.2); older days cannot be read from either platform.
  const oldest = addDays(today, -37 * 30);
  if (day < oldest) throw new InputError(`date must be within the last 37 months (from ${oldest})`, 'date');

  const accounts = (await em.find(ChannelAccount, { connected: true }, { orderBy: { createdAt: 'asc' } })).filter((a) => {
    const module = getProviderModule(a.providerId);
    return !!module && offers(module, 'adSpend');
  });
  let chosen = accounts;
  if (opts.channelAccountId) {
    chosen = accounts.filter((a) => a.id === opts.channelAccountId);
    if (!chosen.length) {
      throw new InputError(
        isUuid(opts.channelAccountId) && (await em.count(ChannelAccount, { id: opts.channelAccountId }))
          ? 'channelAccountId is not a connected ad account (Meta Ads or Google Ads)'
          : 'channelAccountId names no account of yours',
        'channelAccountId',
      );
    }
  }
  if (!chosen.length) throw new InputError('no ad account is connected: connect Meta Ads or Google Ads first', 'date');

  const jobs: SyncJob[] = [];
  for (const account of chosen) {
    const module = getProviderModule(account.providerId)!;
    jobs.push(
      await lifecycle.enqueue(em, userId, account.providerId, {
        scope: SyncScope.AD_SPEND,
        trigger: SyncTrigger.MANUAL,
        channelAccountId: account.id,
        days: windowEnding(day, restatementDays(module, overrides)),
      }),
    );
  }
  return jobs;
}
