import { z } from 'zod';
import type { SyncSession, WebhookRegistrar, WebhookSubscriptionInfo } from '../types.js';
import { AdminGraphql, shopifyApi } from './client.js';

/**
 * The topics every shop is subscribed to: orders as they change, refunds, stock, the app's
 * removal and the end of a bulk operation (docs/providers.md §1.3, §1.9). The compliance topics
 * are not among them: Shopify takes those only from the app's configuration (shopify.app.toml).
 */
export const SHOPIFY_WEBHOOK_TOPICS = [
  'orders/create',
  'orders/updated',
  'orders/cancelled',
  'refunds/create',
  'inventory_levels/update',
  'app/uninstalled',
  'bulk_operations/finish',
] as const;

/** orders/create as the GraphQL enum WebhookSubscriptionTopic names it: ORDERS_CREATE. */
const toEnum = (topic: string) => topic.toUpperCase().replace('/', '_');
/**
 * The enum back in deliveries' words, for the topics Sutra subscribes to; the way back is not
 * mechanical (INVENTORY_LEVELS_UPDATE, ORDERS_PARTIALLY_FULFILLED), so other topics keep their enum name.
 */
const TOPIC_OF_ENUM = new Map<string, string>(SHOPIFY_WEBHOOK_TOPICS.map((t) => [toEnum(t), t]));
const fromEnum = (topic: string) => TOPIC_OF_ENUM.get(topic) ?? topic;

const PAGE = 250;
// `uri` replaced callbackUrl/endpoint in 2025-10 (docs/providers.md §1.3).
const LIST_QUERY = `query WebhookSubscriptions($first: Int!, $after: String) {
  webhookSubscriptions(first: $first, after: $after) { pageInfo { hasNextPage endCursor } nodes { id topic uri createdAt } }
}`;
// A connection costs 2 plus one per node; pageInfo 1 (docs/providers.md §1.11).
const LIST_COST = 2 + PAGE + 1;

const CREATE_MUTATION = `mutation WebhookSubscriptionCreate($topic: WebhookSubscriptionTopic!, $uri: String!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri, format: JSON }) {
    webhookSubscription { id topic uri createdAt }
    userErrors { field message }
  }
}`;
// A mutation costs 10, and each object it returns 1 (docs/providers.md §1.11).
const CREATE_COST = 10 + 3;

const subscription = z.object({ id: z.string(), topic: z.string(), uri: z.string(), createdAt: z.string().nullish() });
const listAnswer = z.object({
  data: z.object({
    webhookSubscriptions: z.object({ pageInfo: z.object({ hasNextPage: z.boolean(), endCursor: z.string().nullish() }), nodes: z.array(subscription) }),
  }),
});
const createAnswer = z.object({
  data: z.object({
    webhookSubscriptionCreate: z.object({
      webhookSubscription: subscription.nullish(),
      userErrors: z.array(z.object({ field: z.array(z.string()).nullish(), message: z.string() })),
    }),
  }),
});

const info = (s: z.infer<typeof subscription>): WebhookSubscriptionInfo => ({
  id: s.id,
  topic: fromEnum(s.topic),
  address: s.uri,
  createdAt: s.createdAt ? new Date(s.createdAt) : undefined,
});

/** Shop-specific subscriptions through Admin GraphQL (docs/providers.md §1.3): listed by page, created one topic at a time. */
export const shopifyWebhooks: WebhookRegistrar = {
  topics: SHOPIFY_WEBHOOK_TOPICS,
  receiverPath: '/api/webhooks/shopify',

  async list(session: SyncSession) {
    const api = new AdminGraphql(session);
    const all: WebhookSubscriptionInfo[] = [];
    for (let after: string | null = null; ;) {
      const body = await api.query(LIST_QUERY, { first: PAGE, after }, LIST_COST);
      const { pageInfo, nodes } = shopifyApi.parse(listAnswer, body, 'the webhook subscriptions query').data.webhookSubscriptions;
      all.push(...nodes.map(info));
      if (!pageInfo.hasNextPage || !pageInfo.endCursor) return all;
      after = pageInfo.endCursor;
    }
  },

  async create(session: SyncSession, topic: string, address: string) {
    const body = await new AdminGraphql(session).query(CREATE_MUTATION, { topic: toEnum(topic), uri: address }, CREATE_COST);
    const { webhookSubscription, userErrors } = shopifyApi.parse(createAnswer, body, 'webhookSubscriptionCreate').data.webhookSubscriptionCreate;
    if (userErrors.length || !webhookSubscription) {
      const said = userErrors.map((e) => e.message).join('; ') || 'no subscription and no reason';
      throw shopifyApi.error('request', `Shopify refused to send ${topic} of ${session.credentials.shop} to ${address}: ${said}`);
    }
    return info(webhookSubscription);
  },
};
