import express, { Router } from 'express';
import { amazonFinancesSandbox } from './commerce/amazon-finances.js';
import { amazonOrdersSandbox } from './commerce/amazon-orders.js';
import type { SandboxState } from './commerce/state.js';
import { SANDBOX_CREDENTIALS } from './credentials.js';

const good = SANDBOX_CREDENTIALS.amazon;

/**
 * Login with Amazon's token endpoint (docs/providers.md §2.1) and SP-API's orders and finances
 * (§2.5) under /sp-api. `/_sandbox` is for tests: `GET /_sandbox/calls` counts the searchOrders
 * calls (and 429s) and lists the latest requests as sent, and under `finances` the same for
 * listTransactions; `POST /_sandbox/confirm-pending` prices every
 * pending order now.
 */
export function amazonSandbox(state: SandboxState): Router {
  const router = Router();
  const orders = amazonOrdersSandbox(state);
  const finances = amazonFinancesSandbox(state);
  router.use('/sp-api', orders.api);
  router.use('/sp-api', finances.api);
  router.get('/_sandbox/calls', (_req, res) => void res.json({ ...orders.calls(), finances: finances.calls() }));
  router.post('/_sandbox/confirm-pending', (_req, res) => void res.json({ orderIds: orders.confirmPending() }));
  router.post('/auth/o2/token', express.urlencoded({ extended: false }), (req, res) => {
    const { grant_type, refresh_token, client_id, client_secret } = (req.body ?? {}) as Record<string, string | undefined>;
    if (grant_type !== 'refresh_token' || !refresh_token || !client_id || !client_secret) {
      res.status(400).json({
        error: 'invalid_request',
        error_description: 'The request is missing a required parameter : grant_type, refresh_token, client_id or client_secret',
      });
      return;
    }
    if (client_id !== good.lwa_client_id || client_secret !== good.lwa_client_secret) {
      res.status(401).json({ error: 'invalid_client', error_description: 'Client authentication failed' });
      return;
    }
    if (refresh_token !== good.refresh_token || state.revoked) {
      res.status(400).json({ error: 'invalid_grant', error_description: 'The request has an invalid grant parameter : refresh_token' });
      return;
    }
    res.json({ access_token: state.tokens.amazon.issue('Atza|', 3600), refresh_token, token_type: 'bearer', expires_in: 3600 });
  });
  return router;
}
