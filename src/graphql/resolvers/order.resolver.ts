import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, ID, Info, Int, Query, Resolver } from 'type-graphql';
import { isUuid } from '../../domain/index.js';
import { requireProvider } from '../../providers/registry.js';
import { countOrders, findOrder, orderPage, shipmentsByOrder, type OrderRow } from '../../services/order-reads.js';
import type { AuthedContext } from '../context.js';
import { decodeCursor, emptyPage, pageSize, relayPage } from '../pagination.js';
import { selects } from '../selection.js';
import { OrderConnection, OrderFilter, OrderType } from '../types/order.js';
import { toOrderType, type ShipmentsByOrder } from '../mappers.js';

/** The shipments of these orders (at `prefix` in the answer), only when asked for. */
function shipmentsOf(ctx: AuthedContext, info: GraphQLResolveInfo, prefix: string[], orders: OrderRow[]): Promise<ShipmentsByOrder> {
  if (!orders.length || !selects(info, [...prefix, 'shipments'])) return Promise.resolve(undefined);
  return shipmentsByOrder(
    ctx.em,
    orders.map((o) => o.id),
    selects(info, [...prefix, 'shipments', 'events']),
  );
}

@Resolver()
export class OrderResolver {
  /** Newest first, keyset-paged on (orderedAt, id); counted only when totalCount is asked for. */
  @Authorized()
  @Query(() => OrderConnection)
  async orders(
    @Ctx() ctx: AuthedContext,
    @Info() info: GraphQLResolveInfo,
    @Arg('filter', () => OrderFilter, { nullable: true }) filter?: OrderFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<OrderConnection> {
    const size = pageSize(first, 50);
    const cursor = after ? decodeCursor(after) : undefined;
    // A misspelt provider would match nothing: an empty page that looks like "no orders".
    if (filter?.providerId) requireProvider(filter.providerId, 'filter.providerId');
    if (filter?.channelAccountId && !isUuid(filter.channelAccountId)) return { ...emptyPage(), totalCount: 0 };
    const [page, totalCount] = await Promise.all([
      orderPage(ctx.em, ctx.user.id, { filter: filter ?? undefined, size, after: cursor, withItems: selects(info, ['edges', 'node', 'items']) }),
      selects(info, ['totalCount']) ? countOrders(ctx.em, ctx.user.id, filter ?? undefined) : undefined,
    ]);
    const shipments = await shipmentsOf(ctx, info, ['edges', 'node'], page.orders);
    const { edges, pageInfo } = relayPage(
      page.orders,
      size,
      after,
      (o) => toOrderType(o, shipments),
      (o) => ({ at: o.orderedAt, id: o.id }),
    );
    // orderPage read one row past the page to know whether more follow.
    // totalCount not asked for is never read: the 0 only satisfies the type.
    return { edges, totalCount: totalCount ?? 0, pageInfo: { ...pageInfo, hasNextPage: page.hasNextPage } };
  }

  @Authorized()
  @Query(() => OrderType, { nullable: true })
  async order(@Arg('id', () => ID) id: string, @Ctx() ctx: AuthedContext, @Info() info: GraphQLResolveInfo): Promise<OrderType | null> {
    if (!isUuid(id)) return null;
    const order = await findOrder(ctx.em, ctx.user.id, id, selects(info, ['items']));
    return order ? toOrderType(order, await shipmentsOf(ctx, info, [], [order])) : null;
  }
}
