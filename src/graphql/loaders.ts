import DataLoader from 'dataloader';
import { loadConnections, type ProviderConnection } from '../services/provider-status-service.js';
import { readSyncLogs, type SyncLogLine } from '../services/sync-log-reads.js';
import type { AuthedContext, Context } from './context.js';

/**
 * Per-request loaders for field resolvers: a field asked of every node of a page
 * costs one query for the page, not one per node. One set per request (keyed by its
 * context object), so nothing is cached across requests or users.
 */
interface Loaders {
  syncLogs: Map<number, DataLoader<string, SyncLogLine[]>>;
  connections?: Promise<Map<string, ProviderConnection[]>>;
}

const perRequest = new WeakMap<object, Loaders>();

function loadersOf(ctx: Context): Loaders {
  let loaders = perRequest.get(ctx);
  if (!loaders) {
    loaders = { syncLogs: new Map() };
    perRequest.set(ctx, loaders);
  }
  return loaders;
}

/** The first `first` log lines of a job, batched with every other job's of the request. */
export function syncLogsLoader(ctx: AuthedContext, first: number): DataLoader<string, SyncLogLine[]> {
  const byFirst = loadersOf(ctx).syncLogs;
  let loader = byFirst.get(first);
  if (!loader) {
    loader = new DataLoader(async (jobIds) => {
      const logs = await readSyncLogs(ctx.em, ctx.user.id, jobIds, first);
      return jobIds.map((id) => logs.get(id) ?? []);
    });
    byFirst.set(first, loader);
  }
  return loader;
}

/** The user's connections by provider, read once per request however many catalog cards ask. */
export function connectionsOf(ctx: Context): Promise<Map<string, ProviderConnection[]>> {
  const loaders = loadersOf(ctx);
  loaders.connections ??= loadConnections(ctx.em);
  return loaders.connections;
}
