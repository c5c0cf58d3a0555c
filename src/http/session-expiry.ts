/**
 * A websocket session lives as long as the token that opened it: at the token's `exp` the
 * socket is closed with 4403 (graphql-ws's "Forbidden"), and the client must come back
 * with a fresh token. HTTP requests need nothing of the sort: each one is verified anew.
 */
export const SESSION_EXPIRED_CODE = 4403;
export const SESSION_EXPIRED_REASON = 'Forbidden: the token has expired';

// setTimeout fires at once for delays past 2^31-1 ms (about 24.8 days); a 30-day token is longer.
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface Expiry {
  cancel(): void;
}

/** Calls `expire` at `at` (at once if that has passed), however far ahead it is. */
export function whenExpired(at: Date, expire: () => void): Expiry {
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    const wait = at.getTime() - Date.now();
    if (wait <= 0) return expire();
    timer = setTimeout(arm, Math.min(wait, MAX_TIMER_MS));
  };
  arm();
  return { cancel: () => clearTimeout(timer) };
}
