import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { ConnectionState, ProviderCredential, User } from '../domain/index.js';
import type { Orm } from '../db/database.js';
import { forUser } from '../db/tenant-filter.js';
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

  /**
   * Stores (or replaces) the credential of one account: one row per account. Fields the
   * provider just accepted leave no error from before on the account.
   */
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
        // null, not undefined: an upsert leaves an entity's undefined properties out, and the old error would stay.
        lastError: null,
        connectedAt: now,
        lastCheckedAt: now,
      },
      { persist: false },
    );
    return em.upsert(ProviderCredential, row, { onConflictFields: ['channelAccount'], onConflictExcludeFields: ['id'] });
  }

  /**
   * Replaces the fields of an account's stored credential (a renewed token and what rotated with
   * it), in one write; the account's state and connection time stay. em is the seller's.
   */
  async replaceFields(em: EntityManager, channelAccountId: string, fields: CredentialFields): Promise<void> {
    const row = await em.findOneOrFail(ProviderCredential, { channelAccount: channelAccountId });
    row.secret = seal(this.keyring, JSON.stringify(fields), { purpose: 'credential', userId: row.user.id, providerId: row.providerId });
    row.lastCheckedAt = new Date();
    await em.flush();
  }

  /** The provider refused the account's credentials (or they no longer open): the seller must connect it again. */
  async markRefused(em: EntityManager, channelAccountId: string, error: string): Promise<void> {
    await em.nativeUpdate(ProviderCredential, { channelAccount: channelAccountId }, { state: ConnectionState.NEEDS_REAUTH, lastError: error });
  }

  /** The provider just accepted the account's credentials (a sync went through): whatever was wrong before is over. */
  async markWorking(em: EntityManager, channelAccountId: string): Promise<void> {
    await em.nativeUpdate(
      ProviderCredential,
      { channelAccount: channelAccountId, $or: [{ state: { $ne: ConnectionState.CONNECTED } }, { lastError: { $ne: null } }] },
      { state: ConnectionState.CONNECTED, lastError: null },
    );
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
   * Re-seals every credential not under the current key, while the server runs, seller by
   * seller: row-level security shows a transaction one seller's rows, and the users are no
   * seller's, so each user's credentials are re-sealed as that user. Each batch locks its rows
   * (skipping rows a request holds) in its own transaction, so a concurrent reconnect is never
   * overwritten with stale fields. A row no key in the ring can open is reported and left as it is.
   */
  async rotate(orm: Orm, log: Logger, batchSize = 200): Promise<{ rotated: number; failed: number }> {
    const counts = { rotated: 0, failed: 0 };
    for await (const userId of everyUser(orm, batchSize)) {
      let after = NIL_UUID;
      for (;;) {
        const batch = await forUser(orm.em, userId).transactional(async (em) => {
          const rows = await em.find(
            ProviderCredential,
            { id: { $gt: after }, secret: { keyId: { $ne: this.keyring.currentKeyId } } },
            { orderBy: { id: 'asc' }, limit: batchSize, lockMode: LockMode.PESSIMISTIC_PARTIAL_WRITE },
          );
          for (const row of rows) {
            const context = { purpose: 'credential' as const, userId, providerId: row.providerId };
            try {
              row.secret = seal(this.keyring, open(this.keyring, row.secret, context), context);
              counts.rotated++;
            } catch (err) {
              counts.failed++;
              log.error({ credentialId: row.id, provider: row.providerId, reason: (err as Error).message }, 'credential could not be re-sealed');
            }
          }
          return rows;
        });
        if (batch.length) log.info({ ...counts, keyId: this.keyring.currentKeyId }, 're-sealed a batch of credentials');
        if (batch.length < batchSize) break;
        after = batch.at(-1)!.id;
      }
    }
    return counts;
  }
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Every user's id, a page at a time: the users table is no seller's, so it is read whole. */
async function* everyUser(orm: Orm, pageSize: number): AsyncGenerator<string> {
  for (let after = NIL_UUID; ;) {
    const page = await orm.em.fork().find(User, { id: { $gt: after } }, { fields: ['id'], orderBy: { id: 'asc' }, limit: pageSize });
    for (const user of page) yield user.id;
    if (page.length < pageSize) return;
    after = page.at(-1)!.id;
  }
}
