import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
  ApolloServerPluginUsageReportingDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import type { GraphQLSchema } from 'graphql';
import { WebSocketServer } from 'ws';
import bytes from 'bytes';
import type { Logger } from '../logger.js';
import type { Context } from '../graphql/context.js';
import { unauthenticated } from '../graphql/errors.js';
import { limitRules, type QueryLimits } from '../graphql/limits.js';
import type { PubSubHandle } from '../events/event-bus.js';
import { prepareWsOperation, requestGuardPlugin, type GuardOptions } from '../graphql/request-guard.js';
import { forUser } from '../db/tenant-filter.js';
import type { AuthService } from '../services/auth-service.js';
import type { Services } from '../services/services.js';
import { InvalidTokenError } from '../services/token-verifier.js';
import { healthRoutes } from './health.js';
import { pushRoutes } from './push-receiver.js';
import { shopifyWebhookRoutes } from './shopify-webhooks.js';
import { shopifyInstallRoutes } from './shopify-install.js';
import { documentGuard, graphqlBody } from './document-guard.js';
import { accessLog } from './access-log.js';
import { serveGraphqlWs } from './graphql-ws-transport.js';
import { consoleRoutes } from './console.js';
import { tokenRefusals } from './token-refusals.js';
import { clientError, clientErrorOf, codeOf, httpStatusPlugin, withHttpStatus } from '../graphql/error-codes.js';
import { errorLogPlugin, logGraphQLErrors } from '../graphql/error-log.js';
import { SESSION_EXPIRED_CODE, SESSION_EXPIRED_REASON, whenExpired, type Expiry } from './session-expiry.js';

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
  /** Redis's state for /readyz. */
  eventBus: Pick<PubSubHandle, 'check'>;
}

/**
 * One http.Server carries everything: POST /graphql (Apollo), the graphql-ws websocket on
 * the same path, and the few REST routes (health, pushes, Shopify's OAuth callback).
 */
