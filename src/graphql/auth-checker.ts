import type { AuthChecker } from 'type-graphql';
import type { Context } from './context.js';
import { unauthenticated } from './errors.js';

/** @Authorized() resolvers need a signed-in user; anything else answers UNAUTHENTICATED. */
export const authChecker: AuthChecker<Context> = ({ context }) => {
  if (!context.user) throw unauthenticated();
  return true;
};
