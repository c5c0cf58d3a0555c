import express, { Router } from 'express';
import { SANDBOX_CREDENTIALS } from './credentials.js';
import { IssuedTokens } from './tokens.js';

const good = SANDBOX_CREDENTIALS.amazon;

/** Login with Amazon's token endpoint (REFERENCE.md §2.1), as the SP-API clients see it. */
export function amazonSandbox(tokens = new IssuedTokens()): Router {
  const router = Router();
  router.post('/auth/o2/token', express.urlencoded({ extended: false }), (req, res) => {
    const { grant_type, refresh_token, client_id, client_secret } = (req.body ?? {}) as Record<string, string | undefined>;
    if (grant_type !== 'refresh_token' || !refresh_token || !client_id || !client_secret) {
      res.status(400).json({ error: 'invalid_request', error_description: 'The request is missing a required parameter : grant_type, refresh_token, client_id or client_secret' });
      return;
    }
    if (client_id !== good.lwa_client_id || client_secret !== good.lwa_client_secret) {
      res.status(401).json({ error: 'invalid_client', error_description: 'Client authentication failed' });
      return;
    }
    if (refresh_token !== good.refresh_token) {
      res.status(400).json({ error: 'invalid_grant', error_description: 'The request has an invalid grant parameter : refresh_token' });
      return;
    }
    res.json({ access_token: tokens.issue('Atza|', 3600), refresh_token, token_type: 'bearer', expires_in: 3600 });
  });
  return router;
}
