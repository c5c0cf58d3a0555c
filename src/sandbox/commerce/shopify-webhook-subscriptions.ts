import { COMPLIANCE_TOPICS, topicEnum, type SandboxWebhookSubscription, type ShopifyWebhookSender } from '../shopify-webhook-sender.js';

/** What each Admin GraphQL resolver learns of the request besides its arguments: whose shop, which version. */
export interface AdminContext {
  shop: string;
  apiVersion: string;
}

/**
 * The webhook-subscription part of the Admin GraphQL schema (docs/providers.md §1.3, names as in
 * Shopify's 2026-10 schema). It opens `type Mutation`; other mutations join it with
 * `extend type Mutation { … }`. The topics are a subset of Shopify's WebhookSubscriptionTopic;
 * the compliance ones are listed so that asking for them reaches the userError Shopify answers
 * rather than a validation error (UNVERIFIED: that they are in the enum at all).
 */
export const WEBHOOK_SUBSCRIPTIONS_SDL = `
  scalar DateTime
  scalar UnsignedInt64
  extend type Query {
    webhookSubscriptions(first: Int, after: String, topics: [WebhookSubscriptionTopic!], format: WebhookSubscriptionFormat, uri: String): WebhookSubscriptionConnection!
    webhookSubscription(id: ID!): WebhookSubscription
  }
  type Mutation {
    webhookSubscriptionCreate(topic: WebhookSubscriptionTopic!, webhookSubscription: WebhookSubscriptionInput!): WebhookSubscriptionCreatePayload
    webhookSubscriptionDelete(id: ID!): WebhookSubscriptionDeletePayload
  }
  enum WebhookSubscriptionTopic {
    APP_UNINSTALLED APP_SCOPES_UPDATE BULK_OPERATIONS_FINISH
    CUSTOMERS_CREATE CUSTOMERS_UPDATE CUSTOMERS_DELETE CUSTOMERS_DATA_REQUEST CUSTOMERS_REDACT SHOP_REDACT SHOP_UPDATE
    FULFILLMENTS_CREATE FULFILLMENTS_UPDATE
    INVENTORY_ITEMS_CREATE INVENTORY_ITEMS_UPDATE INVENTORY_ITEMS_DELETE
    INVENTORY_LEVELS_CONNECT INVENTORY_LEVELS_UPDATE INVENTORY_LEVELS_DISCONNECT
    LOCATIONS_CREATE LOCATIONS_UPDATE LOCATIONS_DELETE
    ORDERS_CREATE ORDERS_UPDATED ORDERS_CANCELLED ORDERS_DELETE ORDERS_EDITED ORDERS_FULFILLED ORDERS_PAID ORDERS_PARTIALLY_FULFILLED
    PRODUCTS_CREATE PRODUCTS_UPDATE PRODUCTS_DELETE
    REFUNDS_CREATE RETURNS_REQUEST RETURNS_APPROVE
  }
  enum WebhookSubscriptionFormat { JSON XML }
  input WebhookSubscriptionInput { uri: String format: WebhookSubscriptionFormat includeFields: [String!] filter: String metafieldNamespaces: [String!] }
  type ApiVersion { handle: String! displayName: String! supported: Boolean! }
  type WebhookSubscription {
    id: ID! legacyResourceId: UnsignedInt64! topic: WebhookSubscriptionTopic! uri: String! format: WebhookSubscriptionFormat!
    includeFields: [String!]! metafieldNamespaces: [String!]! filter: String apiVersion: ApiVersion! createdAt: DateTime! updatedAt: DateTime!
  }
  type WebhookSubscriptionConnection { pageInfo: PageInfo! nodes: [WebhookSubscription!]! edges: [WebhookSubscriptionEdge!]! }
  type WebhookSubscriptionEdge { cursor: String! node: WebhookSubscription! }
  type UserError { field: [String!] message: String! }
  type WebhookSubscriptionCreatePayload { webhookSubscription: WebhookSubscription userErrors: [UserError!]! }
  type WebhookSubscriptionDeletePayload { deletedWebhookSubscriptionId: ID userErrors: [UserError!]! }
`;

interface UserError {
  field: string[] | null;
  message: string;
}

interface SubscriptionInput {
  uri?: string | null;
  format?: 'JSON' | 'XML' | null;
  includeFields?: string[] | null;
  filter?: string | null;
  metafieldNamespaces?: string[] | null;
}

/**
 * The words and fields below are those of a third-party Shopify emulator's source ([3P], found by
 * code search: every address problem on ["webhookSubscription", "callbackUrl"], even when `uri`
 * was sent); "Address for this topic has already been taken" is also what public apps match in
 * Shopify's answers. UNVERIFIED against Shopify itself.
 */
const ADDRESS_FIELD = ['webhookSubscription', 'callbackUrl'];
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

