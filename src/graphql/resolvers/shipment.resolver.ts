import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver, Root, Subscription } from 'type-graphql';
import { Shipment, ShipmentStatus } from '../../domain/index.js';
import type { AuthedContext, Context } from '../context.js';
import { keysetAfter, pageSize, relayPage } from '../pagination.js';
import { Topics, type ShipmentStatusPayload } from '../../events/event-bus.js';
import { toShipmentStatusEvent, toShipmentType } from '../mappers.js';
import { bookShipment } from '../../services/shipment-booking.js';
import { generateShipmentLabel } from '../../services/shipment-label.js';
import { shipmentWhere } from '../../services/shipment-reads.js';
import { requestReattempt } from '../../services/shipment-reattempt.js';
import { registerShipment } from '../../services/shipment-registration.js';
import { ShipmentRecipientInput } from '../types/shipment-recipient.js';
import { ReattemptRequest, ShipmentConnection, ShipmentFilter, ShipmentLabel, ShipmentStatusEvent, ShipmentType } from '../types/shipment.js';

@Resolver()
export class ShipmentResolver {
  @Authorized()
  @Query(() => ShipmentConnection)
  async shipments(
    @Ctx() ctx: AuthedContext,
    @Arg('status', () => ShipmentStatus, { nullable: true }) status?: ShipmentStatus,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first?: number,
    @Arg('after', () => String, { nullable: true }) after?: string,
    @Arg('filter', () => ShipmentFilter, { nullable: true }) filter?: ShipmentFilter,
  ): Promise<ShipmentConnection> {
    const size = pageSize(first, 50);
    const where = { ...shipmentWhere(status ?? undefined, filter ?? undefined), ...keysetAfter('createdAt', after) };
    const rows = await ctx.em.find(Shipment, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: size + 1, populate: ['events'] });
    return relayPage(rows, size, after, toShipmentType, (s) => ({ at: s.createdAt, id: s.id }));
  }

  /** Registers a parcel booked with a courier by hand: the order's shipment, tracked by the seller's account of that courier. */
  @Authorized()
  @Mutation(() => ShipmentType)
  async trackShipment(
    @Ctx() ctx: AuthedContext,
    @Arg('orderId', () => ID) orderId: string,
    @Arg('providerId', () => ID) providerId: string,
    @Arg('trackingNumber') trackingNumber: string,
    @Arg('channelAccountId', () => ID, { nullable: true }) channelAccountId?: string,
  ): Promise<ShipmentType> {
    return toShipmentType(await registerShipment(ctx.em, ctx.user.id, { orderId, providerId, trackingNumber, channelAccountId }));
  }

  /**
   * Books the order's parcel with the seller's courier account (Delhivery): the order's shipment
   * with the courier's AWB and label, tracked from then on. The recipient's name, phone and street
   * are given here because Sutra does not keep them.
   */
  @Authorized()
  @Mutation(() => ShipmentType)
  async bookShipment(
    @Ctx() ctx: AuthedContext,
    @Arg('orderId', () => ID) orderId: string,
    @Arg('providerId', () => ID) providerId: string,
    @Arg('recipient', () => ShipmentRecipientInput) recipient: ShipmentRecipientInput,
    @Arg('channelAccountId', () => ID, { nullable: true }) channelAccountId?: string,
    @Arg('weightGrams', () => Int, { nullable: true }) weightGrams?: number,
  ): Promise<ShipmentType> {
    const input = { orderId, providerId, channelAccountId, weightGrams, recipient: { ...recipient } };
    return toShipmentType(await bookShipment(ctx.services, ctx.em, ctx.user.id, input, ctx.log));
  }

  @Authorized()
  @Mutation(() => ShipmentLabel)
  async generateShipmentLabel(@Arg('shipmentId', () => ID) shipmentId: string, @Ctx() ctx: AuthedContext): Promise<ShipmentLabel> {
    return Object.assign(new ShipmentLabel(), await generateShipmentLabel(ctx.services, ctx.em, shipmentId, ctx.log));
  }

  /** Asks the courier to try delivering a parcel again after a failed attempt, where its rules allow it now. */
  @Authorized()
  @Mutation(() => ReattemptRequest)
  async requestReattempt(@Arg('shipmentId', () => ID) shipmentId: string, @Ctx() ctx: AuthedContext): Promise<ReattemptRequest> {
    return Object.assign(new ReattemptRequest(), await requestReattempt(ctx.services, ctx.em, shipmentId, ctx.log));
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
