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

/**
 * Every request gets an id (req.id, logged as reqId on every line it causes) and one access
 * log line when it ends: method, path, status and time. No headers are logged, so no token
 * or cookie can reach a log line. Health probes, polled every few seconds, are not logged.
 */
export function accessLog(log: Logger) {
  return pinoHttp({
    logger: log,
    genReqId: requestIdOf,
    customAttributeKeys: { reqId: 'reqId' },
    autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/readyz' },
    serializers: {
      req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ status: res.statusCode }),
    },
  });
}
