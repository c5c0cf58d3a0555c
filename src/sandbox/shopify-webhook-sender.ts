import { createHmac, randomUUID } from 'node:crypto';
import { SANDBOX_CREDENTIALS } from './credentials.js';

/** One shop's subscription, as webhookSubscriptionCreate made it (docs/providers.md §1.3). */
export interface SandboxWebhookSubscription {
  /** gid://shopify/WebhookSubscription/<n> */
  id: string;
  legacyResourceId: string;
  shop: string;
  /** The GraphQL enum name, e.g. ORDERS_CREATE. */
  topic: string;
  uri: string;
  format: 'JSON' | 'XML';
  includeFields: string[];
  filter: string | null;
  /** The version of the request that created it: deliveries are serialized and labelled with it (§1.1 note). */
  apiVersion: string;
  createdAt: Date;
  updatedAt: Date;
}

export type NewSubscription = Pick<SandboxWebhookSubscription, 'topic' | 'uri' | 'format' | 'includeFields' | 'filter' | 'apiVersion'>;

/** What a test may set on a delivery instead of the sender's own choice. */
export interface DeliveryOptions {
  /** Sign with this secret instead of the app's (a forged delivery). */
  secret?: string;
  /** The same X-Shopify-Webhook-Id again: a redelivery. Fresh per delivery otherwise. */
  webhookId?: string;
  /** Shared by every delivery of one merchant action (docs/providers.md §1.2); fresh otherwise. */
  eventId?: string;
  triggeredAt?: Date;
  /** Where a compliance topic goes when `complianceUri` is not set (shopify.app.toml `compliance_topics`). */
  uri?: string;
}

/** The topics set in shopify.app.toml or the Partner Dashboard only (docs/providers.md §1.2, §1.3). */
export const COMPLIANCE_TOPICS = ['customers/data_request', 'customers/redact', 'shop/redact'];

/** A delivery's topic (orders/create) as the GraphQL enum names it (ORDERS_CREATE). */
export const topicEnum = (topic: string) => topic.toUpperCase().replace('/', '_');

/** Shopify gives a delivery 5 s in all (docs/providers.md §1.2, [3P]). */
const DELIVERY_TIMEOUT_MS = 5000;
/** Used when a delivery has no subscription to take a version from (a compliance topic). */
const DEFAULT_API_VERSION = '2026-10';

/**
 * The sandbox's webhook sender: each shop's subscriptions (made through the Admin API's
 * webhookSubscriptionCreate) and deliveries signed as Shopify signs them (docs/providers.md
 * §1.2): base64 HMAC-SHA256 of the raw body with the secret of the app the shop runs. A shop
 * that installed the sandbox's app is signed with SANDBOX_CREDENTIALS.shopify_app.api_secret;
 * the custom-app shop (SANDBOX_CREDENTIALS.shopify.shop) with its custom app's api_secret.
 * Written apart from Sutra's receiver so tests check the receiver rather than agree with it.
 */
export class ShopifyWebhookSender {
  private readonly byShop = new Map<string, SandboxWebhookSubscription[]>();
  private lastId = 0;
  /** Where the app's compliance topics are delivered (its shopify.app.toml); tests set it. */
  complianceUri?: string;

  subscriptionsOf(shop: string): readonly SandboxWebhookSubscription[] {
    return this.byShop.get(shop) ?? [];
  }

  add(shop: string, sub: NewSubscription): SandboxWebhookSubscription {
    const n = ++this.lastId;
    const now = new Date();
    const made = { ...sub, id: `gid://shopify/WebhookSubscription/${n}`, legacyResourceId: String(n), shop, createdAt: now, updatedAt: now };
    this.byShop.set(shop, [...this.subscriptionsOf(shop), made]);
    return made;
  }

  /** Deletes one of the shop's subscriptions; false when the shop has none by that id. */
  remove(shop: string, id: string): boolean {
    const all = this.subscriptionsOf(shop);
    const kept = all.filter((s) => s.id !== id);
    this.byShop.set(shop, kept);
    return kept.length < all.length;
  }

