import express, { Router } from 'express';
import { SANDBOX_CREDENTIALS } from './credentials.js';

const good = SANDBOX_CREDENTIALS.shopify;

/** The Admin GraphQL API of one shop (REFERENCE.md §1), reached at /shopify/{shop}. */
export function shopifySandbox(): Router {
  const router = Router();
  router.post('/:shop/admin/api/:version/graphql.json', express.json(), (req, res) => {
    if (req.params.shop !== good.shop) {
      res.status(404).json({ errors: 'Not Found' });
      return;
    }
    if (req.header('x-shopify-access-token') !== good.access_token) {
      res.status(401).json({ errors: '[API] Invalid API key or access token (unrecognized login or wrong password)' });
      return;
    }
    const query = String((req.body as { query?: unknown })?.query ?? '');
    if (/\bshop\s*\{/.test(query)) {
      res.json({
        data: { shop: { name: 'Sutra Sandbox', myshopifyDomain: good.shop, currencyCode: 'INR' } },
        extensions: { cost: { requestedQueryCost: 1, actualQueryCost: 1, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1999, restoreRate: 100 } } },
      });
      return;
    }
    res.json({ errors: [{ message: 'The sandbox does not answer this query yet', extensions: { code: 'undefinedField' } }] });
  });
  return router;
}
