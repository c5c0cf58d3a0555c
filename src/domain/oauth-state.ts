import { createHash, randomBytes } from 'node:crypto';
import { Entity, Index, Property } from '@mikro-orm/decorators/legacy';
import { optionalTimestamp, timestamp } from './columns.js';
import { TenantOwned } from './tenant-owned.js';

/** A pending OAuth install: bound to the user, single-use (usedAt) and expiring. */
@Entity({ tableName: 'oauth_states' })
@Index({ properties: ['user'] })
export class OAuthState extends TenantOwned {
  @Property({ type: 'text' })
  providerId!: string;

  @Property({ type: 'text' })
  shop!: string;

  /** SHA-256 of the nonce carried in the state (oauthNonceHash); the nonce itself is never stored. */
  @Property({ type: 'text', unique: true })
  nonceHash!: string;

  @Property(timestamp())
  @Index()
  expiresAt!: Date;

  @Property(optionalTimestamp())
  usedAt?: Date;
}

/** A fresh state nonce: 32 random bytes, hex (as Shopify's library makes them, docs/providers.md §1.1). */
export const newOAuthNonce = (): string => randomBytes(32).toString('hex');

/** What is stored of a nonce, and looked up by. */
export const oauthNonceHash = (nonce: string): string => createHash('sha256').update(nonce).digest('hex');
