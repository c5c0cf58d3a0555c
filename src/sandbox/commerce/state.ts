import type { IssuedTokens } from '../tokens.js';
import type { SandboxFaults } from './faults.js';
import type { OrderBook } from './order-book.js';

/** What every sandbox route shares: the order book, faults, issued tokens, the rate scale. */
export interface SandboxState {
  book: OrderBook;
  faults: SandboxFaults;
  /** Multiplies every usage plan, so tests run fast while still meeting 429s. */
  rateScale: number;
  /** While set, every credential and token is refused (a seller revoked the app). */
  revoked: boolean;
  tokens: { amazon: IssuedTokens; flipkart: IssuedTokens; google: IssuedTokens };
}
