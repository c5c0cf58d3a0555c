import express, { Router, type RequestHandler } from 'express';
import { getProviderModule } from '../providers/registry.js';
import type { Services } from '../services/services.js';
import { signedWebhookAccounts } from '../services/shopify-webhook-accounts.js';
import { parseJsonBody } from './json-fault.js';

export const SHOPIFY_WEBHOOK_PATH = '/api/webhooks/shopify';

/**
 * Larger than any order Shopify sends (an order's REST body is a few kB a line). UNVERIFIED:
 * Shopify publishes no maximum delivery size.
 */
const BODY_LIMIT = '5mb';

/** The headers Shopify's own library requires of a delivery (docs/providers.md §1.2, checkWebhooksHeaders). */
const REQUIRED = ['x-shopify-hmac-sha256', 'x-shopify-topic', 'x-shopify-shop-domain', 'x-shopify-api-version', 'x-shopify-webhook-id'] as const;

// One answer for every refusal: a missing header, an unknown shop and a wrong signature say nothing apart.
const REFUSED = { error: 'not a Shopify webhook Sutra can verify' };

/**
 * POST /api/webhooks/shopify, no JWT: Shopify's deliveries for every shop and topic. Nothing is
 * parsed before the signature is checked: the headers are looked at, the raw body is read (up to
 * BODY_LIMIT, 413 beyond), and its HMAC is checked against every secret the shop's accounts may
 * be signed with (services/shopify-webhook-accounts.ts). A missing header is a 401 like a bad
 * signature, not a 400: an unsigned request is an unauthenticated one, and Shopify wants a
 * compliance delivery it cannot verify answered 401 (§1.3). Then each delivery is stored once
 * per account, keyed by X-Shopify-Webhook-Id (X-Shopify-Event-Id kept beside it), answered 200 at
 * once, and written by a job (PushIntake, the same intake as Myntra's pushes).
 */
export function shopifyWebhookRoutes(services: Services): Router {
  const router = Router();
  const module = getProviderModule('shopify')!;
  const body = express.raw({ type: () => true, limit: BODY_LIMIT });
  router.post(SHOPIFY_WEBHOOK_PATH, signed(), body, receive(services, module));
  return router;

  /** Refuses before the body is read when a required header is missing or the shop is no shop domain. */
  function signed(): RequestHandler {
    return (req, res, next) => {
      const shop = module.appInstall!.shopDomain(req.header('x-shopify-shop-domain') ?? '');
      if (REQUIRED.some((h) => !req.header(h)) || !shop) {
        res.status(401).json(REFUSED);
        return;
      }
      next();
    };
  }
}

function receive(services: Services, module: NonNullable<ReturnType<typeof getProviderModule>>): RequestHandler {
  return async (req, res) => {
    const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const shop = module.appInstall!.shopDomain(req.header('x-shopify-shop-domain')!)!;
    const topic = req.header('x-shopify-topic')!;
    const accounts = await signedWebhookAccounts(services, shop, raw, req.header('x-shopify-hmac-sha256')!, req.log);
    if (!accounts.length) {
      req.log.warn({ provider: 'shopify', shop, topic }, 'Shopify webhook refused: unknown shop or a signature none of its secrets made');
      res.status(401).json(REFUSED);
      return;
    }
    const intake = module.intake!;
    if (![...(intake.orderTopics ?? []), ...(intake.eventTopics ?? [])].includes(topic)) {
      // Verified, but of a topic Sutra does nothing with: acknowledged (else Shopify retries it) and not kept,
      // since its body may hold a customer's data Sutra has no use for.
      req.log.info({ provider: 'shopify', shop, topic }, 'Shopify webhook of a topic Sutra does not act on: acknowledged, not kept');
      res.json({ received: true, kept: false });
      return;
    }
    const body = parseJsonBody(raw);
    if ('error' in body) return void res.status(400).json({ error: body.error });
    const parsed = body.value;
    const delivery = { deliveryId: req.header('x-shopify-webhook-id')!, eventId: req.header('x-shopify-event-id'), topic };
    // One shop connected by two sellers (each verified by its own secret) is a delivery for each.
    for (const account of accounts) await services.push.receive(account, intake, raw, parsed, req.log, delivery);
    res.json({ received: true });
  };
}
