import { Router } from 'express';
import { requireProvider } from '../providers/registry.js';
import type { Services } from '../services/services.js';

/** Shopify's OAuth callback (GET, the seller's browser): the install service decides, the browser goes back to the frontend. */
export function shopifyInstallRoutes(services: Services): Router {
  const router = Router();
  router.get(requireProvider('shopify').oauth!.callbackPath, async (req, res) => {
    // Loaded at the first callback, not beside the schema: two module graphs linking one new module
    // at once trip jest's ESM linker ("request for … is not in cache") when the app starts in a test.
    const { afterInstallUrl, completeShopifyInstall } = await import('../services/shopify-install.js');
    const outcome = await completeShopifyInstall(services, req.query as Record<string, unknown>, req.log);
    res.redirect(302, afterInstallUrl(services.config.frontendUrl, outcome));
  });
  return router;
}
