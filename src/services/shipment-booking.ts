import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { InputError, NotFoundError, NotImplementedError } from '../domain/errors.js';
import { isUuid, Order, OrderItem, PaymentMethod, ProviderKind, Shipment, ShipmentStatus, User } from '../domain/index.js';
import type { Logger } from '../logger.js';
import { getProviderModule, requireProvider } from '../providers/registry.js';
import type { ParcelBooking } from '../providers/types.js';
import { chooseAccount } from './account-choice.js';
import { hasControlCharacters } from './control-characters.js';
import { openSession } from './provider-session.js';
import type { Services } from './services.js';

/** The courier's `order` reference: the seller's order number where it fits (Delhivery: ≤ 50 characters, docs/providers.md §7.2). */
const MAX_ORDER_REF = 50;

const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { message: 'is required' })
    .max(max, { message: `must be at most ${max} characters` })
    .refine((v) => !hasControlCharacters(v), { message: 'must not hold control characters' });

const recipientSchema = z.object({
  name: text(100),
  phone: z
    .string()
    .transform((v) => v.replace(/[\s-]/g, '').replace(/^(\+91|0)(?=\d{10}$)/, ''))
    .pipe(z.string().regex(/^[6-9]\d{9}$/, { message: 'must be a 10-digit Indian mobile number' })),
  address: text(500),
  city: text(100).nullish(),
  state: text(100).nullish(),
  pincode: z
    .string()
    .trim()
    .regex(/^\d{6}$/, { message: 'must be 6 digits' })
    .nullish(),
});
export type RecipientInput = z.input<typeof recipientSchema>;

export interface ShipmentBookingInput {
  orderId: string;
  providerId: string;
  channelAccountId?: string | null;
  weightGrams?: number | null;
  recipient: RecipientInput;
}

/**
 * `bookShipment`: books the order's parcel with the seller's courier account (Delhivery's create
 * call, docs/providers.md §7.2) and keeps it as the order's shipment, tracked by that account,
 * with the courier's AWB and label. Nothing is written until the courier has answered, and a
 * refusal (its ProviderError, in the courier's words) writes nothing. `em` is the seller's, so
 * another seller's order is not found.
 */
export async function bookShipment(
  deps: Pick<Services, 'orm' | 'credentials' | 'config'>,
  em: EntityManager,
  userId: string,
  input: ShipmentBookingInput,
  log: Logger,
): Promise<Shipment> {
  const def = requireProvider(input.providerId);
  if (def.kind !== ProviderKind.LOGISTICS) throw new InputError(`${def.name} is not a courier: name one such as delhivery`, 'providerId');
  const logistics = getProviderModule(def.id)?.logistics;
  if (!logistics?.book) throw new NotImplementedError(`Booking ${def.name} parcels`);
  const parsed = recipientSchema.safeParse(input.recipient);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new InputError(`recipient.${issue.path.join('.')} ${issue.message}`, `recipient.${issue.path.join('.')}`);
  }
  const recipient = parsed.data;
  if (input.weightGrams != null && (!Number.isInteger(input.weightGrams) || input.weightGrams < 1 || input.weightGrams > 100_000)) {
    throw new InputError('weightGrams must be a whole number of grams from 1 to 100000', 'weightGrams');
  }

  const order = isUuid(input.orderId) ? await em.findOne(Order, { id: input.orderId }) : null;
  if (!order) throw new NotFoundError(`No order has the id "${input.orderId.slice(0, 100)}"`, 'orderId');
  const pincode = recipient.pincode ?? order.customerPincode;
  const city = recipient.city ?? order.customerCity;
  const state = recipient.state ?? order.customerState;
  if (!pincode || !/^\d{6}$/.test(pincode))
    throw new InputError(`Order ${order.orderNumber ?? order.externalId} has no 6-digit pincode: give recipient.pincode`, 'recipient.pincode');
  if (!city) throw new InputError(`Order ${order.orderNumber ?? order.externalId} has no city: give recipient.city`, 'recipient.city');
  if (!state) throw new InputError(`Order ${order.orderNumber ?? order.externalId} has no state: give recipient.state`, 'recipient.state');
  if (order.total == null)
    throw new InputError(`Order ${order.orderNumber ?? order.externalId} is not priced yet by its channel: book it once it has a total`, 'orderId');

  const items = await em.find(OrderItem, { order: order.id }, { orderBy: { sku: 'asc' } });
  const ref = order.orderNumber ?? order.externalId;
  const parcel: ParcelBooking = {
    // A reference too long for the courier falls back to Sutra's id of the order, unique as the courier requires.
    orderRef: ref.length <= MAX_ORDER_REF ? ref : order.id,
    recipient: { name: recipient.name, phone: recipient.phone, address: recipient.address, city, state, pincode, country: 'India' },
    cod: order.paymentMethod === PaymentMethod.COD,
    codAmount: order.paymentMethod === PaymentMethod.COD ? order.total : '0',
    totalAmount: order.total,
    productsDescription: items.length
      ? items
          .map((i) => i.title)
          .join(', ')
          .slice(0, 500)
      : `Order ${ref}`,
    quantity: Math.max(
      1,
      items.reduce((n, i) => n + i.quantity, 0),
    ),
    weightGrams: input.weightGrams ?? undefined,
  };

  const account = await chooseAccount(em, def, input.channelAccountId);
  const session = await openSession(deps, em, account, log.child({ provider: def.id, account: account.id, order: order.id }));
  const booked = await logistics.book(session, parcel);

  try {
    // In a transaction: row-level security names the seller per transaction (forUser).
    const id = await em.transactional(async (tx) => {
      const shipment = tx.create(Shipment, {
        user: tx.getReference(User, userId),
        order: tx.getReference(Order, order.id),
        providerId: def.id,
        trackingNumber: booked.trackingNumber,
        carrier: def.name,
        courierAccount: account.id,
        tracked: true,
        status: ShipmentStatus.CREATED,
        weightGrams: input.weightGrams ?? undefined,
        destinationPincode: pincode,
        labelUrl: booked.labelUrl,
        currency: order.currency,
      });
      return shipment.id;
    });
    return await em.findOneOrFail(Shipment, { id }, { populate: ['events'], refresh: true });
  } catch (err) {
    // The courier has booked the parcel: its AWB must not be lost with the write.
    log.error({ err, provider: def.id, awb: booked.trackingNumber, order: order.id }, 'Parcel booked but not stored: register it with trackShipment');
    throw err;
  }
}
