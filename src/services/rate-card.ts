import type { EntityManager } from '@mikro-orm/postgresql';
import { z } from 'zod';
import { InputError } from '../domain/errors.js';
import { ProfitSettings } from '../domain/index.js';
import { DEFAULT_RATE_CARD, type RateCard } from '../domain/rate-card.js';
import { markEveryDayStale } from './profit/stale-days.js';

const rupees = z.string().regex(/^\d{1,10}(\.\d{1,2})?$/, 'a rupee amount such as 45 or 45.50');
const slab = z.object({ first: rupees, additional: rupees });
const zones = z.object({ A: slab, B: slab, C: slab, D: slab, E: slab });

/** A rate card as stored in profit_settings.rate_card (and as a seller gives one). */
export const rateCardSchema = z.object({
  originPincode: z
    .string()
    .regex(/^[1-9]\d{5}$/, 'a 6-digit Indian pincode')
    .optional(),
  slabGrams: z.number().int().min(1).max(100_000),
  forward: zones,
  rto: zones,
});

/** The seller's rate card (the em is the seller's): the one they set, else DEFAULT_RATE_CARD. */
export async function sellerRateCard(em: EntityManager, userId: string): Promise<RateCard> {
  const settings = await em.findOne(ProfitSettings, { user: userId }, { fields: ['rateCard'] });
  return settings?.rateCard ? rateCardSchema.parse(settings.rateCard) : DEFAULT_RATE_CARD;
}

/**
 * `setShippingRateCard`: the seller's own rate card, replacing the one before (or the defaults).
 * Every mistake is named by its path, e.g. "rateCard.forward.D.first: a rupee amount such as 45 or 45.50".
 * Every day's profit is owed again in the same transaction: the caller recomputes them.
 */
export async function setRateCard(em: EntityManager, userId: string, input: unknown): Promise<RateCard> {
  const parsed = rateCardSchema.strict().safeParse(input);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${['rateCard', ...i.path].join('.')}: ${i.message}`);
    throw new InputError(`Check the rate card: ${problems.slice(0, 10).join('; ')}`, 'rateCard');
  }
  const card: RateCard = parsed.data;
  return em.transactional(async (tx) => {
    const settings = (await tx.findOne(ProfitSettings, { user: userId })) ?? tx.create(ProfitSettings, { user: userId });
    settings.rateCard = card;
    await tx.flush();
    await markEveryDayStale(tx, userId);
    return card;
  });
}
