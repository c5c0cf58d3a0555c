import type { Orm } from '../db/database.js';
import type { User } from '../domain/index.js';
import { InvalidTokenError, type TokenVerifier } from './token-verifier.js';
import { findOrCreateUser } from './user-service.js';

/** Who a verified token names, and until when it holds. */
export interface Session {
  user: User;
  expiresAt: Date;
}

export interface AuthService {
  /**
   * The session a `Bearer <jwt>` value opens. Undefined when nothing was sent; an
   * InvalidTokenError when something was sent that does not verify.
   */
  authenticate(authorization: unknown): Promise<Session | undefined>;
}

// A client sends the same token with every request: verifying its signature and reading its
// user each time was a crypto call and a query per request (profiled: a tenth of a busy
// server's time). A verified session is reused for a minute at most, never past its expiry.
const SESSION_REUSE_MS = 60_000;
const MAX_SESSIONS = 5_000;

export function createAuthService(orm: Orm, verify: TokenVerifier): AuthService {
  const sessions = new Map<string, Session & { reuseUntil: number }>();
  return {
    async authenticate(authorization) {
      if (authorization === undefined || authorization === null || authorization === '') return undefined;
      if (typeof authorization !== 'string') throw new InvalidTokenError('authorization must be a string "Bearer <token>"');
      const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
      if (!match) throw new InvalidTokenError('authorization must be "Bearer <token>"');
      const now = Date.now();
      const known = sessions.get(match[1]!);
      if (known && now < known.reuseUntil && now < known.expiresAt.getTime()) return { user: known.user, expiresAt: known.expiresAt };
      const token = await verify(match[1]!);
      const session = { user: await findOrCreateUser(orm.em.fork(), token), expiresAt: token.expiresAt };
      sessions.delete(match[1]!);
      // Oldest first out: a Map iterates in insertion order.
      if (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value!);
      sessions.set(match[1]!, { ...session, reuseUntil: now + SESSION_REUSE_MS });
      return session;
    },
  };
}
