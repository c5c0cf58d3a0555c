import type { Opt, Rel } from '@mikro-orm/core';
import { Embedded, Entity, Enum, OneToOne, Property } from '@mikro-orm/decorators/legacy';
import { ChannelAccount } from './channel-account.js';
import { optionalTimestamp, timestamp } from './columns.js';
import { EncryptedValue } from './encrypted-value.js';
import { ConnectionState } from './enums.js';
import { TenantOwned } from './tenant-owned.js';

/** The fields a seller gave to connect one account of a provider, sealed as one encrypted JSON object. */
@Entity({ tableName: 'provider_credentials' })
export class ProviderCredential extends TenantOwned {
  /** The account these fields open: one credential per account. */
  @OneToOne(() => ChannelAccount, { owner: true, deleteRule: 'cascade', unique: true })
  channelAccount!: Rel<ChannelAccount>;

  @Property({ type: 'text' })
  providerId!: string;

  @Embedded(() => EncryptedValue, { prefix: 'secret_' })
  secret!: EncryptedValue;

  @Enum({ items: () => ConnectionState, nativeEnumName: 'connection_state' })
  state: ConnectionState & Opt = ConnectionState.CONNECTED;

  /** Shop domain, seller id, ad account: what the seller recognises. Never a secret. */
  @Property({ type: 'text', nullable: true })
  accountName?: string;

  /** The last error a person can act on. */
  @Property({ type: 'text', nullable: true })
  lastError?: string;

  @Property(timestamp())
  connectedAt: Date & Opt = new Date();

  @Property(optionalTimestamp())
  lastCheckedAt?: Date;
}
