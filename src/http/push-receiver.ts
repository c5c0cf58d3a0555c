import express, { Router, type RequestHandler } from 'express';
import { providers, getProviderModule } from '../providers/registry.js';
import type { PushConnector } from '../providers/types.js';
import type { PushAccount, PushIntake } from '../services/push-intake.js';
import type { Services } from '../services/services.js';
import { parseJsonBody } from './json-fault.js';

declare module 'express-serve-static-core' {
  interface Request {
    pushAccount?: PushAccount;
  }
}

// One answer for an unknown account, a disconnected one, a missing token and a wrong token.
const REFUSED = { error: 'unknown account or wrong push token' };

/**
 * A receiver for every provider that pushes (its definition's `push`):
 * POST `${receiverPath}/:channelAccountId`. It authenticates first (before the body is even
 * read), stores the push once, answers 200 at once and leaves the work to a job.
 */
export function pushRoutes(services: Services): Router {
  const router = Router();
  const intake = services.push;
  // The whole body is kept as bytes (any content type): hashed when no delivery key is found.
  const body = express.raw({ type: () => true, limit: services.config.graphql.bodyLimit });
  for (const def of providers) {
    const connector = getProviderModule(def.id)?.intake;
    if (!def.push || !connector) continue;
    router.post(`${def.push.receiverPath}/:channelAccountId`, authenticate(intake, def.id), body, receive(intake, connector));
  }
  return router;
}

function authenticate(intake: PushIntake, providerId: string): RequestHandler<{ channelAccountId: string }> {
  return async (req, res, next) => {
    const account = await intake.authenticate(providerId, req.params.channelAccountId, req.header('authorization'));
    if (!account) {
      res.status(401).setHeader('www-authenticate', 'Bearer').json(REFUSED);
      return;
    }
    req.pushAccount = account;
    next();
  };
}

function receive(intake: PushIntake, connector: PushConnector): RequestHandler<{ channelAccountId: string }> {
  return async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const body = parseJsonBody(raw);
    if ('error' in body) return void res.status(400).json({ error: body.error });
    const parsed = body.value;
    const { eventId, duplicate } = await intake.receive(req.pushAccount!, connector, raw, parsed, req.log);
    res.json({ received: true, eventId, duplicate });
  };
}
