import type { EntityManager } from '@mikro-orm/postgresql';
import { sql } from 'kysely';
import { forUser } from '../db/tenant-filter.js';
import { ChannelAccount } from '../domain/index.js';
import type { Logger } from '../logger.js';
import { webhookSignedBy } from '../providers/shopify/webhook-signature.js';
import type { CredentialFields } from '../providers/types.js';
import { CredentialUnreadableError } from './credential-service.js';
import type { PushAccount } from './push-intake.js';
import type { Services } from './services.js';

const PROVIDER = 'shopify';
const APP_PROVIDER = 'shopify_app';

type Deps = Pick<Services, 'orm' | 'credentials' | 'config'>;

/** A credential that no longer opens signs nothing (the seller must connect it again; the sync says so). */
async function fieldsOf(deps: Deps, em: EntityManager, accountId: string, log: Logger): Promise<CredentialFields | undefined> {
  try {
    return await deps.credentials.read(em, accountId);
  } catch (err) {
    if (!(err instanceof CredentialUnreadableError)) throw err;
    log.warn({ provider: PROVIDER, channelAccountId: accountId }, 'a stored credential no longer opens: its webhook secret cannot be tried');
    return undefined;
  }
}

const previousLive = (fields: CredentialFields, now: number) =>
  fields.previous_api_secret && Date.parse(fields.previous_api_secret_expires_at ?? '') > now ? [fields.previous_api_secret] : [];

/**
 * Every secret a delivery for this account may be signed with (docs/providers.md §1.2): the
 * account's own custom app's API secret, the seller's saved Shopify apps' secrets (and the one
 * before a rotation, while it is kept), and the deployment's app's (and its previous one).
 */
async function candidateSecrets(deps: Deps, userId: string, accountId: string, log: Logger): Promise<string[]> {
  const em = forUser(deps.orm.em, userId);
  const now = Date.now();
  const secrets: string[] = [];
  const own = await fieldsOf(deps, em, accountId, log);
  if (own?.api_secret) secrets.push(own.api_secret);
  for (const app of await em.find(ChannelAccount, { providerId: APP_PROVIDER, connected: true })) {
    const fields = await fieldsOf(deps, em, app.id, log);
    if (fields?.api_secret) secrets.push(fields.api_secret, ...previousLive(fields, now));
  }
  const { apiSecret, previousApiSecret } = deps.config.shopifyApp;
  if (apiSecret) secrets.push(apiSecret);
  if (previousApiSecret) secrets.push(previousApiSecret);
  return secrets;
}

/**
 * The accounts a Shopify webhook is for: those of the shop it names whose secrets sign its raw
 * body. The shop names no seller, and row-level security shows no account without one, so
 * shopify_webhook_accounts() (Migration20261207152000) finds the shop's accounts as its owner
 * and answers only with their ids and sellers; each seller's secrets are then read as that
 * seller. None: an unknown shop, or a signature none of them made.
 */
export async function signedWebhookAccounts(deps: Deps, shop: string, rawBody: Buffer, signature: string, log: Logger): Promise<PushAccount[]> {
  const { rows } = await sql<{ user_id: string; channel_account_id: string }>`
    select user_id, channel_account_id from shopify_webhook_accounts(${shop})`.execute(deps.orm.em.fork().getKysely());
  const signed: PushAccount[] = [];
  for (const row of rows) {
    const secrets = await candidateSecrets(deps, row.user_id, row.channel_account_id, log);
    if (webhookSignedBy(rawBody, signature, secrets)) {
      signed.push({ userId: row.user_id, channelAccountId: row.channel_account_id, providerId: PROVIDER, externalId: shop });
    }
  }
  return signed;
}