function addressErrors(uri: string): UserError[] {
  const error = (message: string) => [{ field: ADDRESS_FIELD, message }];
  if (!uri.trim()) return error("Address can't be blank");
  if (!URL.canParse(uri)) return error('Address is invalid');
  const url = new URL(uri);
  // The sandbox's one concession: tests receive deliveries on plain http at a loopback address.
  // Shopify refuses http:// everywhere, and loopback hosts as internal ones.
  if (url.protocol === 'http:' && LOOPBACK.has(url.hostname)) return [];
  // Shopify also takes pubsub:// and arn:aws:events: addresses (§1.3); the sandbox delivers over HTTP only and refuses them.
  if (url.protocol !== 'https:') return error(`Address protocol ${url.protocol}// is not supported`);
  if (/(^|\.)(myshopify\.com|shopify\.com)$/.test(url.hostname) || LOOPBACK.has(url.hostname))
    return error('Address cannot be a Shopify or an internal domain');
  return [];
}

const apiVersionOf = (handle: string) => ({ handle, displayName: handle, supported: handle !== 'unstable' });

function render(s: SandboxWebhookSubscription) {
  return {
    id: s.id,
    legacyResourceId: s.legacyResourceId,
    topic: s.topic,
    uri: s.uri,
    format: s.format,
    includeFields: s.includeFields,
    metafieldNamespaces: [],
    filter: s.filter,
    apiVersion: apiVersionOf(s.apiVersion),
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}

const cursorOf = (s: SandboxWebhookSubscription) => Buffer.from(s.legacyResourceId).toString('base64url');
const afterCursor = (c: string | undefined) => (c ? Number(Buffer.from(c, 'base64url').toString()) : 0);

/**
 * The resolvers of WEBHOOK_SUBSCRIPTIONS_SDL over the sender's per-shop subscriptions; each reads
 * the shop and version from the context. Refused as Shopify refuses (userErrors, nothing stored):
 * a compliance topic, an address that is blank, invalid, not HTTPS or Shopify's own, and the
 * same topic to the same address again.
 */
export function webhookSubscriptionsRoot(sender: ShopifyWebhookSender) {
  return {
    webhookSubscriptions: (args: { first?: number; after?: string; topics?: string[]; format?: string; uri?: string }, { shop }: AdminContext) => {
      const after = afterCursor(args.after);
      const matching = sender
        .subscriptionsOf(shop)
        .filter(
          (s) => (!args.topics?.length || args.topics.includes(s.topic)) && (!args.format || args.format === s.format) && (!args.uri || args.uri === s.uri),
        );
      const rest = matching.filter((s) => Number(s.legacyResourceId) > after);
      const page = rest.slice(0, args.first ?? 50);
      const edges = page.map((s) => ({ cursor: cursorOf(s), node: render(s) }));
      return {
        nodes: edges.map((e) => e.node),
        edges,
        pageInfo: {
          hasNextPage: rest.length > page.length,
          hasPreviousPage: rest.length < matching.length,
          startCursor: edges[0]?.cursor ?? null,
          endCursor: edges.at(-1)?.cursor ?? null,
        },
      };
    },

    webhookSubscription: ({ id }: { id: string }, { shop }: AdminContext) => {
      const found = sender.subscriptionsOf(shop).find((s) => s.id === id);
      return found ? render(found) : null;
    },

    webhookSubscriptionCreate: ({ topic, webhookSubscription: input }: { topic: string; webhookSubscription: SubscriptionInput }, ctx: AdminContext) => {
      const refuse = (userErrors: UserError[]) => ({ webhookSubscription: null, userErrors });
      if (COMPLIANCE_TOPICS.map(topicEnum).includes(topic)) {
        // UNVERIFIED: Shopify's words; that it refuses is documented (docs/providers.md §1.3).
        return refuse([
          {
            field: ['topic'],
            message: `${topic} is a compliance topic and can't be subscribed to through the API: set it in your app's configuration (shopify.app.toml compliance_topics) or the Partner Dashboard`,
          },
        ]);
      }
      const uri = (input.uri ?? '').trim();
      const format = input.format ?? 'JSON';
      const filter = input.filter ?? null;
      const problems = addressErrors(uri);
      const taken = sender.subscriptionsOf(ctx.shop).some((s) => s.topic === topic && s.uri === uri && s.format === format && s.filter === filter);
      if (taken) problems.push({ field: ADDRESS_FIELD, message: 'Address for this topic has already been taken' });
      if (problems.length) return refuse(problems);
      const made = sender.add(ctx.shop, { topic, uri, format, includeFields: input.includeFields ?? [], filter, apiVersion: ctx.apiVersion });
      return { webhookSubscription: render(made), userErrors: [] };
    },

    webhookSubscriptionDelete: ({ id }: { id: string }, { shop }: AdminContext) =>
      sender.remove(shop, id)
        ? { deletedWebhookSubscriptionId: id, userErrors: [] }
        : // [3P] as above; UNVERIFIED against Shopify.
          { deletedWebhookSubscriptionId: null, userErrors: [{ field: ['id'], message: 'Webhook subscription does not exist' }] },
  };
}
