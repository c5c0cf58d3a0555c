import { getProvider } from '../../providers/registry.js';

/** What the profit rules need to know of the sales channel an order came from. */
export interface ChannelTraits {
  /**
   * The channel collects the buyer's payment and pays the seller out (a marketplace): no payment
   * gateway fee of the seller's, and a channel fee is owed (unknown without the channel's figure
   * or the seller's rate).
   */
  marketplace: boolean;
  /** The channel books every parcel itself (Flipkart): the freight is inside its fees. */
  channelShipsParcels: boolean;
}

/**
 * The traits of a provider's orders, from its definition (providers/registry.ts), not from a list
 * of ids kept here: a sales channel that is not the seller's own store (definition.ownStore) is a
 * marketplace; `channelShipsParcels` is the definition's own flag. A provider the registry does
 * not know is taken as a marketplace.
 */
export function channelTraits(providerId: string): ChannelTraits {
  const def = getProvider(providerId);
  return {
    marketplace: def?.ownStore !== true,
    channelShipsParcels: def?.channelShipsParcels === true,
  };
}
