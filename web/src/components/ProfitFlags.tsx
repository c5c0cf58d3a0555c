import { INCOMPLETE_FLAGS as INCOMPLETE } from '../../../src/domain/enums';
import { words } from '../format';

/** The API's flags come in two kinds, as the server declares them: what is missing makes a figure incomplete, what is assumed makes it estimated. */
const INCOMPLETE_FLAGS = new Set<string>(INCOMPLETE);

const EXPLAIN: Record<string, string> = {
  COST_UNKNOWN: 'a SKU has no product cost: its goods count as 0',
  PRICE_UNKNOWN: 'the channel has not priced the order yet',
  CHANNEL_FEES_UNKNOWN: 'the marketplace reported no fees and no commission rate is set',
  PAYMENT_FEES_UNKNOWN: 'no fee rate is set for the payment gateway',
  EXCHANGE_RATE_MISSING: 'no exchange rate for the order’s currency on its day',
  AD_SPEND_INCOMPLETE: 'some ad spend of the day has no exchange rate',
  GST_ESTIMATED: 'GST worked out from the SKU’s rate: the channel does not state it',
  CHANNEL_FEES_ESTIMATED: 'fees from your commission rate, not reported by the channel',
  FREIGHT_ESTIMATED: 'freight from your rate card, not billed by the courier',
};

/** An order's flags, each in words; a flag this console does not know is shown by its code. */
export function ProfitFlags({ flags }: { flags: string[] }) {
  if (!flags.length) return null;
  return (
    <ul className="flags" aria-label="Profit flags">
      {flags.map((f) => (
        <li key={f} className={INCOMPLETE_FLAGS.has(f) ? 'flag flag-incomplete' : 'flag flag-estimated'} data-flag={f}>
          <strong>{INCOMPLETE_FLAGS.has(f) ? 'Incomplete' : 'Estimated'}:</strong> {words(f)}
          {EXPLAIN[f] ? ` — ${EXPLAIN[f]}` : ''}
        </li>
      ))}
    </ul>
  );
}
