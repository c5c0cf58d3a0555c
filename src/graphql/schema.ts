import 'reflect-metadata';
import { printSchema, type GraphQLSchema } from 'graphql';
import { buildSchema, type PubSub } from 'type-graphql';
import { authChecker } from './auth-checker.js';
import { DateTimeScalar } from './scalars.js';
import './types/enums.js';
import { AdSpendResolver } from './resolvers/ad-spend.resolver.js';
import { CatalogResolver } from './resolvers/catalog.resolver.js';
import { CustomerDataRequestResolver } from './resolvers/customer-data-request.resolver.js';
import { InventoryResolver } from './resolvers/inventory.resolver.js';
import { OrderResolver } from './resolvers/order.resolver.js';
import { ProfitInputsResolver } from './resolvers/profit-inputs.resolver.js';
import { ProfitResolver } from './resolvers/profit.resolver.js';
import { ShipmentResolver } from './resolvers/shipment.resolver.js';
import { ShopifyResolver } from './resolvers/shopify.resolver.js';
import { SyncResolver } from './resolvers/sync.resolver.js';

export const resolvers = [
  CatalogResolver,
  SyncResolver,
  OrderResolver,
  ShipmentResolver,
  InventoryResolver,
  AdSpendResolver,
  ProfitResolver,
  ProfitInputsResolver,
  ShopifyResolver,
  CustomerDataRequestResolver,
] as const;

/** The executable schema. Without a pubsub (schema printing) subscriptions still type-check. */
export async function createSchema(pubSub?: PubSub): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers,
    authChecker,
    pubSub: pubSub ?? { publish: () => undefined, subscribe: () => (async function* () {})() },
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: false,
  });
}

/** The SDL committed as schema.graphql; a test fails when the file is stale. */
export async function schemaSdl(): Promise<string> {
  return printSchema(await createSchema()) + '\n';
}
