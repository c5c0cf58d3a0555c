import type { EntityManager } from '@mikro-orm/postgresql';
import { ConnectionState, ProviderCredential, SyncJob, type SyncStatus } from '../domain/index.js';

/** One connected account of a provider, as the catalog and summary show it. Never a secret. */
export interface ProviderConnection {
  providerId: string;
  /** The account; absent on the summary of a provider with several accounts. */
  channelAccountId?: string;
  state: ConnectionState;
  connected: boolean;
  accountName?: string;
  connectedAt?: Date;
  lastSyncAt?: Date;
  lastSyncStatus?: SyncStatus;
  error?: string;
}

export function notConnected(providerId: string): ProviderConnection {
  return { providerId, state: ConnectionState.NOT_CONNECTED, connected: false };
}

// Which state speaks for a provider whose accounts differ: the one that needs the seller.
const ATTENTION: ConnectionState[] = [ConnectionState.NEEDS_REAUTH, ConnectionState.ERROR, ConnectionState.CONNECTED, ConnectionState.NOT_CONNECTED];

/**
 * One provider's status from its accounts: with one account, that account's; with several,
 * connected while any is, in the state of the one that most needs the seller, naming them all.
 */
export function providerSummary(providerId: string, accounts: ProviderConnection[] = []): ProviderConnection {
  if (accounts.length <= 1) return accounts[0] ?? notConnected(providerId);
  const byAttention = [...accounts].sort((a, b) => ATTENTION.indexOf(a.state) - ATTENTION.indexOf(b.state));
  const latest = (dates: Array<Date | undefined>) => dates.filter((d): d is Date => !!d).sort((a, b) => b.getTime() - a.getTime())[0];
  const lastSynced = [...accounts].filter((a) => a.lastSyncAt).sort((a, b) => b.lastSyncAt!.getTime() - a.lastSyncAt!.getTime())[0];
  return {
    providerId,
    state: byAttention[0]!.state,
    connected: accounts.some((a) => a.connected),
    accountName: accounts.map((a) => a.accountName ?? a.channelAccountId).join(', '),
    connectedAt: accounts
      .map((a) => a.connectedAt)
      .filter((d): d is Date => !!d)
      .sort((a, b) => a.getTime() - b.getTime())[0],
    lastSyncAt: latest(accounts.map((a) => a.lastSyncAt)),
    lastSyncStatus: lastSynced?.lastSyncStatus,
    error: byAttention.find((a) => a.error)?.error,
  };
}

/**
 * Every account the user has connected, grouped by provider, oldest first, in two queries
 * whatever the number of providers and accounts. `em` is already scoped to the user.
 */
export async function loadConnections(em: EntityManager): Promise<Map<string, ProviderConnection[]>> {
  const [credentials, lastJobs] = await Promise.all([
    em.find(ProviderCredential, { channelAccount: { connected: true } }, { populate: ['channelAccount'], orderBy: { connectedAt: 'asc' } }),
    latestJobs(em),
  ]);
  const jobOf = new Map(lastJobs.map((j) => [j.channelAccount, j]));
  const connections = new Map<string, ProviderConnection[]>();
  for (const c of credentials) {
    const account = c.channelAccount;
    const job = jobOf.get(account.id);
    const list = connections.get(c.providerId) ?? [];
    list.push({
      providerId: c.providerId,
      channelAccountId: account.id,
      state: c.state,
      connected: c.state === ConnectionState.CONNECTED,
      accountName: c.accountName,
      connectedAt: c.connectedAt,
      error: c.lastError,
      lastSyncAt: account.lastSyncAt ?? job?.finishedAt ?? undefined,
      lastSyncStatus: job?.status,
    });
    connections.set(c.providerId, list);
  }
  return connections;
}

/** The newest sync job of each account. */
async function latestJobs(em: EntityManager): Promise<Array<{ channelAccount: string; status: SyncStatus; finishedAt?: Date | null }>> {
  // Plain rows, not entities: a partial SyncJob without its id cannot be managed.
  const qb = em
    .createQueryBuilder(SyncJob, 'j')
    .select(['j.channelAccount', 'j.status', 'j.finishedAt'])
    .where({ channelAccount: { $ne: null } })
    .distinctOn(['j.channelAccount'])
    .orderBy({ channelAccount: 'asc', queuedAt: 'desc' });
  // A QueryBuilder applies the tenant filter only when asked to.
  await qb.applyFilters();
  return qb.execute('all');
}