  /** The secret Shopify signs this shop's deliveries with: its app's client secret. */
  secretOf(shop: string): string {
    return shop === SANDBOX_CREDENTIALS.shopify.shop ? SANDBOX_CREDENTIALS.shopify.api_secret : SANDBOX_CREDENTIALS.shopify_app.api_secret;
  }

  /**
   * Delivers one event of `topic` (orders/create, …) to every subscription the shop has for it,
   * a compliance topic to `complianceUri` (or opts.uri). The payload is sent as given when a
   * string, else as JSON. Returns the highest HTTP status received (0 when a delivery got no
   * answer in time), so a refusal among several deliveries shows.
   */
  async deliver(shop: string, topic: string, payload: unknown, opts: DeliveryOptions = {}): Promise<number> {
    const compliance = COMPLIANCE_TOPICS.includes(topic);
    const targets = compliance
      ? [{ uri: opts.uri ?? this.complianceUri, apiVersion: DEFAULT_API_VERSION, includeFields: [] as string[] }]
      : this.subscriptionsOf(shop).filter((s) => s.topic === topicEnum(topic));
    if (!targets.length || targets.some((t) => !t.uri)) throw new Error(`the sandbox shop ${shop} has no subscription to ${topic}`);
    const eventId = opts.eventId ?? randomUUID();
    const triggeredAt = (opts.triggeredAt ?? new Date()).toISOString();
    let worst = 0;
    for (const t of targets) {
      const status = await this.send(t.uri!, opts.secret ?? this.secretOf(shop), topic, shop, shaped(payload, t.includeFields), {
        'X-Shopify-API-Version': t.apiVersion,
        'X-Shopify-Event-Id': eventId,
        'X-Shopify-Triggered-At': triggeredAt,
        ...(opts.webhookId ? { 'X-Shopify-Webhook-Id': opts.webhookId } : {}),
      });
      worst = Math.max(worst, status);
    }
    return worst;
  }

  /**
   * One signed POST to any uri: the body (a string is sent byte for byte) signed with `secret`,
   * Shopify's headers filled in, `headers` overriding any of them. Returns the HTTP status, 0
   * when no answer came within Shopify's 5 s.
   */
  async send(uri: string, secret: string, topic: string, shop: string, body: unknown, headers: Record<string, string> = {}): Promise<number> {
    const raw = typeof body === 'string' ? body : JSON.stringify(body);
    const res = await fetch(uri, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        'X-Shopify-Hmac-Sha256': shopifyWebhookHmac(secret, raw),
        'X-Shopify-Topic': topic,
        'X-Shopify-Shop-Domain': shop,
        'X-Shopify-API-Version': DEFAULT_API_VERSION,
        'X-Shopify-Webhook-Id': randomUUID(),
        'X-Shopify-Event-Id': randomUUID(),
        'X-Shopify-Triggered-At': new Date().toISOString(),
        ...headers,
      },
      body: raw,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    }).catch((err: unknown) => {
      if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return undefined;
      throw err;
    });
    if (!res) return 0;
    await res.arrayBuffer();
    return res.status;
  }
}

/** X-Shopify-Hmac-Sha256: base64 of HMAC-SHA256 over the raw body bytes, keyed with the app's secret (§1.2, §1.6 T3/T4). */
export function shopifyWebhookHmac(secret: string, rawBody: string | Buffer): string {
  return createHmac('sha256', secret).update(rawBody).digest('base64');
}

/**
 * The payload a subscription with includeFields receives: only those top-level fields.
 * UNVERIFIED: whether Shopify also takes nested paths in includeFields; the sandbox keeps top-level ones.
 */
function shaped(payload: unknown, includeFields: string[]): unknown {
  if (!includeFields.length || typeof payload !== 'object' || payload === null || Array.isArray(payload)) return payload;
  return Object.fromEntries(Object.entries(payload).filter(([k]) => includeFields.includes(k)));
}
