import { useQuery } from 'urql';
import { ORDER } from '../api/documents';
import type { OrderDetail, OrderProfit } from '../api/types';
import { ProfitFlags } from '../components/ProfitFlags';
import { StatusBadge } from '../components/StatusBadge';
import { errorMessage } from '../components/errors';
import { money, negative, when } from '../format';
import { Link } from '../router';
import { useChannels } from './OrdersPage';

const COSTS: Array<{ key: keyof OrderProfit & keyof OrderProfit['sources']; label: string } | { key: 'adSpend'; label: string }> = [
  { key: 'cogs', label: 'Cost of goods' },
  { key: 'channelFees', label: 'Channel fees' },
  { key: 'paymentFees', label: 'Payment fees' },
  { key: 'shippingCost', label: 'Shipping' },
  { key: 'rtoCost', label: 'Return to origin' },
  { key: 'adSpend', label: 'Ad spend (share of the day)' },
];

const SOURCE: Record<string, string> = { REPORTED: 'reported', SELLER_SETTING: 'your setting', RATE_CARD: 'rate card', NONE: 'none' };

/** An order: its lines, its shipments, and what it earned, with every figure's source and flags. */
export function OrderPage({ id }: { id: string }) {
  const [{ data, error, fetching }] = useQuery<{ order: OrderDetail | null }>({ query: ORDER, variables: { id } });
  const channels = useChannels();
  const shown = data?.order;
  if (fetching && !shown) return <p aria-busy="true">Loading the order…</p>;
  if (!shown)
    return (
      <section>
        <h1>Order</h1>
        <p className={error ? 'error' : undefined} role={error ? 'alert' : undefined}>
          {error ? errorMessage(error) : 'No such order.'} <Link href="/orders">Back to the orders</Link>
        </p>
      </section>
    );
  return (
    <section aria-labelledby="order-title" className="order">
      <p>
        <Link href="/orders">← Orders</Link>
      </p>
      <h1 id="order-title">
        Order {shown.orderNumber ?? shown.externalId} <StatusBadge state={shown.status} />
      </h1>
      <p className="muted">
        {channels.find((c) => c.id === shown.providerId)?.name ?? shown.providerId} · {when(shown.orderedAt)} ·{' '}
        {shown.paymentMethod === 'COD' ? 'Cash on delivery' : 'Prepaid'} · total {shown.priced ? money(shown.total) : 'not priced yet'}
      </p>

      <h2>Lines</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">SKU</th>
              <th scope="col">Item</th>
              <th scope="col" className="num">
                Quantity
              </th>
              <th scope="col" className="num">
                Unit price (tax excluded)
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.items.map((item, i) => (
              <tr key={i}>
                <th scope="row">{item.sku}</th>
                <td>{item.title}</td>
                <td className="num">{item.quantity}</td>
                <td className="num">{money(item.unitPrice)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <h2>Shipments</h2>
      {shown.shipments.length === 0 ? (
        <p className="muted">No shipment yet.</p>
      ) : (
        <ul className="shipments">
          {shown.shipments.map((s) => (
            <li key={s.id}>
              <StatusBadge state={s.status} /> <strong>{s.trackingNumber}</strong> {s.carrier ? `· ${s.carrier}` : ''}
              {!s.tracked && <span className="muted"> · not tracked</span>}
              {s.attempts > 0 && (
                <span className="warn">
                  {' '}
                  · {s.attempts} failed attempt{s.attempts > 1 ? 's' : ''}
                  {s.lastAttemptReason ? `: ${s.lastAttemptReason}` : ''}
                </span>
              )}
              <span className="muted">
                {' '}
                · freight {money(s.shippingCost)}
                {s.rtoCost ? `, RTO ${money(s.rtoCost)}` : ''}
                {s.chargesEstimated ? ' (rate card)' : ''}
              </span>
            </li>
          ))}
        </ul>
      )}

      <h2>Profit</h2>
      {shown.profit ? <ProfitBreakdown profit={shown.profit} /> : <p className="muted">Not computed yet.</p>}
    </section>
  );
}

function ProfitBreakdown({ profit }: { profit: OrderProfit }) {
  return (
    <div className="profit" data-complete={profit.complete} data-estimated={profit.estimated}>
      {!profit.complete && (
        <p className="warn" role="note">
          Incomplete: some figures are missing, so the net profit is not final.
        </p>
      )}
      {profit.complete && profit.estimated && (
        <p className="muted" role="note">
          Estimated: some figures come from your settings or rate card, not from the channel or courier.
        </p>
      )}
      <table className="breakdown">
        <caption className="visually-hidden">Profit of this order</caption>
        <tbody>
          <tr>
            <th scope="row">Revenue (tax excluded)</th>
            <td className="num">{money(profit.revenue)}</td>
            <td className="muted">
              GST {money(profit.gst)} ({SOURCE[profit.sources.gst] ?? profit.sources.gst})
            </td>
          </tr>
          {COSTS.map(({ key, label }) => (
            <tr key={key}>
              <th scope="row">− {label}</th>
              <td className="num">{money(profit[key])}</td>
              <td className="muted">{key in profit.sources ? (SOURCE[profit.sources[key as keyof OrderProfit['sources']]] ?? '') : ''}</td>
            </tr>
          ))}
          <tr className="total">
            <th scope="row">Net profit</th>
            <td className={`num ${negative(profit.netProfit) ? 'loss' : 'gain'}`}>{money(profit.netProfit)}</td>
            <td className="muted">computed {when(profit.computedAt)}</td>
          </tr>
        </tbody>
      </table>
      <ProfitFlags flags={profit.flags} />
    </div>
  );
}
