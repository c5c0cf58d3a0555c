import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { forUser } from '../db/tenant-filter.js';
import type { ChannelAccount } from '../domain/index.js';
import { ProviderError } from '../domain/errors.js';
import type { Logger } from '../logger.js';
import { getProviderModule, requireProvider } from '../providers/registry.js';
import type { CredentialFields, TokenRenewal } from '../providers/types.js';
import { appWithKey } from './install-apps.js';
import type { Services } from './services.js';

/**
 * Renewal of an account's expiring access token, for any provider whose module declares it
 * (`tokens`): a few minutes before the token expires, or at once when the provider refused it.
 * One renewal at a time per account, across every Sutra process: a PostgreSQL advisory lock on
 * the account, held in a transaction as the seller; whoever waited reads the credential again
 * and uses the token the other renewed. The new token and whatever rotated with it (Shopify's
 * refresh token, docs/providers.md §1.1) are stored in one write. A renewal the provider refuses
 * leaves the account NEEDS_REAUTH with what the seller must do.
 */

// Renewed this long before it expires, so a token never runs out in the middle of a page.
const EARLY_MS = 5 * 60_000;
// Any constant shared by every Sutra process; with the account it names the advisory lock below.
const RENEWAL_LOCK = 7_374_203;

type Deps = Pick<Services, 'orm' | 'credentials' | 'config'>;

/** Whether the token must be renewed now: refused by the provider, about to expire, or not expiring yet due a migration. */
function due(tokens: TokenRenewal, fields: CredentialFields, refusedAccessToken: string | undefined, now: number): boolean {
  if (!tokens.appKey(fields)) return false;
  // Every provider with a `tokens` slot keeps its token as the field access_token.
  if (refusedAccessToken !== undefined && fields.access_token === refusedAccessToken) return true;
  const renewBy = tokens.renewBy(fields);
  return !renewBy || renewBy.getTime() - EARLY_MS <= now;
}

/** Whether these credentials of the provider's account must be renewed before use (see renewCredentials). */
export function renewalDue(providerId: string, fields: CredentialFields): boolean {
  const tokens = getProviderModule(providerId)?.tokens;
  return !!tokens && due(tokens, fields, undefined, Date.now());
}

/** The stored credential; callers hand a fresh EntityManager (no identity map: another worker may have renewed it since). */
async function stored(deps: Deps, em: EntityManager, account: ChannelAccount): Promise<CredentialFields> {
  const fields = await deps.credentials.read(em, account.id);
  if (!fields) throw notConnected(account.providerId);
  return fields;
}

export const notConnected = (providerId: string) =>
  new ProviderError(providerId, 'auth', `${requireProvider(providerId).name} is no longer connected: connect it again`);

/**
 * The account's stored credentials, read afresh and renewed first when due (see above), in a
 * transaction of its own as the seller. Throws ProviderError 'auth' when the provider refused
 * the renewal (the account is then NEEDS_REAUTH), 'unavailable' when it could not be asked.
 */
export async function renewCredentials(deps: Deps, account: ChannelAccount, log: Logger, refusedAccessToken?: string): Promise<CredentialFields> {
  const fields = await stored(deps, forUser(deps.orm.em, account.user.id), account);
  const tokens = getProviderModule(account.providerId)?.tokens;
  if (!tokens || !due(tokens, fields, refusedAccessToken, Date.now())) return fields;

  const outcome = await forUser(deps.orm.em, account.user.id).transactional(async (tx): Promise<{ fields: CredentialFields } | { refused: string }> => {
    await sql`select pg_advisory_xact_lock(${RENEWAL_LOCK}::int, hashtext(${account.id}))`.execute(tx.getKysely());
    const current = await stored(deps, tx, account);
    // Renewed by another worker while this one waited for the lock: its token is the one to use.
    if (!due(tokens, current, refusedAccessToken, Date.now())) return { fields: current };

    const refuse = async (message: string) => {
      await deps.credentials.markRefused(tx, account.id, message);
      log.warn({ provider: account.providerId, channelAccountId: account.id, reason: message }, 'access token renewal refused');
      return { refused: message };
    };
    const app = await appWithKey(deps, tx, tokens.appProviderId, tokens.appKey(current)!);
    if (!app) {
      return refuse(
        `The ${requireProvider(tokens.appProviderId).name} credentials this account was installed with are no longer saved in Sutra: ${tokens.reconnectHint(current)}`,
      );
    }
    let renewed: CredentialFields;
    try {
      renewed = await tokens.renew(current, app, { endpoints: deps.config.providers, log });
    } catch (err) {
      if (err instanceof ProviderError && err.kind === 'auth') return refuse(err.message);
      throw err;
    }
    await deps.credentials.replaceFields(tx, account.id, renewed);
    log.info({ provider: account.providerId, channelAccountId: account.id }, 'access token renewed');
    return { fields: renewed };
  });
  if ('refused' in outcome) throw new ProviderError(account.providerId, 'auth', outcome.refused);
  return outcome.fields;
}
