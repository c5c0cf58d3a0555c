import type { EntityManager } from '@mikro-orm/postgresql';
import { InputError } from '../domain/errors.js';
import { ProfitSettings } from '../domain/index.js';
import { ProviderKind } from '../domain/enums.js';
import { catalogProviders } from '../providers/registry.js';
import { dayIn, isTimeZone } from './calendar-days.js';
import { checkMoneyPlaces, checkPercent } from './money-input.js';
import { markEveryDayStale } from './profit/stale-days.js';

/** The settings as the seller reads them: the stored row's, or the defaults where none is stored. */
export interface ProfitSettingsView {
  currency: string;
  timezone: string;
  commissionRates: Record<string, string>;
  gatewayFeeRates: Record<string, string>;
  gatewayFeePercent: string | null;
  codFee: string;
  defaultGstPercent: string;
}

/** What `setProfitSettings` takes: a field left out keeps its value; gatewayFeePercent null clears it. */
export interface ProfitSettingsInput {
  timezone?: string;
  commissionRates?: Record<string, unknown>;
  gatewayFeeRates?: Record<string, unknown>;
  gatewayFeePercent?: string | null;
  codFee?: string;
  defaultGstPercent?: string;
}

/** Gateway names as channels report them (Shopify's "Razorpay Secure (UPI, Cards, Wallets, NetBanking)") fit in this many characters. */
const MAX_GATEWAY_NAME = 120;
const MAX_GATEWAYS = 50;

/** The seller's settings, their currency, and today in their time zone. */
export async function sellerProfitSettings(em: EntityManager, userId: string): Promise<ProfitSettingsView & { today: string }> {
  const view = toView(await em.findOne(ProfitSettings, { user: userId }));
  return { ...view, today: dayIn(view.timezone) };
}

function toView(s: ProfitSettings | null): ProfitSettingsView {
  const defaults = new ProfitSettings();
  const from = s ?? defaults;
  return {
    currency: from.currency,
    timezone: from.timezone,
    commissionRates: from.commissionRates,
    gatewayFeeRates: from.gatewayFeeRates,
    gatewayFeePercent: from.gatewayFeePercent ?? null,
    codFee: from.codFee,
    defaultGstPercent: from.defaultGstPercent,
  };
}

/**
 * `setProfitSettings`: the seller's own rates where channels report no figure. Every field is
 * checked before anything is written; each mistake names its field (commissionRates.flipkart).
 * Every day's profit is owed again in the same transaction: the caller recomputes them.
 */
export async function setProfitSettings(em: EntityManager, userId: string, input: ProfitSettingsInput): Promise<ProfitSettingsView> {
  const changes: Partial<ProfitSettings> = {};
  if (input.timezone !== undefined) {
    if (!isTimeZone(input.timezone))
      throw new InputError(`timezone must be an IANA time zone such as Asia/Kolkata (got "${input.timezone.slice(0, 40)}")`, 'timezone');
    changes.timezone = input.timezone;
  }
  if (input.commissionRates !== undefined) changes.commissionRates = commissionRates(input.commissionRates);
  if (input.gatewayFeeRates !== undefined) changes.gatewayFeeRates = gatewayFeeRates(input.gatewayFeeRates);
  if (input.gatewayFeePercent !== undefined)
    changes.gatewayFeePercent = input.gatewayFeePercent === null ? undefined : checkPercent(input.gatewayFeePercent, 'gatewayFeePercent');
  if (input.codFee !== undefined) {
    if (input.codFee.trim().startsWith('-')) throw new InputError(`codFee must not be negative (got ${input.codFee})`, 'codFee');
    changes.codFee = input.codFee.trim();
  }
  if (input.defaultGstPercent !== undefined) changes.defaultGstPercent = checkPercent(input.defaultGstPercent, 'defaultGstPercent', 2);

  return em.transactional(async (tx) => {
    const settings = (await tx.findOne(ProfitSettings, { user: userId })) ?? tx.create(ProfitSettings, { user: userId });
    // The fee is in the seller's currency, which the settings hold.
    if (input.codFee !== undefined) checkMoneyPlaces(input.codFee, settings.currency, 'codFee');
    Object.assign(settings, changes);
    // null clears the rate for unlisted gateways (assign skips undefined keys of a spread).
    if (input.gatewayFeePercent === null) settings.gatewayFeePercent = undefined;
    await tx.flush();
    await markEveryDayStale(tx, userId);
    return toView(settings);
  });
}

/** { providerId: percent } for the sales channels of the registry; any other key is a mistake. */
function commissionRates(rates: Record<string, unknown>): Record<string, string> {
  const channels = catalogProviders(ProviderKind.COMMERCE);
  const known = new Set(channels.map((d) => d.id));
  return Object.fromEntries(
    Object.entries(rates).map(([provider, rate]) => {
      if (!known.has(provider))
        throw new InputError(`commissionRates.${provider.slice(0, 40)} is not a sales channel: use one of ${[...known].join(', ')}`, 'commissionRates');
      return [provider, checkPercent(String(rate), `commissionRates.${provider}`)];
    }),
  );
}

/** { gateway name: percent }, the names lower-cased and trimmed as they are matched. */
function gatewayFeeRates(rates: Record<string, unknown>): Record<string, string> {
  const entries = Object.entries(rates);
  if (entries.length > MAX_GATEWAYS) throw new InputError(`gatewayFeeRates holds ${entries.length} gateways; at most ${MAX_GATEWAYS}`, 'gatewayFeeRates');
  return Object.fromEntries(
    entries.map(([name, rate]) => {
      const key = name.trim().toLowerCase();
      if (!key || key.length > MAX_GATEWAY_NAME)
        throw new InputError(`gatewayFeeRates: a gateway name must be 1 to ${MAX_GATEWAY_NAME} characters`, 'gatewayFeeRates');
      return [key, checkPercent(String(rate), `gatewayFeeRates.${key}`)];
    }),
  );
}
