import type { Logger } from '../logger.js';

/** How long a window of refusals lasts before its summary line is written. */
export const REFUSAL_WINDOW_MS = 10_000;

export interface TokenRefusals {
  /** One refused token (HTTP or graphql-ws connection_init); `reqLog` carries the request's bindings. */
  refused(reason: string, reqLog: Logger): void;
  /** Writes the open window's summary now (the server is stopping): no refusal goes uncounted. */
  flush(): void;
}

interface Window {
  started: number;
  logged: Set<string>;
  unlogged: Map<string, number>;
  timer: NodeJS.Timeout;
}

/**
 * Token refusals, logged at a bounded rate (one flood of bad tokens wrote 4,893 warn lines in
 * 20 s). A window opens at a refusal and lasts REFUSAL_WINDOW_MS: in it the first refusal of
 * each reason is logged at once, with its request id; the others are counted and written, by
 * reason, in one line when the window ends. Every refusal is in exactly one line: its own, or
 * a summary's count. Reasons are the verifier's fixed sentences, so the counts stay few.
 */
export function tokenRefusals(log: Logger, windowMs = REFUSAL_WINDOW_MS): TokenRefusals {
  let total = 0;
  let window: Window | undefined;

  const flush = () => {
    if (!window) return;
    const { started, unlogged, timer } = window;
    clearTimeout(timer);
    window = undefined;
    let refused = 0;
    for (const count of unlogged.values()) refused += count;
    if (!refused) return;
    const seconds = Math.max(1, Math.round((Date.now() - started) / 1000));
    log.warn(
      { refused, byReason: Object.fromEntries(unlogged), seconds, refusedSinceStart: total },
      `${refused} more token refusals in the last ${seconds} s, by reason`,
    );
  };

  return {
    refused(reason, reqLog) {
      total++;
      // unref: a window still open never keeps a stopping process alive.
      window ??= { started: Date.now(), logged: new Set(), unlogged: new Map(), timer: setTimeout(flush, windowMs).unref() };
      if (window.logged.has(reason)) {
        window.unlogged.set(reason, (window.unlogged.get(reason) ?? 0) + 1);
        return;
      }
      window.logged.add(reason);
      reqLog.warn({ reason }, 'token refused');
    },
    flush,
  };
}
