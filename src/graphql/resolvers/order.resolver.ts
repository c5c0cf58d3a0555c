import { Arg, Authorized, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { Order } from '../../domain/index.js';
import type { AuthedContext } from '../context.js';
import { decodeCursor, encodeCursor, pageSize } from '../pagination.js';
import { Money } from '../types/money.js';
import { OrderConnection, OrderFilter, OrderProfitType, OrderType } from '../types/order.js';
import { toShipmentType } from './shipment.resolver.js';
import { isUuid } from './ids.js';

export function toOrderType(o: Order): OrderType {
  const m = (amount: string | undefined) => Money.of(amount ?? '0.00', o.currency);
  const p = o.profit;
  return Object.assign(new OrderType(), {
    id: o.id,
    channelAccountId: o.channelAccount.id,
    providerId: o.providerId,
    externalId: o.externalId,
    orderNumber: o.orderNumber,
    status: o.status,
    paymentMethod: o.paymentMethod,
    orderedAt: o.orderedAt,
    total: m(o.total),
    priced: o.total !== undefined && o.total !== null,
    items: o.items.getItems().map((i) => ({ sku: i.sku, title: i.title, quantity: i.quantity, unitPrice: m(i.unitPrice) })),
    shipments: o.shipments.getItems().map(toShipmentType),
    profit: p?.computedAt
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

const POPULATE = ['items', 'shipments', 'shipments.events'] as const;

@Resolver()
export class OrderResolver {
  /** Newest first, keyset-paged on (orderedAt, id). */
  @Authorized()
  @Query(() => OrderConnection)
  async orders(
    @Ctx() ctx: AuthedContext,
    @Arg('filter', () => OrderFilter, { nullable: true }) filter?: OrderFilter,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<OrderConnection> {
    const size = pageSize(first, 50);
    const empty = { edges: [], pageInfo: { hasNextPage: false, endCursor: null }, totalCount: 0 };
    if (filter?.channelAccountId && !isUuid(filter.channelAccountId)) return empty;
    const where: Record<string, unknown> = {};
    if (filter?.providerId) where.providerId = filter.providerId;
    if (filter?.channelAccountId) where.channelAccount = filter.channelAccountId;
    if (filter?.status) where.status = filter.status;
    if (filter?.from || filter?.to) where.orderedAt = { ...(filter.from && { $gte: filter.from }), ...(filter.to && { $lt: filter.to }) };
    const totalCount = await ctx.em.count(Order, where);
    if (after) {
      const c = decodeCursor(after);
      where.$and = [{ $or: [{ orderedAt: { $lt: c.at } }, { orderedAt: c.at, id: { $lt: c.id } }] }];
    }
    const orders = await ctx.em.find(Order, where, { orderBy: { orderedAt: 'desc', id: 'desc' }, limit: size + 1, populate: POPULATE });
    const page = orders.slice(0, size);
    const edges = page.map((o) => ({ node: toOrderType(o), cursor: encodeCursor(o.orderedAt, o.id) }));
    return { edges, totalCount, pageInfo: { hasNextPage: orders.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Authorized()
  @Query(() => OrderType, { nullable: true })
  async order(@Arg('id', () => ID) id: string, @Ctx() ctx: AuthedContext): Promise<OrderType | null> {
    if (!isUuid(id)) return null;
    const order = await ctx.em.findOne(Order, { id }, { populate: POPULATE });
    return order ? toOrderType(order) : null;
  }
}
