import { randomUUID } from 'node:crypto';
import type { Opt, Rel } from '@mikro-orm/core';
import { ManyToOne, PrimaryKey, Property } from '@mikro-orm/decorators/legacy';
import { timestamp } from './columns.js';
import { User } from './user.js';

/**
 * What every row a seller owns has: an id, its owner and when it was made and last changed.
 * The tenant filter (db/tenant-filter.ts) keys on `user`, so an entity that extends this is
 * scoped to its seller with nothing to register. The timestamps have database defaults too,
 * because the bulk writes of a sync insert rows in SQL.
 */
export abstract class TenantOwned {
  @PrimaryKey({ type: 'uuid' })
  id: string = randomUUID();

  @ManyToOne(() => User, { deleteRule: 'cascade' })
  user!: Rel<User>;

  @Property({ ...timestamp(), defaultRaw: 'now()' })
  createdAt: Date & Opt = new Date();

  @Property({ ...timestamp(), defaultRaw: 'now()', onUpdate: () => new Date() })
  updatedAt: Date & Opt = new Date();
}
