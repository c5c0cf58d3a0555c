import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Shipment, ShipmentStatus } from '../../domain/index.js';
import { NotImplementedError } from '../../domain/errors.js';
import type { AuthedContext, Context } from '../context.js';
import { keysetAfter, pageSize, relayPage } from '../pagination.js';
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
    const where = { ...(status && { status }), ...keysetAfter('createdAt', after) };
    const rows = await ctx.em.find(Shipment, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: size + 1, populate: ['events'] });
    return relayPage(rows, size, after, toShipmentType, (s) => ({ at: s.createdAt, id: s.id }));
  }

  @Authorized()
  @Mutation(() => ShipmentLabel)
  async generateShipmentLabel(@Arg('shipmentId', () => ID) _shipmentId: string): Promise<ShipmentLabel> {
    throw new NotImplementedError('generateShipmentLabel');
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
