/**
 * Whether an error means "the database went away" (a restart, a failover, a dropped or
 * refused connection) rather than "this statement is wrong". The first is worth trying
 * again once PostgreSQL is back; the second is not.
 */

// Node's socket errors, as pg reports them when it cannot reach or loses the server.
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

// SQLSTATE class 08 (connection exception), and the server shutting down or starting up.
const SQLSTATE = /^(08...|57P0[1-3])$/;

// pg's own messages for a connection that ended or never came (it gives them no code).
const PG_MESSAGES = /Connection terminated|Connection ended unexpectedly|not queryable|timeout exceeded when trying to connect|Client was closed/i;

export function isDatabaseUnavailable(err: unknown): boolean {
  // MikroORM wraps the driver's error and copies its fields; pg may chain a cause.
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (SOCKET_CODES.has(code) || SQLSTATE.test(code))) return true;
    if (PG_MESSAGES.test(e.message)) return true;
  }
  return false;
}
