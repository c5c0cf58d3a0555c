import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ConnectionState, ProviderCredential } from '../domain/index.js';
import type { Orm } from '../db/database.js';
import { TENANT_FILTER } from '../db/tenant-filter.js';
import type { Logger } from '../logger.js';
import { getProvider } from '../providers/registry.js';
import type { CredentialFields } from '../providers/types.js';
import { CredentialDecryptError, open, seal, type Keyring } from './credential-vault.js';

/**
 * A stored credential that no longer opens (its key left CREDENTIALS_KEYS, or the row was
 * altered). Only the seller can fix it, by connecting the provider again.
 */
export class CredentialUnreadableError extends Error {
  override name = 'CredentialUnreadableError';
  constructor(
    readonly providerId: string,
    cause: CredentialDecryptError,
  ) {
    const name = getProvider(providerId)?.name ?? providerId;
    // The cause (which key, or altered) is for the operator's log, not the seller.
    super(`The saved ${name} credentials can no longer be read by Sutra: reconnect ${name} (connect it again with its current credentials)`, { cause });
  }
}

export interface StoredCredential {
  userId: string;
  providerId: string;
  /** The account these fields open. */
  channelAccountId: string;
  fields: CredentialFields;
  accountName?: string;
}

/**
 * The only code that seals or opens a provider credential. Everything else asks it for a
 * provider's fields and never sees ciphertext; nothing it returns is ever logged.
 */
export class CredentialService {
  constructor(private readonly keyring: Keyring) {}

  get currentKeyId(): string {
    return this.keyring.currentKeyId;
  }

  /** Stores (or replaces) the credential of one account: one row per account. */
  async save(em: EntityManager, { userId, providerId, channelAccountId, fields, accountName }: StoredCredential): Promise<ProviderCredential> {
    const secret = seal(this.keyring, JSON.stringify(fields), { purpose: 'credential', userId, providerId });
    const now = new Date();
    const row = em.create(
      ProviderCredential,
      {
        user: userId,
        providerId,
        channelAccount: channelAccountId,
        secret,
        state: ConnectionState.CONNECTED,
        accountName,
        lastError: undefined,
        connectedAt: now,
        lastCheckedAt: now,
      },
      { persist: false },
    );
    return em.upsert(ProviderCredential, row, { onConflictFields: ['channelAccount'], onConflictExcludeFields: ['id'] });
  }

  /** The fields of one of the user's accounts (em is scoped to the user), or undefined when not connected. */
  async read(em: EntityManager, channelAccountId: string): Promise<CredentialFields | undefined> {
    const row = await em.findOne(ProviderCredential, { channelAccount: channelAccountId });
    if (!row) return undefined;
    try {
      return this.open(row);
    } catch (err) {
      if (err instanceof CredentialDecryptError) throw new CredentialUnreadableError(row.providerId, err);
      throw err;
    }
  }

  open(row: ProviderCredential): CredentialFields {
    return JSON.parse(open(this.keyring, row.secret, { purpose: 'credential', userId: row.user.id, providerId: row.providerId })) as CredentialFields;
  }

  /**
   * Re-seals every credential not under the current key, batch by batch, while the server
   * runs: each batch locks its rows (skipping rows a request holds) in its own transaction,
   * so a concurrent reconnect is never overwritten with stale fields. A row no key in the
   * ring can open is reported and left as it is.
   */
  async rotate(orm: Orm, log: Logger, batchSize = 200): Promise<{ rotated: number; failed: number }> {
    let rotated = 0;
    let failed = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const batch = await orm.em.fork().transactional(async (em) => {
        const rows = await em.find(
          ProviderCredential,
          { id: { $gt: after }, secret: { keyId: { $ne: this.keyring.currentKeyId } } },
          { orderBy: { id: 'asc' }, limit: batchSize, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE, filters: { [TENANT_FILTER]: false } },
        );
        for (const row of rows) {
          const context = { purpose: 'credential' as const, userId: row.user.id, providerId: row.providerId };
          try {
            row.secret = seal(this.keyring, open(this.keyring, row.secret, context), context);
            rotated++;
          } catch (err) {
            failed++;
            log.error({ credentialId: row.id, provider: row.providerId, reason: (err as Error).message }, 'credential could not be re-sealed');
          }
        }
        return rows;
      });
      if (batch.length) log.info({ rotated, failed, keyId: this.keyring.currentKeyId }, 're-sealed a batch of credentials');
      if (batch.length < batchSize) return { rotated, failed };
      after = batch.at(-1)!.id;
    }
  }
}
