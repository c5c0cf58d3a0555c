import type { Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, Property } from '@mikro-orm/decorators/legacy';
import { ChannelAccount } from './channel-account.js';
import { TenantOwned } from './tenant-owned.js';

/** One order as Sutra holds it, for a customer's data request: only what Sutra keeps of the order. */
export interface HeldOrder {
  externalId: string;
  orderNumber?: string;
  orderedAt: string;
  status: string;
  currency: string;
  total?: string;
  city?: string;
  state?: string;
  pincode?: string;
  items: Array<{ sku: string; title: string; quantity: number }>;
}

/**
 * A customer asked the shop for their data (Shopify's customers/data_request, docs/providers.md
 * §1.2): what Sutra held of them when asked, for the seller to send on. Sutra keeps no name,
 * email or phone; what it holds is the customer's orders with their city, state and pincode.
 */
@Entity({ tableName: 'customer_data_requests' })
@Index({ properties: ['user', 'createdAt'] })
export class CustomerDataRequest extends TenantOwned {
  @ManyToOne(() => ChannelAccount, { deleteRule: 'cascade', index: true })
  channelAccount!: Rel<ChannelAccount>;

  /** How the request names the customer ("Shopify customer 1234"). */
  @Property({ type: 'text' })
  customer!: string;

  /** The provider's id of the request, when it gives one. */
  @Property({ type: 'text', nullable: true })
  requestId?: string;

  /** The orders the request named (the channel's ids). */
  @Property({ type: 'json' })
  ordersRequested!: string[];

  /** Of those, what Sutra held. */
  @Property({ type: 'json' })
  held!: HeldOrder[];
}
