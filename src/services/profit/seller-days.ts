import { sql, type RawBuilder } from 'kysely';
import { ProfitSettings } from '../../domain/index.js';

/** The settings of a seller who has set none: the entity's defaults, the one place they are written. */
export const SETTINGS_DEFAULTS: Readonly<ProfitSettings> = new ProfitSettings();

/** The seller's calendar: profit_settings.timezone, the default without settings. */
export const sellerTimezoneSql = (userId: string): RawBuilder<string> =>
  sql<string>`coalesce((select timezone from profit_settings where user_id = ${userId}::uuid), ${SETTINGS_DEFAULTS.timezone}::text)`;

/**
 * Each day (the query `days`, one date column) with the instants it starts and ends in time zone
 * `tz`. Used as a materialized CTE: row-level security lets only leakproof conditions into an index
 * scan, and timezone() is not, so a range written inline filtered every order of the seller; against
 * the CTE's plain timestamptz columns it is an index range of (user_id, ordered_at, id).
 */
export const dayBounds = (days: RawBuilder<unknown>, tz: RawBuilder<unknown>) => sql`
  select d.day, (d.day::timestamp at time zone ${tz}) as lo, ((d.day + 1)::timestamp at time zone ${tz}) as hi from (${days}) as d(day)`;
