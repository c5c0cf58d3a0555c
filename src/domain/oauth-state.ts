import { randomUUID } from 'node:crypto';
import type { Opt, Rel } from '@mikro-orm/core';
import { Entity, Index, ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { optionalTimestamp, timestamp } from './columns.js';
import { User } from './user.js';

/** A pending OAuth install: bound to the user, single-use (usedAt) and expiring. */
@Entity({ tableName: 'oauth_states' })
export class OAuthState {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade', index: true })
  user!: Rel<User>;

  @Property({ type: 'text' })
  providerId!: string;

  @Property({ type: 'text' })
  shop!: string;

  /** SHA-256 of the nonce carried in the signed state; the nonce itself is never stored. */
  @Property({ type: 'text', unique: true })
  nonceHash!: string;

  @Property(timestamp())
  @Index()
  expiresAt!: Date;

  @Property(optionalTimestamp())
  usedAt?: Date;

  @Property(timestamp())
  createdAt: Date & Opt = new Date();
}
