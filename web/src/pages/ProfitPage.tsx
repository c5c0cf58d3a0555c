import { useId, useState, type KeyboardEvent } from 'react';
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { useQuery } from 'urql';
import { PROFIT_BREAKDOWN, PROFIT_SUMMARY } from '../api/documents';
import type { ProfitBreakdownRow, ProfitDay } from '../api/types';
import { errorMessage } from '../components/errors';
import { day, localDate, money, negative, percent } from '../format';

const COSTS = [
  { key: 'cogs', label: 'Goods', color: '#8c6d46' },
  { key: 'channelFees', label: 'Channel fees', color: '#d9822b' },
  { key: 'paymentFees', label: 'Payment fees', color: '#c9a227' },
  { key: 'shippingCost', label: 'Shipping', color: '#5b7fa3' },
  { key: 'rtoCost', label: 'RTO', color: '#b5475b' },
  { key: 'adSpend', label: 'Ads', color: '#7a5ba3' },
] as const;

const compact = new Intl.NumberFormat('en-IN', { notation: 'compact', maximumFractionDigits: 1 });

const DIMENSIONS = [
  { by: 'CHANNEL', label: 'Channel' },
  { by: 'SKU', label: 'SKU' },
  { by: 'STATE', label: 'Region' },
] as const;

/**
 * The chart plots numbers: each decimal string becomes a float here for drawing only. Every
 * figure the seller reads (tables, tooltips) is the API's exact string.
 */
const plotted = (d: ProfitDay) => ({
  date: d.date,
  revenue: Number(d.revenue.amount),
  netProfit: Number(d.netProfit.amount),
  ...Object.fromEntries(COSTS.map((c) => [c.key, Number(d[c.key].amount)])),
  source: d,
});

