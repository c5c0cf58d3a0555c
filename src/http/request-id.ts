import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';

const VALID = /^[A-Za-z0-9._:-]{1,128}$/;

declare module 'express-serve-static-core' {
  interface Request {
    id: string;
  }
}

/** Every request carries an id (the caller's X-Request-Id when sane), echoed back and logged. */
export const requestId: RequestHandler = (req, res, next) => {
  const given = req.header('x-request-id');
  req.id = given && VALID.test(given) ? given : randomUUID();
  res.setHeader('x-request-id', req.id);
  next();
};
