import DataLoader from 'dataloader';
import { readSyncLogs, type SyncLogLine } from '../services/sync-log-reads.js';
import type { AuthedContext } from './context.js';

/**
 * Per-request batch loaders for field resolvers: a field asked of every node of a page
 * costs one query for the page, not one per node. One set per request (keyed by its
 * context object), so nothing is cached across requests or users.
 */
interface Loaders {
  syncLogs: Map<number, DataLoader<string, SyncLogLine[]>>;
}

const perRequest = new WeakMap<object, Loaders>();

function loadersOf(ctx: AuthedContext): Loaders {
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
