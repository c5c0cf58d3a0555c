/**
 * A courier zone, as Indian couriers price them: A within a city, B within a region, C metro
 * to metro, D the rest of India, E the special zones (the North East, Jammu and Kashmir,
 * Ladakh, Sikkim, the islands).
 */
export type Zone = 'A' | 'B' | 'C' | 'D' | 'E';

export const ZONES: readonly Zone[] = ['A', 'B', 'C', 'D', 'E'];

/** Rupees (decimal strings) for a parcel's first weight slab and for each slab after it. */
export interface SlabRate {
  first: string;
  additional: string;
}

/**
 * The seller's freight rate card: what a parcel costs by weight slab and zone, for the forward
 * leg and for the return to origin. Used where the courier reports no charge of its own.
 */
export interface RateCard {
  /** Where the seller's parcels leave from; without it every parcel counts as zone D (or E). */
  originPincode?: string;
  /** The weight of one slab in grams: a parcel pays for every slab it starts. */
  slabGrams: number;
  forward: Record<Zone, SlabRate>;
  rto: Record<Zone, SlabRate>;
}

/**
 * The rate card a seller who set none is charged by: a typical surface rate for a D2C seller
 * in 2026, per 500 g, with a return to origin charged as much as the forward leg (as most
 * Indian couriers' RTO terms do). Estimates only: the seller's own card replaces it.
 * UNVERIFIED: no courier's published rates back these figures (docs/providers.md has none).
 */
export const DEFAULT_RATE_CARD: RateCard = {
  slabGrams: 500,
  forward: {
    A: { first: '30.00', additional: '28.00' },
    B: { first: '35.00', additional: '32.00' },
    C: { first: '42.00', additional: '38.00' },
    D: { first: '48.00', additional: '44.00' },
    E: { first: '65.00', additional: '60.00' },
  },
  rto: {
    A: { first: '30.00', additional: '28.00' },
    B: { first: '35.00', additional: '32.00' },
    C: { first: '42.00', additional: '38.00' },
    D: { first: '48.00', additional: '44.00' },
    E: { first: '65.00', additional: '60.00' },
  },
};
