import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { GraphQLError, parse, specifiedRules, validate, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import bytes from 'bytes';
import type { Logger } from '../logger.js';
import type { Context } from '../graphql/context.js';
import { unauthenticated } from '../graphql/errors.js';
import { checkCost, limitRules, type QueryLimits } from '../graphql/limits.js';
import { forUser } from '../db/tenant-filter.js';
import type { AuthService } from '../services/auth-service.js';
import type { Services } from '../services/services.js';
import { InvalidTokenError } from '../services/token-verifier.js';
import { healthRoutes } from './health.js';
import { requestId } from './request-id.js';

export interface HttpApp {
  server: Server;
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

export interface HttpAppOptions {
  services: Services;
  schema: GraphQLSchema;
  auth: AuthService;
  log: Logger;
}

/**
 * One http.Server carries everything: POST /graphql (Apollo), the graphql-ws websocket on
 * the same path, and the few REST routes (health; webhooks and OAuth callbacks later).
 */
export async function createHttpApp({ services, schema, auth, log }: HttpAppOptions): Promise<HttpApp> {
  const { config } = services;
  const limits: QueryLimits = config.graphql;
  const app = express();
  app.disable('x-powered-by');
  const server = createServer(app);

  const contextFor = async (reqId: string, authorization: unknown, reqLog: Logger): Promise<Context> => {
    let user;
    try {
      user = await auth.authenticate(authorization);
    } catch (err) {
      if (err instanceof InvalidTokenError) throw unauthenticated(`Invalid token: ${err.message}`);
      throw err;
    }
    const em = user ? forUser(services.orm.em, user.id) : services.orm.em.fork();
    return { requestId: reqId, log: user ? reqLog.child({ userId: user.id }) : reqLog, user, em, services };
  };

  const wsServer = new WebSocketServer({ server, path: '/graphql', maxPayload: bytes.parse(config.graphql.bodyLimit) ?? 1_048_576 });
  const wsCleanup = useServer<Record<string, unknown>, { context?: Context }>(
    {
      schema,
      validate: (s, doc) => validate(s, doc, [...specifiedRules, ...limitRules(limits)]),
      // A socket must prove who it is at connection_init; no token, no socket.
      onConnect: async (ctx) => {
        const reqId = crypto.randomUUID();
        try {
          const context = await contextFor(reqId, ctx.connectionParams?.authorization, log.child({ reqId, transport: 'ws' }));
          if (!context.user) return false;
          ctx.extra.context = context;
          return true;
        } catch {
          return false;
        }
      },
      onSubscribe: (_ctx, _id, payload) => {
        try {
          checkCost(schema, parse(payload.query), payload.variables ?? undefined, limits, payload.operationName);
        } catch (err) {
          // Syntax errors are reported by graphql-ws's own parse; only cost is ours.
          if (err instanceof GraphQLError && err.extensions.code === 'QUERY_TOO_COSTLY') return [err];
        }
      },
      context: (ctx) => ({ ...ctx.extra.context!, em: forUser(services.orm.em, ctx.extra.context!.user!.id) }),
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.nodeEnv !== 'production',
    csrfPrevention: true,
    // main.ts owns shutdown (HTTP, jobs, database in order); Apollo's own handler would race it.
    stopOnTerminationSignals: false,
    validationRules: limitRules(limits),
    includeStacktraceInErrorResponses: config.nodeEnv === 'development',
    formatError: (formatted) => maskInternal(formatted),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      { async serverWillStart() { return { async drainServer() { await wsCleanup.dispose(); } }; } },
      costPlugin(limits),
      errorLogPlugin(),
    ],
  });
  await apollo.start();

  app.use(requestId);
  app.use(healthRoutes(services.orm));
  app.use(
    '/graphql',
    express.json({ limit: config.graphql.bodyLimit }),
    expressMiddleware(apollo, {
      context: async ({ req }) => contextFor(req.id, req.headers.authorization, log.child({ reqId: req.id })),
    }),
  );
  app.use(((err, req, res, _next) => {
    const status = typeof err?.status === 'number' ? err.status : 500;
    if (status >= 500) log.error({ err, reqId: req.id }, 'request failed');
    res.status(status).json({ error: status === 413 ? `request body exceeds ${config.graphql.bodyLimit}` : status >= 500 ? 'internal error' : err.message });
  }) as express.ErrorRequestHandler);

  return {
    server,
    listen: (port, host) =>
      new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => resolve((server.address() as AddressInfo).port));
      }),
    async close() {
      await apollo.stop();
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
      if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Unexpected errors may carry driver messages with data in them: clients get a plain line. */
function maskInternal(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (formatted.extensions?.code !== 'INTERNAL_SERVER_ERROR') return formatted;
  return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

function costPlugin(limits: QueryLimits): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema, operationName }) {
          checkCost(schema, document, request.variables, limits, operationName);
        },
      };
    },
  };
}

function errorLogPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const err of errors) {
            const code = err.extensions?.code;
            if (code && code !== 'INTERNAL_SERVER_ERROR') continue;
            contextValue.log?.error({ err: err.originalError ?? err, operationName, path: err.path }, 'graphql operation failed');
          }
        },
      };
    },
  };
}
