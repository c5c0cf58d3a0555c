import type { EntityManager } from '@mikro-orm/postgresql';
import { AccountChoiceError, NotFoundError } from '../domain/errors.js';
import { ChannelAccount, isUuid } from '../domain/index.js';
import type { ProviderDefinition } from '../providers/types.js';

/**
 * The connected account of a provider that an operation acts on. The id is needed only when
 * the seller has several accounts of that provider; left out then, the answer names them.
 * An id that names no connected account of the provider is NOT_FOUND; another seller's account
 * id is answered exactly like one that does not exist (`em` is scoped).
 */
export async function chooseAccount(em: EntityManager, def: ProviderDefinition, channelAccountId?: string | null): Promise<ChannelAccount> {
  if (channelAccountId) {
    const account = isUuid(channelAccountId) ? await em.findOne(ChannelAccount, { id: channelAccountId, providerId: def.id, connected: true }) : null;
    if (!account) {
      throw new NotFoundError(
        `No connected ${def.name} account has the id "${channelAccountId.slice(0, 100)}": see channelAccounts or connectedSummary for your accounts`,
        'channelAccountId',
      );
    }
    return account;
  }
  const accounts = await em.find(ChannelAccount, { providerId: def.id, connected: true }, { orderBy: { createdAt: 'asc' } });
  if (!accounts.length) throw new AccountChoiceError(`Connect ${def.name} first (connectProvider)`, 'providerId');
  if (accounts.length > 1) {
    const list = accounts.map((a) => `${a.displayName} (${a.id})`).join(', ');
    throw new AccountChoiceError(
      `You have ${accounts.length} ${def.name} accounts connected: ${list}. Say which one with channelAccountId`,
      'channelAccountId',
      accounts.map((a) => ({ id: a.id, displayName: a.displayName })),
    );
  }
  return accounts[0]!;
}
