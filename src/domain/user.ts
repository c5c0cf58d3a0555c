import { randomUUID } from 'node:crypto';
import type { Opt } from '@mikro-orm/core';
import { Entity, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { timestamp } from './columns.js';

/** A seller: the tenant every other row belongs to. Found or created from the JWT `sub`. */
@Entity({ tableName: 'users' })
export class User {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  /** The identity provider's subject (`sub` claim). */
  @Property({ type: 'text', unique: true })
  subject!: string;

  @Property({ type: 'text', nullable: true })
  email?: string;

  @Property({ type: 'text' })
  timezone: string & Opt = 'Asia/Kolkata';

  @Property(timestamp())
  createdAt: Date & Opt = new Date();

  @Property({ ...timestamp(), onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
