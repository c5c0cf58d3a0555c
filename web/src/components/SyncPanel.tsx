import { useEffect } from 'react';
import { useQuery, useSubscription } from 'urql';
import { SYNC_JOB, SYNC_PROGRESS } from '../api/documents';
import type { SyncJob, SyncProgressEvent } from '../api/types';
import { when } from '../format';
import { StatusBadge } from './StatusBadge';
import { errorMessage } from './errors';

const ended = (status: string | undefined) => status === 'SUCCEEDED' || status === 'FAILED';

/** What a job of each scope counts as it reads (SyncJob.processed), in the server's words (its sync handlers' nouns); other scopes count orders. */
const COUNTED: Record<string, string> = { SHIPMENTS: 'shipments', AD_SPEND: 'days of spend' };

/**
 * One sync, live: its progress arrives over graphql-ws (syncProgress); once it ends, the job is
 * read once more for its final counts, its log and, on failure, the provider's own words.
 */
export function SyncPanel({ jobId, title, onEnded }: { jobId: string; title: string; onEnded?: () => void }) {
  const [progress] = useSubscription<{ syncProgress: SyncProgressEvent }, SyncProgressEvent[]>(
    { query: SYNC_PROGRESS, variables: { jobId } },
    (events = [], data) => [...events, data.syncProgress],
  );
  const [job, reread] = useQuery<{ syncJob: SyncJob | null }>({ query: SYNC_JOB, variables: { id: jobId }, requestPolicy: 'network-only' });
  const events = progress.data ?? [];
  const last = events.at(-1);
  const final = job.data?.syncJob;
  const status = ended(final?.status) ? final!.status : (last?.status ?? final?.status ?? 'QUEUED');
  useEffect(() => {
    if (ended(last?.status)) reread({ requestPolicy: 'network-only' });
  }, [last?.status, reread]);
  // The account's state and last sync change when a job ends: the card reads them again (once per end).
  const finalStatus = final?.status;
  useEffect(() => {
    if (ended(finalStatus)) onEnded?.();
  }, [finalStatus]);
  // A job that ended before the subscription was up sends no more events: read it now and then until it ends.
  useEffect(() => {
    if (ended(final?.status)) return;
    const timer = setInterval(() => reread({ requestPolicy: 'network-only' }), 4000);
    return () => clearInterval(timer);
  }, [final?.status, reread]);

  const processed = ended(final?.status) ? final!.processed : (last?.processed ?? final?.processed ?? 0);
  const total = last?.total ?? final?.total ?? null;
  const done = ended(status);
  const counted = (final && COUNTED[final.scope]) ?? 'orders';
  const messages = events.filter((e) => e.message).map((e) => ({ at: e.at, message: e.message! }));
  return (
    <section className="sync" aria-label={`${title} sync`} data-job={jobId} data-status={status}>
      <header>
        <strong>{title}</strong> <StatusBadge state={status} />
      </header>
      <progress
        max={done ? Math.max(total ?? processed, 1) : (total ?? undefined)}
        value={status === 'SUCCEEDED' ? Math.max(total ?? processed, 1) : total !== null || done ? processed : undefined}
        aria-label={`${title} progress`}
        aria-valuetext={`${processed}${total !== null ? ` of ${total}` : ''} ${counted}`}
      />
      <p className="counts" aria-live="polite">
        {processed} {total !== null ? `of ${total} ` : ''}
        {counted} read
        {ended(status) && final && (
          <>
            {' '}
            · {final.created} new · {final.updated} updated · {final.failed} failed
          </>
        )}
      </p>
      {status === 'FAILED' && final?.error && (
        <p className="error" role="alert">
          {final.error}
        </p>
      )}
      {errorMessage(progress.error) && <p className="error">{errorMessage(progress.error)}</p>}
      <details open={!ended(status)}>
        <summary>Log</summary>
        <ol className="log">
          {(ended(final?.status) ? final!.logs : messages.map((m) => ({ ...m, level: 'info' }))).map((line, i) => (
            <li key={i} data-level={line.level}>
              <time dateTime={line.at}>{when(line.at)}</time> {line.message}
            </li>
          ))}
        </ol>
      </details>
    </section>
  );
}
