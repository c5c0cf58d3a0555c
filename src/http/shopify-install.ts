import { Router } from 'express';
import { requireProvider } from '../providers/registry.js';
import type { Services } from '../services/services.js';
import { afterInstallUrl, completeShopifyInstall } from '../services/shopify-install.js';

/** Shopify's OAuth callback (GET, the seller's browser): the install service decides, the browser goes back to the frontend. */
export function shopifyInstallRoutes(services: Services): Router {
  const router = Router();
  router.get(requireProvider('shopify').oauth!.callbackPath, async (req, res) => {
    const outcome = await completeShopifyInstall(services, req.query as Record<string, unknown>, req.log);
    res.redirect(302, afterInstallUrl(services.config.frontendUrl, outcome));
  });
  return router;
}
