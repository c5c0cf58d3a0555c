import { useId, useState } from 'react';
import { useQuery, useSubscription } from 'urql';
import { SHIPMENT_CHANGED, SHIPMENTS } from '../api/documents';
import { enumValues } from '../api/operations';
import type { PageInfo, ShipmentRow } from '../api/types';
import { Pager, useCursorPages } from '../components/Pager';
import { StatusBadge } from '../components/StatusBadge';
import { errorMessage } from '../components/errors';
import { when, words } from '../format';
import { Link } from '../router';

const PAGE = 50;

interface Change {
  shipmentId: string;
  trackingNumber: string;
  providerId: string;
  status: string;
  previousStatus: string | null;
  at: string;
}

interface Live {
  log: Change[];
  latest: Record<string, Change>;
}
const NOTHING_YET: Live = { log: [], latest: {} };

/** Parcels with their status and failed delivery attempts; a status change arrives live (shipmentStatusChanged) and updates its row. */
export function ShipmentsPage() {
  const id = useId();
  const [status, setStatus] = useState('');
  const [failed, setFailed] = useState(false);
  const pages = useCursorPages();
  const filter = { ...(status ? { status } : {}), ...(failed ? { failedAttempt: true } : {}) };
  const [{ data, error, fetching }] = useQuery<{ shipments: { pageInfo: PageInfo; edges: Array<{ node: ShipmentRow }> } }>({
    query: SHIPMENTS,
    variables: { first: PAGE, after: pages.after, filter: Object.keys(filter).length ? filter : null },
  });
  // What arrives live: the last 50 changes for the log, and each parcel's latest status, laid over
  // the page as read. Both are kept by the reducer, which sees every event however fast they come.
  const [live] = useSubscription<{ shipmentStatusChanged: Change }, Live>({ query: SHIPMENT_CHANGED }, (told = NOTHING_YET, event) => {
    const change = event.shipmentStatusChanged;
    return { log: [change, ...told.log].slice(0, 50), latest: { ...told.latest, [change.shipmentId]: change } };
  });
  const { log, latest } = live.data ?? NOTHING_YET;
  const rows = (data?.shipments.edges ?? []).map(({ node }) => {
    const change = latest[node.id];
    return change ? { ...node, status: change.status, changedLive: true } : { ...node, changedLive: false };
  });

  return (
    <section aria-labelledby="shipments-title">
      <h1 id="shipments-title">Shipments</h1>
      <form className="filters" aria-label="Filter shipments" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select
            id={`${id}-status`}
            value={status}
            onChange={(e) => {
              setStatus(e.target.value);
              pages.restart();
            }}
          >
            <option value="">Any status</option>
            {enumValues('ShipmentStatus').map((s) => (
              <option key={s} value={s}>
                {words(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field checkbox">
          <input
            id={`${id}-failed`}
            type="checkbox"
            checked={failed}
            onChange={(e) => {
              setFailed(e.target.checked);
              pages.restart();
            }}
          />
          <label htmlFor={`${id}-failed`}>Failed delivery attempt, still out (call the buyer)</label>
        </div>
      </form>
      <h2>Live updates</h2>
      <ol className="log" aria-live="polite" aria-label="Status changes as they arrive">
        {log.map((c, i) => (
          <li key={`${c.shipmentId}-${c.at}-${i}`}>
            <time dateTime={c.at}>{when(c.at)}</time> {c.trackingNumber}: {c.previousStatus ? `${words(c.previousStatus)} → ` : ''}
            {words(c.status)}
          </li>
        ))}
        {!log.length && <li className="muted">Waiting for the couriers’ next update…</li>}
      </ol>
      {error && (
        <p className="error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      <div className="table-wrap">
        <table className="stack">
          <caption className="visually-hidden">Shipments</caption>
          <thead>
            <tr>
              <th scope="col">AWB</th>
              <th scope="col">Courier</th>
              <th scope="col">Status</th>
              <th scope="col" className="num">
                Failed attempts
              </th>
              <th scope="col">Last event</th>
              <th scope="col">Order</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((s) => (
              <tr key={s.id} data-shipment={s.id} data-awb={s.trackingNumber} className={s.changedLive ? 'changed' : undefined}>
                <th scope="row">{s.trackingNumber}</th>
                <td data-label="Courier">
                  {s.carrier ?? s.providerId}
                  {!s.tracked && <span className="muted"> (not tracked)</span>}
                </td>
                <td data-label="Status">
                  <StatusBadge state={s.status} />
                  {s.rawStatus && !s.changedLive && <span className="muted"> {s.rawStatus}</span>}
                </td>
                <td className="num" data-label="Failed attempts">
                  {s.attempts}
                  {s.lastAttemptReason && <span className="muted"> · {s.lastAttemptReason}</span>}
                </td>
                <td data-label="Last event">{when(s.lastEventAt)}</td>
                <td data-label="Order">{s.orderId ? <Link href={`/orders/${encodeURIComponent(s.orderId)}`}>Open</Link> : '—'}</td>
              </tr>
            ))}
            {!rows.length && !fetching && (
              <tr>
                <td colSpan={6} className="muted">
                  No shipments.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <Pager label="Shipment pages" pages={pages} pageInfo={data?.shipments.pageInfo} />
    </section>
  );
}
