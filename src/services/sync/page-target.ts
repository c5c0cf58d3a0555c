/**
 * Whose page a writer writes: the seller, the account and its provider. Its own module, so the
 * writers (order persistence, order assembly, channel shipments) and the sync handlers that
 * call them all take it from below, never from one another.
 */
export interface PageTarget {
  userId: string;
  channelAccountId: string;
  providerId: string;
}
