import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';
import type { User } from '../domain/index.js';
import type { Services } from '../services/services.js';

/** What every resolver receives: who is asking, a database session scoped to them, the services. */
export interface Context {
  requestId: string;
  log: Logger;
  /** Absent when no token was sent; resolvers that need one are @Authorized. */
  user?: User;
  /** When the user's token expires: a websocket session is closed then. */
  tokenExpiresAt?: Date;
  /**
   * Scoped to `user` by the tenant filter, and named to the database's row-level security in
   * every transaction it opens (forUser); without a user, no seller's row can be read at all.
   */
  em: EntityManager;
  services: Services;
}

/** The context of an @Authorized resolver, where the user is known to be present. */
export type AuthedContext = Context & { user: User };
