import { Decimal } from 'decimal.js';
import { ShipmentStatus } from '../domain/enums.js';
import type { RateCard, SlabRate, Zone } from '../domain/rate-card.js';

/** What a parcel's freight is worked out from. */
export interface FreightInputs {
  status: ShipmentStatus;
  /** What the courier reported for each leg (decimal rupees), as far as it said. */
  reported?: { forward?: string; return?: string };
  weightGrams?: number | null;
  destinationPincode?: string | null;
}

/** A parcel's freight: null where a leg costs nothing yet (no return leg). */
export interface ShipmentCharges {
  shippingCost: string | null;
  rtoCost: string | null;
  /** True when a figure came from the rate card rather than from the courier. */
  estimated: boolean;
}

const PINCODE = /^[1-9]\d{5}$/;

/** Metro cities by their pincodes' first three digits: Delhi, Mumbai, Kolkata, Chennai, Bengaluru, Hyderabad, Ahmedabad, Pune. */
const METROS = new Set(['110', '400', '700', '600', '560', '500', '380', '411']);

/**
 * The special zone by pincode prefix: Jammu and Kashmir and Ladakh (18, 19), Assam and the
 * North East (78, 79), Sikkim (737), the Andaman and Nicobar Islands (744), Lakshadweep (68255).
 */
const SPECIAL = ['18', '19', '78', '79', '737', '744', '68255'];

/**
 * The courier zone between two pincodes, by the India Post numbering couriers' zones follow:
 * the same sorting district (first three digits) is A, the same postal circle (first two) B,
 * two metros C, a special destination E, anything else D. An unknown or malformed pincode
 * cannot be placed, so it counts as the rest of India (D), unless the destination is special.
 * UNVERIFIED: docs/providers.md gives no courier's zone table (Delhivery's is per contract); this
 * is the scheme Indian couriers' rate cards commonly describe, and the seller's figures price it.
 */
export function zoneOf(origin: string | null | undefined, destination: string | null | undefined): Zone {
  const from = origin && PINCODE.test(origin) ? origin : undefined;
  const to = destination && PINCODE.test(destination) ? destination : undefined;
  if (from && to) {
    if (from.slice(0, 3) === to.slice(0, 3)) return 'A';
    if (from.slice(0, 2) === to.slice(0, 2)) return 'B';
    if (METROS.has(from.slice(0, 3)) && METROS.has(to.slice(0, 3))) return 'C';
  }
  if (to && SPECIAL.some((p) => to.startsWith(p))) return 'E';
  return 'D';
}

/** The slabs a parcel pays for: every slab it starts, at least one (an unknown weight counts as one). */
export function slabsOf(weightGrams: number | null | undefined, slabGrams: number): number {
  if (!weightGrams || weightGrams <= 0) return 1;
  return Math.max(1, Math.ceil(weightGrams / slabGrams));
}

const price = (rate: SlabRate, slabs: number): string => new Decimal(rate.first).plus(new Decimal(rate.additional).times(slabs - 1)).toFixed(2);

const exact = (amount: string): string => new Decimal(amount).toFixed(2);

/** Statuses on the return leg: the parcel is coming back, so it costs a return. */
const RETURNING = new Set<ShipmentStatus>([ShipmentStatus.RTO_INITIATED, ShipmentStatus.RTO_DELIVERED]);

/**
 * A parcel's forward and return freight: the courier's figures where it reported them, else
 * the rate card's by the parcel's weight slab and zone (then `estimated`). A parcel cancelled
 * before pickup costs nothing forward; only a parcel on its way back (RTO_INITIATED or
 * RTO_DELIVERED), or one the courier charged a return for, has a return leg.
 */
export function shipmentCharges(parcel: FreightInputs, card: RateCard): ShipmentCharges {
  let estimated = false;
  const fromCard = (rates: Record<Zone, SlabRate>): string => {
    estimated = true;
    return price(rates[zoneOf(card.originPincode, parcel.destinationPincode)], slabsOf(parcel.weightGrams, card.slabGrams));
  };
  const forward = parcel.reported?.forward;
  const back = parcel.reported?.return;
  const shippingCost = forward !== undefined ? exact(forward) : parcel.status === ShipmentStatus.CANCELLED ? exact('0') : fromCard(card.forward);
  const rtoCost = back !== undefined ? exact(back) : RETURNING.has(parcel.status) ? fromCard(card.rto) : null;
  return { shippingCost, rtoCost, estimated };
}
