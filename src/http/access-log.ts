import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logger.js';

const VALID = /^[A-Za-z0-9._:-]{1,128}$/;

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
  }
}

/** The caller's X-Request-Id when sane, else a new one; echoed back on the response. */
function requestIdOf(req: IncomingMessage, res: ServerResponse): string {
  const given = req.headers['x-request-id'];
  const id = typeof given === 'string' && VALID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/** The line without pino-http's `err`: for a status alone it makes up an Error, and its stack points into pino-http. */
function withoutMadeUpError(line: Record<string, unknown>): Record<string, unknown> {
  const { err: _madeUp, ...rest } = line;
  return rest;
}

/**
 * Every request gets an id (req.id, logged as reqId on every line it causes) and one access
 * log line when it ends: method, path, status and time. No headers are logged, so no token
 * or cookie can reach a log line. Health probes, polled every few seconds, are not logged.
 * A 503 is Sutra's considered answer (the database is away: try again), a warning without
 * the stack pino-http makes up for any 5xx; a 500 is a fault, an error (its cause and stack
 * are logged where it was caught); a client's mistake is no fault of Sutra's, info.
 */
export function accessLog(log: Logger) {
  return pinoHttp({
    logger: log,
    genReqId: requestIdOf,
    customAttributeKeys: { reqId: 'reqId' },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    customLogLevel: (_req, res, err) => (err ? 'error' : res.statusCode === 503 ? 'warn' : res.statusCode >= 500 ? 'error' : 'info'),
    customErrorObject: (_req, res, _err, line: Record<string, unknown>) => (res.statusCode === 503 ? withoutMadeUpError(line) : line),
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  });
}
