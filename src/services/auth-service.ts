import type { Orm } from '../db/database.js';
import type { User } from '../domain/index.js';
import { InvalidTokenError, type TokenVerifier } from './token-verifier.js';
import { findOrCreateUser } from './user-service.js';

export interface AuthService {
  /**
   * The user a `Bearer <jwt>` value names. Undefined when nothing was sent; an
   * InvalidTokenError when something was sent that does not verify.
   */
  authenticate(authorization: unknown): Promise<User | undefined>;
}

export function createAuthService(orm: Orm, verify: TokenVerifier): AuthService {
  return {
    async authenticate(authorization) {
      if (authorization === undefined || authorization === null || authorization === '') return undefined;
      if (typeof authorization !== 'string') throw new InvalidTokenError('authorization must be a string "Bearer <token>"');
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) throw new InvalidTokenError('authorization must be "Bearer <token>"');
      const token = await verify(match[1]!);
      return findOrCreateUser(orm.em.fork(), token);
    },
  };
}
