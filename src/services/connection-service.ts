import type { EntityManager } from '@mikro-orm/postgresql';
import { ChannelAccount, ProviderCredential, type User } from '../domain/index.js';
import type { Logger } from '../logger.js';
import { getProviderModule } from '../providers/registry.js';
import type { ProviderEndpoints } from '../config.js';
import type { CredentialFields, ProviderDefinition } from '../providers/types.js';
import { CredentialUnreadableError, type CredentialService } from './credential-service.js';
import { chooseAccount } from './account-choice.js';
import { validateCredentialInput } from './credential-input.js';
import { newPushToken, pushEndpoint, type PushEndpointInfo } from './push-intake.js';

export interface ConnectionDeps {
  em: EntityManager;
  user: User;
  credentials: CredentialService;
  endpoints: ProviderEndpoints;
  /** Where the outside world reaches Sutra (config.publicUrl): push URLs start with it. */
  publicUrl: string;
  /**
   * The deployment's fields for this provider (DELHIVERY_API_TOKEN …): they stand in for what the
   * seller leaves out, for the check, and are not stored with the seller's (provider-session.ts adds them back).
   */
  defaults?: CredentialFields;
  log: Logger;
}

export interface Connected {
  /** The account connected (for every provider: a shop, an ad account, a courier account …). */
  account: ChannelAccount;
  /** The same account when it is a sales channel's (what the contract's ConnectProviderResult shows). */
  channelAccount?: ChannelAccount;
  /** For a provider that pushes: where and with which token, shown this once (only its hash is kept). */
  push?: PushEndpointInfo;
}

/**
 * Validates the fields, checks them with the provider where it lets us, then in one
 * transaction ensures the account they open and stores them sealed for it. Credentials for
 * an account already connected update it (same id, history and cursor); credentials for
 * another account add one beside it: no account is ever retired silently. Anything
 * rejected stores nothing.
 */
export async function connect(deps: ConnectionDeps, def: ProviderDefinition, input: Record<string, unknown>): Promise<Connected> {
  const given = (key: string) => input[key] !== undefined && input[key] !== null && input[key] !== '';
  const defaulted = Object.keys(deps.defaults ?? {}).filter((key) => !given(key));
  const checked = validateCredentialInput(def, { ...deps.defaults, ...input });
  const fields = Object.fromEntries(Object.entries(checked).filter(([key]) => !defaulted.includes(key)));
  const module = getProviderModule(def.id)!;
  const check = (await module.checkCredentials?.(checked, { endpoints: deps.endpoints, log: deps.log })) ?? {};
  const accountName = check.accountName ?? (def.accountNameField ? fields[def.accountNameField] : undefined);

  // A pushing provider gets a new token at every connect: the one it had stops working.
  const pushToken = def.push ? newPushToken() : undefined;
  // The account's own id at the provider, stable across renames (a name is only shown).
  const externalId = check.externalId ?? (def.accountNameField ? fields[def.accountNameField] : undefined) ?? accountName ?? def.id;
  const account = await deps.em.transactional(async (em) => {
    const stored = def.fields.some((f) => f.keepPreviousHours) ? await storedFields(em, deps.credentials, def, externalId) : undefined;
    if (stored) Object.assign(fields, previousSecrets(def, stored, fields, new Date()));
    const kept = await keepAccount(em, deps.credentials, deps.user.id, def, { externalId, accountName, fields });
    if (pushToken) await em.nativeUpdate(ChannelAccount, { id: kept.id }, { pushTokenHash: pushToken.hash });
    return kept;
  });
  deps.log.info({ provider: def.id, channelAccountId: account.id }, 'provider connected');
  const push = def.push && pushToken ? pushEndpoint(deps.publicUrl, def.push, account.id, pushToken.token) : undefined;
  return { account, channelAccount: def.channelType ? account : undefined, push };
}

/** What the account holds now, when it is connected and still readable: a credential that no longer opens has nothing to keep. */
async function storedFields(
  em: EntityManager,
  credentials: CredentialService,
  def: ProviderDefinition,
  externalId: string,
): Promise<CredentialFields | undefined> {
  const before = await em.findOne(ChannelAccount, { providerId: def.id, externalId });
  if (!before) return undefined;
  try {
    return await credentials.read(em, before.id);
  } catch (err) {
    if (err instanceof CredentialUnreadableError) return undefined;
    throw err;
  }
}

/**
 * The old values of the secrets a rotation keeps for a while (CredentialField.keepPreviousHours):
 * a secret replaced now is kept until `now` + its hours; one replaced earlier and not yet expired
 * stays while the same new value is saved again.
 */
export function previousSecrets(def: ProviderDefinition, stored: CredentialFields, fields: CredentialFields, now: Date): CredentialFields {
  const kept: CredentialFields = {};
  for (const { key, keepPreviousHours } of def.fields) {
    if (!keepPreviousHours || !fields[key]) continue;
    const [previous, expiresAt] = [`previous_${key}`, `previous_${key}_expires_at`];
    if (stored[key] && stored[key] !== fields[key]) {
      kept[previous] = stored[key];
      kept[expiresAt] = new Date(now.getTime() + keepPreviousHours * 3_600_000).toISOString();
    } else if (stored[key] === fields[key] && stored[previous] && Date.parse(stored[expiresAt] ?? '') > now.getTime()) {
      kept[previous] = stored[previous];
      kept[expiresAt] = stored[expiresAt]!;
    }
  }
  return kept;
}

/**
 * Inside the caller's transaction: ensures the seller's account of the provider with this
 * external id (connected again, renamed) and stores its credential sealed. The one way an
 * account is connected, by connectProvider or by an app install.
 */
export async function keepAccount(
  em: EntityManager,
  credentials: CredentialService,
  userId: string,
  def: ProviderDefinition,
  { externalId, accountName, fields }: { externalId: string; accountName?: string; fields: CredentialFields },
): Promise<ChannelAccount> {
  const account = em.create(
    ChannelAccount,
    { user: userId, providerId: def.id, channelType: def.channelType, externalId, displayName: `${def.name} · ${accountName ?? externalId}`, connected: true },
    { persist: false },
  );
  const kept = await em.upsert(ChannelAccount, account, {
    onConflictFields: ['user', 'providerId', 'externalId'],
    onConflictMergeFields: ['displayName', 'connected', 'disconnectedAt', 'updatedAt'],
  });
  await credentials.save(em, { userId, providerId: def.id, channelAccountId: kept.id, fields, accountName });
  return kept;
}

/**
 * Forgets one account's credential and retires the account; its synced history stays, and
 * the seller's other accounts of the provider are untouched. `channelAccountId` is needed
 * only when the seller has several accounts of the provider (account-choice.ts).
 */
export async function disconnect(deps: Pick<ConnectionDeps, 'em' | 'log'>, def: ProviderDefinition, channelAccountId?: string | null): Promise<ChannelAccount> {
  const account = await chooseAccount(deps.em, def, channelAccountId);
  await deps.em.transactional(async (em) => {
    await em.nativeDelete(ProviderCredential, { channelAccount: account.id });
    // A retired account's push token stops working with it.
    await em.nativeUpdate(ChannelAccount, { id: account.id }, { connected: false, disconnectedAt: new Date(), pushTokenHash: null });
  });
  deps.log.info({ provider: def.id, channelAccountId: account.id }, 'provider disconnected');
  return account;
}
