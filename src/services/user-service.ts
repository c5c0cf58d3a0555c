import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { User } from '../domain/index.js';
import type { VerifiedToken } from './token-verifier.js';

/** The user row for a verified token, created on first sight of its subject. */
export async function findOrCreateUser(em: EntityManager, token: VerifiedToken): Promise<User> {
  const existing = await em.findOne(User, { subject: token.subject });
  if (existing) return existing;
  const user = em.create(User, { subject: token.subject, email: token.email });
  try {
    await em.persist(user).flush();
    return user;
  } catch (err) {
    // Two first requests of the same new user raced; the other one created the row.
    if (!(err instanceof UniqueConstraintViolationException)) throw err;
    em.clear();
    return em.findOneOrFail(User, { subject: token.subject });
  }
}
