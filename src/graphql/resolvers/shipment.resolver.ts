import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Shipment, ShipmentStatus } from '../../domain/index.js';
import type { AuthedContext, Context } from '../context.js';
import { notAvailableYet } from '../errors.js';
import { decodeCursor, encodeCursor, pageSize } from '../pagination.js';
import { Topics, type ShipmentStatusPayload } from '../../events/event-bus.js';
import { toShipmentStatusEvent, toShipmentType } from '../mappers.js';
import { ShipmentConnection, ShipmentLabel, ShipmentStatusEvent } from '../types/shipment.js';

@Resolver()
export class ShipmentResolver {
  @Authorized()
  @Query(() => ShipmentConnection)
  async shipments(
    @Ctx() ctx: AuthedContext,
    @Arg('status', () => ShipmentStatus, { nullable: true }) status?: ShipmentStatus,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
  ): Promise<ShipmentConnection> {
    const size = pageSize(first, 50);
    const where: Record<string, unknown> = {};
    if (status) where.status = status;
    if (after) {
      const c = decodeCursor(after);
      where.$or = [{ createdAt: { $lt: c.at } }, { createdAt: c.at, id: { $lt: c.id } }];
    }
    const rows = await ctx.em.find(Shipment, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: size + 1, populate: ['events'] });
    const edges = rows.slice(0, size).map((s) => ({ node: toShipmentType(s), cursor: encodeCursor(s.createdAt, s.id) }));
    return { edges, pageInfo: { hasNextPage: rows.length > size, endCursor: edges.at(-1)?.cursor ?? null } };
  }

  @Authorized()
  @Mutation(() => ShipmentLabel)
  async generateShipmentLabel(@Arg('shipmentId', () => ID) _shipmentId: string): Promise<ShipmentLabel> {
    throw notAvailableYet('generateShipmentLabel');
  }

  @Authorized()
  @Subscription(() => ShipmentStatusEvent, {
    topics: Topics.ShipmentStatus,
    topicId: ({ context }: { context: Context }) => context.user!.id,
    filter: ({ payload, args }: { payload: ShipmentStatusPayload; args: { shipmentId?: string } }) =>
      !args.shipmentId || payload.shipmentId === args.shipmentId,
  })
  shipmentStatusChanged(@Root() payload: ShipmentStatusPayload, @Arg('shipmentId', () => ID, { nullable: true }) _shipmentId?: string): ShipmentStatusEvent {
    return toShipmentStatusEvent(payload);
  }
}
