import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ConnectionState, ProviderCredential } from '../domain/index.js';
import type { Orm } from '../db/database.js';
import { TENANT_FILTER } from '../db/tenant-filter.js';
import type { Logger } from '../logger.js';
import type { CredentialFields } from '../providers/types.js';
import { open, seal, type Keyring } from './credential-vault.js';

export interface StoredCredential {
  userId: string;
  providerId: string;
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

  /** Stores (or replaces) the user's credential for a provider: one row per user and provider. */
  async save(em: EntityManager, { userId, providerId, fields, accountName }: StoredCredential): Promise<ProviderCredential> {
    const secret = seal(this.keyring, JSON.stringify(fields), { purpose: 'credential', userId, providerId });
    const now = new Date();
    const row = em.create(
      ProviderCredential,
      { user: userId, providerId, secret, state: ConnectionState.CONNECTED, accountName, lastError: undefined, connectedAt: now, lastCheckedAt: now },
      { persist: false },
    );
    return em.upsert(ProviderCredential, row, { onConflictFields: ['user', 'providerId'], onConflictExcludeFields: ['id'] });
  }

  /** The user's fields for a provider (em is scoped to the user), or undefined when not connected. */
  async read(em: EntityManager, providerId: string): Promise<CredentialFields | undefined> {
    const row = await em.findOne(ProviderCredential, { providerId });
    return row ? this.open(row) : undefined;
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
