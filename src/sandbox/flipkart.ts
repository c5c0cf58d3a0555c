import { Router } from 'express';
import { flipkartShipmentsSandbox } from './commerce/flipkart-orders.js';
import { flipkartReturnsSandbox } from './commerce/flipkart-returns.js';
import type { SandboxState } from './commerce/state.js';
import { SANDBOX_CREDENTIALS, SANDBOX_SECOND_ACCOUNTS } from './credentials.js';

const apps = new Map<string, string>([SANDBOX_CREDENTIALS.flipkart, SANDBOX_SECOND_ACCOUNTS.flipkart].map((a) => [a.app_id, a.app_secret]));

/** Flipkart's self-access token endpoint (docs/providers.md §3.1) and the Seller API under /sellers (§3.2). */
export function flipkartSandbox(state: SandboxState): Router {
  const router = Router();
  router.use('/sellers', (req, res, next) => {
    const token = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1];
    // An expired or revoked token is answered 401 (intro.html, faq.html).
    if (state.revoked || !state.tokens.flipkart.isValid(token))
      return res.status(401).json({ error: 'invalid_token', error_description: 'Invalid access token' });
    next();
  });
  router.use('/sellers', flipkartShipmentsSandbox(state), flipkartReturnsSandbox(state));
  router.get('/oauth-service/oauth/token', (req, res) => {
    const basic = /^Basic (.+)$/.exec(req.header('authorization') ?? '')?.[1];
    const [appId, appSecret] = basic ? Buffer.from(basic, 'base64').toString('utf8').split(':') : [];
    if (!basic) {
      res.status(401).json({ error: 'unauthorized', error_description: 'Full authentication is required to access this resource' });
      return;
    }
    if (!appId || apps.get(appId) !== appSecret || state.revoked) {
      res.status(401).json({ error: 'unauthorized', error_description: 'Bad credentials' });
      return;
    }
    if (req.query.grant_type !== 'client_credentials') {
      res.status(400).json({ error: 'unsupported_grant_type', error_description: `Unsupported grant type: ${String(req.query.grant_type)}` });
      return;
    }
    res.json({
      access_token: state.tokens.flipkart.issue('', 3_330_779),
      token_type: 'bearer',
      expires_in: 3_330_779,
      scope: String(req.query.scope ?? 'Seller_Api'),
    });
  });
  return router;
}
