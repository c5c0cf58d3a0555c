import type { EntityManager } from '@mikro-orm/postgresql';
import { ChannelAccount, ProviderCredential, type User } from '../domain/index.js';
import type { Logger } from '../logger.js';
import { getProviderModule } from '../providers/registry.js';
import type { ProviderEndpoints } from '../config.js';
import type { ProviderDefinition } from '../providers/types.js';
import type { CredentialService } from './credential-service.js';
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
  const fields = validateCredentialInput(def, input);
  const module = getProviderModule(def.id)!;
  const check = (await module.checkCredentials?.(fields, { endpoints: deps.endpoints, log: deps.log })) ?? {};
  const accountName = check.accountName ?? (def.accountNameField ? fields[def.accountNameField] : undefined);

  // A pushing provider gets a new token at every connect: the one it had stops working.
  const pushToken = def.push ? newPushToken() : undefined;
  // The account's own id at the provider, stable across renames (a name is only shown).
  const externalId = check.externalId ?? (def.accountNameField ? fields[def.accountNameField] : undefined) ?? accountName ?? def.id;
  const account = await deps.em.transactional(async (em) => {
    const account = em.create(
      ChannelAccount,
      {
        user: deps.user.id,
        providerId: def.id,
        channelType: def.channelType,
        externalId,
        displayName: `${def.name} · ${accountName ?? externalId}`,
        connected: true,
      },
      { persist: false },
    );
    const kept = await em.upsert(ChannelAccount, account, {
      onConflictFields: ['user', 'providerId', 'externalId'],
      onConflictMergeFields: ['displayName', 'connected', 'disconnectedAt', 'updatedAt'],
    });
    await deps.credentials.save(em, { userId: deps.user.id, providerId: def.id, channelAccountId: kept.id, fields, accountName });
    if (pushToken) await em.nativeUpdate(ChannelAccount, { id: kept.id }, { pushTokenHash: pushToken.hash });
    return kept;
  });
  deps.log.info({ provider: def.id, channelAccountId: account.id }, 'provider connected');
  const push = def.push && pushToken ? pushEndpoint(deps.publicUrl, def.push, account.id, pushToken.token) : undefined;
  return { account, channelAccount: def.channelType ? account : undefined, push };
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
