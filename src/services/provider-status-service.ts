import type { EntityManager } from '@mikro-orm/postgresql';
import { ChannelAccount, ConnectionState, ProviderCredential, SyncJob, type SyncStatus } from '../domain/index.js';

/** One user's connection to one provider, as the catalog and summary show it. Never a secret. */
export interface ProviderConnection {
  providerId: string;
  state: ConnectionState;
  connected: boolean;
  accountName?: string;
  connectedAt?: Date;
  lastSyncAt?: Date;
  lastSyncStatus?: SyncStatus;
  error?: string;
  channelAccountId?: string;
}

export function notConnected(providerId: string): ProviderConnection {
  return { providerId, state: ConnectionState.NOT_CONNECTED, connected: false };
}

/**
 * The user's connection to every provider it has touched, keyed by provider id, in three
 * queries whatever the number of providers. `em` is already scoped to the user.
 */
export async function loadConnections(em: EntityManager): Promise<Map<string, ProviderConnection>> {
  const [credentials, accounts, lastJobs] = await Promise.all([em.find(ProviderCredential, {}), em.find(ChannelAccount, { connected: true }), latestJobs(em)]);
  const connections = new Map<string, ProviderConnection>();
  for (const c of credentials) {
    connections.set(c.providerId, {
      providerId: c.providerId,
      state: c.state,
      connected: c.state === ConnectionState.CONNECTED,
      accountName: c.accountName,
      connectedAt: c.connectedAt,
      error: c.lastError,
    });
  }
  for (const a of accounts) {
    const conn = connections.get(a.providerId);
    if (conn) {
      conn.channelAccountId = a.id;
      conn.lastSyncAt = a.lastSyncAt;
    }
  }
  for (const job of lastJobs) {
    const conn = connections.get(job.providerId);
    if (conn) {
      conn.lastSyncStatus = job.status;
      conn.lastSyncAt ??= job.finishedAt;
    }
  }
  return connections;
}

/** The newest sync job of each provider. */
async function latestJobs(em: EntityManager): Promise<Pick<SyncJob, 'providerId' | 'status' | 'finishedAt'>[]> {
  // Plain rows, not entities: a partial SyncJob without its id cannot be managed.
  const qb = em
    .createQueryBuilder(SyncJob, 'j')
    .select(['j.providerId', 'j.status', 'j.finishedAt'])
    .distinctOn(['j.providerId'])
    .orderBy({ providerId: 'asc', queuedAt: 'desc' });
  // A QueryBuilder applies the tenant filter only when asked to.
  await qb.applyFilters();
  return qb.execute('all');
}
