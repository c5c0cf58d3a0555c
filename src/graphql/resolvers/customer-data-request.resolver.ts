import { Authorized, Ctx, Query, Resolver } from 'type-graphql';
import { CustomerDataRequest as StoredRequest } from '../../domain/index.js';
import type { AuthedContext } from '../context.js';
import { CustomerDataRequest } from '../types/customer-data-request.js';

const SHOWN = 100;

@Resolver()
export class CustomerDataRequestResolver {
  /** The customers' data requests the seller's shops received, newest first (the last 100). */
  @Authorized()
  @Query(() => [CustomerDataRequest])
  async customerDataRequests(@Ctx() ctx: AuthedContext): Promise<CustomerDataRequest[]> {
    const rows = await ctx.em.find(StoredRequest, {}, { orderBy: { createdAt: 'desc' }, limit: SHOWN });
    return rows.map((r) => ({
      id: r.id,
      channelAccountId: r.channelAccount.id,
      customer: r.customer,
      requestId: r.requestId,
      ordersRequested: r.ordersRequested,
      held: r.held.map((o) => ({ ...o, orderedAt: new Date(o.orderedAt) })),
      receivedAt: r.createdAt,
    }));
  }
}