/** Profit by day (revenue, the costs stacked, net profit) and by channel, SKU and region, with the RTO rate; incomplete figures flagged. */
export function ProfitPage() {
  const id = useId();
  const [range, setRange] = useState({ from: localDate(-29), to: localDate(0) });
  const [by, setBy] = useState<(typeof DIMENSIONS)[number]['by']>('CHANNEL');
  const [summary] = useQuery<{ profitSummary: ProfitDay[] }>({ query: PROFIT_SUMMARY, variables: range });
  const [breakdown] = useQuery<{ profitBreakdown: ProfitBreakdownRow[] }>({ query: PROFIT_BREAKDOWN, variables: { ...range, by } });
  const days = summary.data?.profitSummary ?? [];
  // Arrow keys move between the tabs (the WAI-ARIA tabs pattern); Tab leaves the list.
  const moveTab = (event: KeyboardEvent<HTMLDivElement>) => {
    const step = event.key === 'ArrowRight' ? 1 : event.key === 'ArrowLeft' ? -1 : 0;
    if (!step) return;
    const i = (DIMENSIONS.findIndex((d) => d.by === by) + step + DIMENSIONS.length) % DIMENSIONS.length;
    setBy(DIMENSIONS[i]!.by);
    document.getElementById(`${id}-tab-${DIMENSIONS[i]!.by}`)?.focus();
  };

  const incompleteDays = days.filter((d) => d.incompleteOrders > 0 || d.adSpendIncomplete);
  return (
    <section aria-labelledby="profit-title">
      <h1 id="profit-title">Profit</h1>
      <form className="filters" aria-label="Profit period" onSubmit={(e) => e.preventDefault()}>
        <div className="field">
          <label htmlFor={`${id}-from`}>From</label>
          <input
            id={`${id}-from`}
            type="date"
            value={range.from}
            max={range.to}
            onChange={(e) => e.target.value && setRange((r) => ({ ...r, from: e.target.value }))}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-to`}>To</label>
          <input
            id={`${id}-to`}
            type="date"
            value={range.to}
            min={range.from}
            onChange={(e) => e.target.value && setRange((r) => ({ ...r, to: e.target.value }))}
          />
        </div>
      </form>
      {summary.error && (
        <p className="error" role="alert">
          {errorMessage(summary.error)}
        </p>
      )}
      {incompleteDays.length > 0 && (
        <p className="warn" role="note">
          {incompleteDays.length} day{incompleteDays.length > 1 ? 's have' : ' has'} incomplete figures (marked ⚠ below): a product cost, a fee rate, a price or
          an exchange rate is missing, so their net profit is not final.
        </p>
      )}
      <figure className="chart" aria-label="Revenue, costs and net profit by day">
        <ResponsiveContainer width="100%" height={320}>
          <ComposedChart data={days.map(plotted)} margin={{ top: 8, right: 8, bottom: 8, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" />
            <XAxis dataKey="date" tickFormatter={(d: string) => d.slice(5)} />
            <YAxis width={56} tickFormatter={(v: number) => compact.format(v)} />
            <Tooltip
              formatter={(_value, name, item) => {
                const source = (item.payload as { source: ProfitDay }).source;
                const key = (item.dataKey as keyof ProfitDay) ?? 'revenue';
                return [money(source[key] as ProfitDay['revenue']), name];
              }}
            />
            <Legend />
            <Bar dataKey="revenue" name="Revenue" fill="#2f855a" isAnimationActive={false} />
            {COSTS.map((c) => (
              <Bar key={c.key} dataKey={c.key} name={c.label} stackId="costs" fill={c.color} isAnimationActive={false} />
            ))}
            <Line dataKey="netProfit" name="Net profit" stroke="#111" strokeWidth={2} dot={false} isAnimationActive={false} />
          </ComposedChart>
        </ResponsiveContainer>
        <figcaption className="muted">Revenue beside the day’s costs, stacked; the line is net profit. The table below holds the exact figures.</figcaption>
      </figure>

      <div className="table-wrap">
        <table className="days">
          <caption>By day</caption>
          <thead>
            <tr>
              <th scope="col">Day</th>
              <th scope="col" className="num">
                Orders
              </th>
              <th scope="col" className="num">
                Revenue
              </th>
              {COSTS.map((c) => (
                <th key={c.key} scope="col" className="num">
                  {c.label}
                </th>
              ))}
              <th scope="col" className="num">
                Net profit
              </th>
              <th scope="col" className="num">
                RTO rate
              </th>
            </tr>
          </thead>
          <tbody>
            {days.map((d) => {
              const incomplete = d.incompleteOrders > 0 || d.adSpendIncomplete;
              return (
                <tr key={d.date} data-incomplete={incomplete || undefined}>
                  <th scope="row">
                    {day(d.date)}
                    {incomplete && (
                      <span className="flag-mark" title={`${d.incompleteOrders} orders incomplete${d.adSpendIncomplete ? '; ad spend incomplete' : ''}`}>
                        {' '}
                        ⚠<span className="visually-hidden"> incomplete</span>
                      </span>
                    )}
                    {d.estimatedOrders > 0 && (
                      <span className="muted" title={`${d.estimatedOrders} orders with estimated figures`}>
                        {' '}
                        ≈
                      </span>
                    )}
                  </th>
                  <td className="num">{d.orders}</td>
                  <td className="num">{money(d.revenue)}</td>
                  {COSTS.map((c) => (
                    <td key={c.key} className="num">
                      {money(d[c.key])}
                    </td>
                  ))}
                  <td className={`num ${negative(d.netProfit) ? 'loss' : 'gain'}`}>{money(d.netProfit)}</td>
                  <td className="num">{percent(d.rtoRate)}</td>
                </tr>
              );
            })}
            {!days.length && !summary.fetching && (
              <tr>
                <td colSpan={COSTS.length + 5} className="muted">
                  No orders or ad spend in this period.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>

      <h2>Breakdown</h2>
      <div role="tablist" aria-label="Break down by" className="tabs" onKeyDown={moveTab}>
        {DIMENSIONS.map((d) => (
          <button
            key={d.by}
            type="button"
            role="tab"
            id={`${id}-tab-${d.by}`}
            aria-selected={by === d.by}
            aria-controls={`${id}-panel`}
            tabIndex={by === d.by ? 0 : -1}
            onClick={() => setBy(d.by)}
          >
            {d.label}
          </button>
        ))}
      </div>
      {breakdown.error && (
        <p className="error" role="alert">
          {errorMessage(breakdown.error)}
        </p>
      )}
      <div className="table-wrap" role="tabpanel" id={`${id}-panel`} aria-labelledby={`${id}-tab-${by}`}>
        <table className="breakdown-table">
          <caption className="visually-hidden">Profit by {DIMENSIONS.find((d) => d.by === by)!.label}, worst first</caption>
          <thead>
            <tr>
              <th scope="col">{DIMENSIONS.find((d) => d.by === by)!.label}</th>
              <th scope="col" className="num">
                Orders
              </th>
              <th scope="col" className="num">
                Revenue
              </th>
              <th scope="col" className="num">
                Net profit
              </th>
              <th scope="col" className="num">
                RTO rate
              </th>
              <th scope="col">Figures</th>
            </tr>
          </thead>
          <tbody>
            {(breakdown.data?.profitBreakdown ?? []).map((row) => (
              <tr key={row.key}>
                <th scope="row">{row.label}</th>
                <td className="num">{row.orders}</td>
                <td className="num">{money(row.revenue)}</td>
                <td className={`num ${negative(row.netProfit) ? 'loss' : 'gain'}`}>{money(row.netProfit)}</td>
                <td className="num">
                  {percent(row.rtoRate)} <span className="muted">({row.rtoOrders})</span>
                </td>
                <td>
                  {row.incompleteOrders > 0 && <span className="flag flag-incomplete">{row.incompleteOrders} incomplete</span>}{' '}
                  {row.estimatedOrders > 0 && <span className="flag flag-estimated">{row.estimatedOrders} estimated</span>}
                  {row.incompleteOrders === 0 && row.estimatedOrders === 0 && <span className="muted">complete</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
