import { sql } from 'kysely';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ProviderKind } from '../domain/enums.js';
import { catalogProviders } from '../providers/registry.js';

/** Lower-case letters and digits only: "DELHIVERY", "Delhivery Surface" and "delhivery-express" read alike. */
const squeeze = (name: string): string => name.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * The courier provider a sales channel's carrier name is, or undefined: the channel's word
 * starts with the courier's name (Amazon's "Delhivery", Shopify's tracking company "Delhivery
 * Surface"). UNVERIFIED: the exact carrier strings Amazon and Shopify report for Selloship.
 */
export function courierOfCarrier(carrier: string | null | undefined): string | undefined {
  if (!carrier) return undefined;
  const word = squeeze(carrier);
  return catalogProviders(ProviderKind.LOGISTICS).find((p) => word.startsWith(squeeze(p.name)))?.id;
}

/** The seller's connected courier account of each courier provider (the oldest, when several). */
export async function sellerCourierAccounts(em: EntityManager, userId: string): Promise<Map<string, string>> {
  const couriers = catalogProviders(ProviderKind.LOGISTICS).map((p) => p.id);
  const { rows } = await sql<{ id: string; provider_id: string }>`
    select id, provider_id from channel_accounts
    where user_id = ${userId}::uuid and connected and provider_id = any(${couriers}::text[])
    order by created_at, id`.execute(em.getKysely());
  const accounts = new Map<string, string>();
  for (const r of rows) if (!accounts.has(r.provider_id)) accounts.set(r.provider_id, r.id);
  return accounts;
}

/**
 * Hands the courier account the channels' parcels of its courier that no account tracked yet
 * (listed as untracked because the seller connected the courier after the orders came), so its
 * next tracking sync polls them. Returns how many.
 */
export async function adoptUntrackedParcels(em: EntityManager, userId: string, courierAccountId: string, providerId: string): Promise<number> {
  const def = catalogProviders(ProviderKind.LOGISTICS).find((p) => p.id === providerId);
  if (!def) return 0;
  const result = await sql`
    update shipments set courier_account_id = ${courierAccountId}::uuid, tracked = true, updated_at = now()
    where user_id = ${userId}::uuid and courier_account_id is null and not tracked and tracking_number is not null
      and regexp_replace(lower(carrier), '[^a-z0-9]', '', 'g') like ${`${squeeze(def.name)}%`}`.execute(em.getKysely());
  return Number(result.numAffectedRows ?? 0n);
}