export async function createHttpApp({ services, schema, auth, log, eventBus }: HttpAppOptions): Promise<HttpApp> {
  const { config } = services;
  const limits: QueryLimits = config.graphql;
  const production = config.nodeEnv === 'production';
  const guard: GuardOptions = { limits, production };
  const app = express();
  app.disable('x-powered-by');
  // An ETag is a hash of every answer's body: work for nothing on POSTed GraphQL answers.
  app.set('etag', false);
  const server = createServer(app);
  // An idle keep-alive connection is closed after 65 s, not Node's 5 s: a client (or a load
  // balancer, whose idle timeout is commonly 60 s) that sends its next request on the connection
  // just as the server closes it gets a reset. A server whose event loop was held up a few seconds
  // (the embedded database runs in-process) met that race with the demo's polling every 500 ms.
  server.keepAliveTimeout = 65_000;
  // Node requires headersTimeout above keepAliveTimeout.
  server.headersTimeout = 66_000;

  const refusals = tokenRefusals(log);
  const contextFor = async (reqId: string, authorization: unknown, reqLog: Logger): Promise<Context> => {
    let session;
    try {
      session = await auth.authenticate(authorization);
    } catch (err) {
      if (err instanceof InvalidTokenError) {
        refusals.refused(err.message, reqLog);
        throw unauthenticated(`Invalid token: ${err.message}`);
      }
      throw err;
    }
    const user = session?.user;
    const em = user ? forUser(services.orm.em, user.id) : services.orm.em.fork();
    return { requestId: reqId, log: user ? reqLog.child({ userId: user.id }) : reqLog, user, tokenExpiresAt: session?.expiresAt, em, services };
  };

  const wsServer = new WebSocketServer({ server, path: '/graphql', maxPayload: bytes.parse(config.graphql.bodyLimit) ?? 1_048_576 });
  const wsCleanup = serveGraphqlWs<Record<string, unknown>, { context?: Context; expiry?: Expiry }>(
    {
      schema,
      // A socket must prove who it is at connection_init; no token, no socket.
      onConnect: async (ctx) => {
        const reqId = crypto.randomUUID();
        try {
          const context = await contextFor(reqId, ctx.connectionParams?.authorization, log.child({ reqId, transport: 'ws' }));
          if (!context.user) return false;
          ctx.extra.context = context;
          // The session ends when its token does.
          ctx.extra.expiry = whenExpired(context.tokenExpiresAt!, () => ctx.extra.socket.close(SESSION_EXPIRED_CODE, SESSION_EXPIRED_REASON));
          return true;
        } catch (err) {
          // The database away is no refusal of the token: 1013 is the websocket's "try again later".
          if (codeOf(err) === 'SERVICE_UNAVAILABLE') ctx.extra.socket.close(1013, 'Service unavailable: try again shortly');
          return false;
        }
      },
      onClose: (ctx) => ctx.extra.expiry?.cancel(),
      // Errors over the websocket read, and are logged, as they are over HTTP (error-codes.ts, error-log.ts):
      // a result's (onNext) and an operation's refused before it ran (onError).
      onNext: (ctx, _id, payload, _args, result) => {
        if (!result.errors?.length) return undefined;
        logGraphQLErrors(ctx.extra.context?.log ?? log, result.errors, payload.operationName);
        return { ...result, errors: result.errors.map(clientErrorOf) };
      },
      onError: (ctx, _id, payload, errors) => {
        logGraphQLErrors(ctx.extra.context?.log ?? log, errors, payload.operationName);
        return errors.map(clientErrorOf);
      },
      // Parsed, bounded, validated and checked here (request-guard.ts); graphql-ws runs what this returns.
      onSubscribe: (ctx, _id, payload) => {
        if (ctx.extra.context!.tokenExpiresAt! <= new Date()) {
          ctx.extra.socket.close(SESSION_EXPIRED_CODE, SESSION_EXPIRED_REASON);
          return [unauthenticated('The token has expired: connect again with a fresh one')];
        }
        return prepareWsOperation(schema, payload, guard);
      },
      context: (ctx) => ({ ...ctx.extra.context!, em: forUser(services.orm.em, ctx.extra.context!.user!.id) }),
    },
    wsServer,
    log,
  );

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: !production,
    // Production answers name no fields the client did not ask for ("Did you mean …").
    hideSchemaDetailsFromClientErrors: production,
    // The parser stops here: the first bound on a document's cost (request-guard.ts).
    parseOptions: { maxTokens: limits.maxTokens },
    csrfPrevention: true,
    // main.ts owns shutdown (HTTP, jobs, database in order); Apollo's own handler would race it.
    stopOnTerminationSignals: false,
    validationRules: limitRules(limits),
    includeStacktraceInErrorResponses: config.nodeEnv === 'development',
    formatError: clientError,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer: server }),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
      requestGuardPlugin(guard),
      errorLogPlugin(),
      httpStatusPlugin(),
      // No cache hints are used; the default cache-control plugin wraps every field resolver for nothing.
      ApolloServerPluginCacheControlDisabled(),
      // Apollo's landing pages load their explorer from its CDN: a browser at /graphql is sent to
      // Sutra's own explorer instead (console.ts, development and demo only).
      ApolloServerPluginLandingPageDisabled(),
      // Sutra never sends usage reports to Apollo, whatever APOLLO_KEY the environment holds.
      ApolloServerPluginUsageReportingDisabled(),
    ],
  });
  await apollo.start();

  app.use(accessLog(log));
  app.use(healthRoutes(services.orm, eventBus, log));
  app.use(pushRoutes(services));
  app.use(shopifyWebhookRoutes(services));
  app.use(shopifyInstallRoutes(services));
  const consoleAndExplorer = consoleRoutes({ production, log });
  // Before the API: a browser's GET /graphql goes to the explorer (outside production).
  app.get('/graphql', consoleAndExplorer);
  app.use(
    '/graphql',
    graphqlBody(config.graphql.bodyLimit),
    documentGuard(limits),
    expressMiddleware(apollo, {
      // A failure here is answered before any plugin runs: its status goes with the error.
      context: async ({ req }) =>
        contextFor(req.id, req.headers.authorization, log.child({ reqId: req.id })).catch((err: unknown) => {
          throw withHttpStatus(err);
        }),
    }),
  );
  // The console and the explorer: static pages, after every route the server answers itself.
  app.use(consoleAndExplorer);
  app.use(((err, req, res, _next) => {
    const status = typeof err?.status === 'number' ? err.status : 500;
    if (status >= 500) log.error({ err, reqId: req.id }, 'request failed');
    // body-parser names the limit it applied (a request without a token has a smaller one).
    const limit = typeof err?.limit === 'number' ? bytes.format(err.limit) : config.graphql.bodyLimit;
    res.status(status).json({ error: status === 413 ? `request body exceeds ${limit}` : status >= 500 ? 'internal error' : err.message });
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
      refusals.flush();
    },
  };
}
