import express, { Router } from 'express';
import { createShopifyGraphql } from './commerce/shopify-orders.js';
import type { SandboxState } from './commerce/state.js';
import { SANDBOX_CREDENTIALS } from './credentials.js';

const good = SANDBOX_CREDENTIALS.shopify;

/** The Admin GraphQL API of one shop (REFERENCE.md §1), reached at /shopify/{shop}. */
export function shopifySandbox(state: SandboxState): Router {
  const router = Router();
  const admin = createShopifyGraphql(state);
  router.post('/:shop/admin/api/:version/graphql.json', express.json(), async (req, res) => {
    if (req.params.shop !== good.shop) {
      res.status(404).json({ errors: 'Not Found' });
      return;
    }
    if (state.revoked || req.header('x-shopify-access-token') !== good.access_token) {
      res.status(401).json({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
      return;
    }
    await admin.execute(res, req.params.shop, (req.body ?? {}) as { query?: unknown; variables?: unknown });
  });
  return router;
}
