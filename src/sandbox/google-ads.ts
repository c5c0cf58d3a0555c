import express, { Router } from 'express';
import { SANDBOX_CREDENTIALS } from './credentials.js';
import type { IssuedTokens } from './tokens.js';

const good = SANDBOX_CREDENTIALS.google_ads;

/** Google's OAuth token endpoint (REFERENCE.md §6.1). */
export function googleOAuthSandbox(tokens: IssuedTokens): Router {
  const router = Router();
  router.post('/token', express.urlencoded({ extended: false }), (req, res) => {
    const { grant_type, client_id, client_secret, refresh_token } = (req.body ?? {}) as Record<string, string | undefined>;
    if (grant_type !== 'refresh_token') {
      res.status(400).json({ error: 'unsupported_grant_type', error_description: 'Invalid grant_type: ' + (grant_type ?? '') });
      return;
    }
    if (client_id !== good.client_id || client_secret !== good.client_secret) {
      res.status(401).json({ error: 'invalid_client', error_description: 'The OAuth client was not found.' });
      return;
    }
    if (refresh_token !== good.refresh_token) {
      res.status(400).json({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      return;
    }
    res.json({ access_token: tokens.issue('ya29.', 3599), expires_in: 3599, scope: 'https://www.googleapis.com/auth/adwords', token_type: 'Bearer' });
  });
  return router;
}

/** The Google Ads REST API (REFERENCE.md §6): which customers the login may reach. */
export function googleAdsSandbox(tokens: IssuedTokens): Router {
  const router = Router();
  router.get('/:version/customers:listAccessibleCustomers', (req, res) => {
    const bearer = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1];
    if (!tokens.isValid(bearer)) {
      res.status(401).json({
        error: {
          code: 401,
          message: 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
          status: 'UNAUTHENTICATED',
        },
      });
      return;
    }
    res.json({ resourceNames: [`customers/${good.customer_id}`] });
  });
  return router;
}
