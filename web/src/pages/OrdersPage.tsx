import { useId, useState } from 'react';
import { useQuery } from 'urql';
import { CATALOG, CHANNEL_ACCOUNTS, ORDERS } from '../api/documents';
import { enumValues } from '../api/operations';
import type { CatalogSection, OrderRow, PageInfo } from '../api/types';
import { Pager, useCursorPages } from '../components/Pager';
import { StatusBadge } from '../components/StatusBadge';
import { errorMessage } from '../components/errors';
import { money, when, words } from '../format';
import { Link } from '../router';

const PAGE = 25;

interface Filters {
  providerId: string;
  channelAccountId: string;
  status: string;
  from: string;
  to: string;
}

/** The API's OrderFilter from the form: dates are whole days in this browser's time zone. */
function toFilter(f: Filters): Record<string, string> | null {
  const out: Record<string, string> = {};
  if (f.providerId) out.providerId = f.providerId;
  if (f.channelAccountId) out.channelAccountId = f.channelAccountId;
  if (f.status) out.status = f.status;
  if (f.from) out.from = new Date(`${f.from}T00:00:00`).toISOString();
  if (f.to) out.to = new Date(`${f.to}T23:59:59.999`).toISOString();
  return Object.keys(out).length ? out : null;
}

/** The sales channels, from the catalog (no provider is named in the console). */
export function useChannels(): Array<{ id: string; name: string }> {
  const [{ data }] = useQuery<{ integrationCatalog: { sections: CatalogSection[] } }>({ query: CATALOG });
  return (data?.integrationCatalog.sections ?? []).filter((s) => s.kind === 'COMMERCE').flatMap((s) => s.providers.map((p) => ({ id: p.id, name: p.name })));
}

/** Orders, a Relay page at a time (forward: the API pages forward), filtered by channel, account, status and dates. */
export function OrdersPage() {
  const id = useId();
  const channels = useChannels();
  const [{ data: accountData }] = useQuery<{ channelAccounts: Array<{ id: string; providerId: string; displayName: string }> }>({ query: CHANNEL_ACCOUNTS });
  const [filters, setFilters] = useState<Filters>({ providerId: '', channelAccountId: '', status: '', from: '', to: '' });
  const pages = useCursorPages();
  const [{ data, error, fetching }] = useQuery<{ orders: { totalCount: number; pageInfo: PageInfo; edges: Array<{ node: OrderRow }> } }>({
    query: ORDERS,
    variables: { first: PAGE, after: pages.after, filter: toFilter(filters) },
  });
  const set = (key: keyof Filters) => (e: { target: { value: string } }) => {
    setFilters((f) => ({ ...f, [key]: e.target.value, ...(key === 'providerId' ? { channelAccountId: '' } : {}) }));
    pages.restart();
  };
  const accounts = (accountData?.channelAccounts ?? []).filter((a) => !filters.providerId || a.providerId === filters.providerId);
  const channelName = (providerId: string) => channels.find((c) => c.id === providerId)?.name ?? providerId;
  const orders = data?.orders;

  return (
    <section aria-labelledby="orders-title">
      <h1 id="orders-title">Orders</h1>
      <form className="filters" role="search" aria-label="Filter orders" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-channel`}>Channel</label>
          <select id={`${id}-channel`} value={filters.providerId} onChange={set('providerId')}>
            <option value="">All channels</option>
            {channels.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-account`}>Account</label>
          <select id={`${id}-account`} value={filters.channelAccountId} onChange={set('channelAccountId')}>
            <option value="">All accounts</option>
            {accounts.map((a) => (
              <option key={a.id} value={a.id}>
                {a.displayName}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-status`}>Status</label>
          <select id={`${id}-status`} value={filters.status} onChange={set('status')}>
            <option value="">Any status</option>
            {enumValues('OrderStatus').map((s) => (
              <option key={s} value={s}>
                {words(s)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input id={`${id}-from`} type="date" value={filters.from} onChange={set('from')} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To</label>
          <input id={`${id}-to`} type="date" value={filters.to} onChange={set('to')} />
        </div>
      </form>
      {error && (
        <p className="error" role="alert">
          {errorMessage(error)}
        </p>
      )}
      <p className="muted" aria-live="polite">
        {orders ? `${orders.totalCount} orders` : fetching ? 'Loading…' : ''}
      </p>
      <div className="table-wrap">
        <table className="stack">
          <caption className="visually-hidden">Orders, newest first</caption>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Channel</th>
              <th scope="col">Date</th>
              <th scope="col">Status</th>
              <th scope="col">Payment</th>
              <th scope="col" className="num">
                Total
              </th>
            </tr>
          </thead>
          <tbody>
            {orders?.edges.map(({ node }) => (
              <tr key={node.id}>
                <th scope="row">
                  <Link href={`/orders/${encodeURIComponent(node.id)}`}>{node.orderNumber ?? node.externalId}</Link>
                </th>
                <td data-label="Channel">{channelName(node.providerId)}</td>
                <td data-label="Date">{when(node.orderedAt)}</td>
                <td data-label="Status">
                  <StatusBadge state={node.status} />
                </td>
                <td data-label="Payment">{node.paymentMethod === 'COD' ? 'Cash on delivery' : 'Prepaid'}</td>
                <td className="num" data-label="Total">
                  {node.priced ? money(node.total) : <span title="The channel has not priced this order yet">not priced</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pager label="Order pages" pages={pages} pageInfo={orders?.pageInfo} />
    </section>
  );
}
