import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { Logger } from '../logger.js';
import type { Context } from './context.js';
import { clientErrorOf } from './error-codes.js';

// Not the client's doing, nor a fault in Sutra: a dependency that is away for now.
const AWAY = new Set(['SERVICE_UNAVAILABLE', 'PROVIDER_UNAVAILABLE']);

/**
 * Logs the errors of one answer (HTTP or websocket) by whose they are, read from the code the
 * client gets (error-codes.ts). Ours (INTERNAL_SERVER_ERROR): at error, with the cause and its
 * stack. A dependency away: at warn, its reason only. The client's mistake: at info, as the
 * client reads it, without a stack: a busy client's typos are no alarm for the operator.
 */
export function logGraphQLErrors(log: Logger, errors: readonly GraphQLError[], operationName: string | null | undefined): void {
  for (const error of errors) {
    const { message, extensions } = clientErrorOf(error);
    const code = String(extensions?.code);
    const where = { operationName: operationName ?? undefined, path: error.path };
    if (code === 'INTERNAL_SERVER_ERROR') log.error({ err: error.originalError ?? error, ...where }, 'graphql operation failed');
    else if (AWAY.has(code)) log.warn({ code, reason: (error.originalError ?? error).message, ...where }, 'graphql operation failed');
    else log.info({ code, field: extensions?.field, message, ...where }, 'graphql operation refused');
  }
}

/** The errors of every HTTP answer, logged with the request's logger (its reqId and user). */
export function errorLogPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          if (contextValue.log) logGraphQLErrors(contextValue.log, errors, operationName);
        },
      };
    },
  };
}
