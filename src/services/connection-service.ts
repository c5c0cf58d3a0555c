import type { EntityManager } from '@mikro-orm/postgresql';
import { ChannelAccount, ProviderCredential, type User } from '../domain/index.js';
import type { Logger } from '../logger.js';
import { getProviderModule } from '../providers/registry.js';
import type { ProviderEndpoints } from '../config.js';
import type { ProviderDefinition } from '../providers/types.js';
import type { CredentialService } from './credential-service.js';
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
  channelAccount?: ChannelAccount;
  /** For a provider that pushes: where and with which token, shown this once (only its hash is kept). */
  push?: PushEndpointInfo;
}

/**
 * Validates the fields, checks them with the provider where it lets us, then in one
 * transaction stores them sealed and, for a sales channel, ensures the user's account.
 * Anything rejected stores nothing.
 */
export async function connect(deps: ConnectionDeps, def: ProviderDefinition, input: Record<string, unknown>): Promise<Connected> {
  const fields = validateCredentialInput(def, input);
  const module = getProviderModule(def.id)!;
  const check = (await module.checkCredentials?.(fields, { endpoints: deps.endpoints, log: deps.log })) ?? {};
  const accountName = check.accountName ?? (def.accountNameField ? fields[def.accountNameField] : undefined);

  // A pushing provider gets a new token at every connect: the one it had stops working.
  const pushToken = def.push ? newPushToken() : undefined;
  const channelAccount = await deps.em.transactional(async (em) => {
    await deps.credentials.save(em, { userId: deps.user.id, providerId: def.id, fields, accountName });
    if (!def.channelType) return undefined;
    const externalId = check.externalId ?? accountName ?? def.id;
    // One credential per provider means one live account: a reconnect to another account retires the old one.
    await em.nativeUpdate(ChannelAccount, { providerId: def.id, externalId: { $ne: externalId }, connected: true }, { connected: false, disconnectedAt: new Date(), pushTokenHash: null });
    const account = em.create(
      ChannelAccount,
      { user: deps.user.id, providerId: def.id, channelType: def.channelType, externalId, displayName: `${def.name} · ${accountName ?? externalId}`, connected: true },
      { persist: false },
    );
    // A reconnect to the same account keeps its id, history and sync cursor.
    const kept = await em.upsert(ChannelAccount, account, {
      onConflictFields: ['user', 'providerId', 'externalId'],
      onConflictMergeFields: ['displayName', 'connected', 'disconnectedAt', 'updatedAt'],
    });
    if (pushToken) await em.nativeUpdate(ChannelAccount, { id: kept.id }, { pushTokenHash: pushToken.hash });
    return kept;
  });
  deps.log.info({ provider: def.id, channelAccountId: channelAccount?.id }, 'provider connected');
  const push = def.push && pushToken && channelAccount ? pushEndpoint(deps.publicUrl, def.push, channelAccount.id, pushToken.token) : undefined;
  return { channelAccount, push };
}

/** Forgets the credential and retires the provider's accounts; synced history stays. */
export async function disconnect(deps: Pick<ConnectionDeps, 'em' | 'log'>, def: ProviderDefinition): Promise<void> {
  await deps.em.transactional(async (em) => {
    await em.nativeDelete(ProviderCredential, { providerId: def.id });
    // A retired account's push token stops working with it.
    await em.nativeUpdate(ChannelAccount, { providerId: def.id, connected: true }, { connected: false, disconnectedAt: new Date(), pushTokenHash: null });
  });
  deps.log.info({ provider: def.id }, 'provider disconnected');
}
