import type { GraphQLResolveInfo } from 'graphql';
import { Arg, Authorized, Ctx, ID, Info, Int, Query, Resolver } from 'type-graphql';
import type { Shipment } from '../../domain/index.js';
import { countOrders, findOrder, orderPage, shipmentsByOrder, type OrderRow } from '../../services/order-reads.js';
import type { AuthedContext } from '../context.js';
import { decodeCursor, encodeCursor, pageSize } from '../pagination.js';
import { selects } from '../selection.js';
import { Money } from '../types/money.js';
import { OrderConnection, OrderFilter, OrderProfitType, OrderType } from '../types/order.js';
import { toShipmentType } from './shipment.resolver.js';
import { isUuid } from './ids.js';

/** Orders' shipments by order id, when the answer asks for them. */
type ShipmentsByOrder = Map<string, Shipment[]> | undefined;

export function toOrderType(o: OrderRow, shipments: ShipmentsByOrder): OrderType {
  const m = (amount: string | null) => Money.of(amount ?? '0.00', o.currency);
  const p = o.profit;
  return Object.assign(new OrderType(), {
    id: o.id,
    channelAccountId: o.channelAccountId,
    providerId: o.providerId,
    externalId: o.externalId,
    orderNumber: o.orderNumber,
    status: o.status,
    paymentMethod: o.paymentMethod,
    orderedAt: o.orderedAt,
    total: m(o.total),
    priced: o.total !== null,
    items: (o.items ?? []).map((i) => ({ sku: i.sku, title: i.title, quantity: i.quantity, unitPrice: m(i.unitPrice) })),
    shipments: (shipments?.get(o.id) ?? []).map(toShipmentType),
    profit: p
      ? Object.assign(new OrderProfitType(), {
          revenue: m(p.revenue),
          cogs: m(p.cogs),
          channelFees: m(p.channelFees),
          paymentFees: m(p.paymentFees),
          shippingCost: m(p.shippingCost),
          rtoCost: m(p.rtoCost),
          adSpend: m(p.adSpend),
          netProfit: m(p.netProfit),
          computedAt: p.computedAt,
        })
      : undefined,
  });
}

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
    const empty = { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
    if (filter?.channelAccountId && !isUuid(filter.channelAccountId)) return empty;
    const [page, totalCount] = await Promise.all([
      orderPage(ctx.em, ctx.user.id, { filter: filter ?? undefined, size, after: cursor, withItems: selects(info, ['edges', 'node', 'items']) }),
      selects(info, ['totalCount']) ? countOrders(ctx.em, ctx.user.id, filter ?? undefined) : undefined,
    ]);
    const shipments = await shipmentsOf(ctx, info, ['edges', 'node'], page.orders);
    const edges = page.orders.map((o) => ({ node: toOrderType(o, shipments), cursor: encodeCursor(o.orderedAt, o.id) }));
    // Not asked for, so never read: the value only satisfies the type.
    return { edges, totalCount: totalCount ?? 0, pageInfo: { hasNextPage: page.hasNextPage, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Authorized()
  @Query(() => OrderType, { nullable: true })
  async order(@Arg('id', () => ID) id: string, @Ctx() ctx: AuthedContext, @Info() info: GraphQLResolveInfo): Promise<OrderType | null> {
    if (!isUuid(id)) return null;
    const order = await findOrder(ctx.em, ctx.user.id, id, selects(info, ['items']));
    return order ? toOrderType(order, await shipmentsOf(ctx, info, [], [order])) : null;
  }
}
