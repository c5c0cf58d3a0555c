import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { MikroORM } from '@mikro-orm/postgresql';
import { startApp, type RunningApp } from '../../src/app.js';
import { ormOptions } from '../../src/db/orm-options.js';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/server.js';
import { createLogger } from '../../src/logger.js';
import { signToken } from '../../src/services/token-verifier.js';
import { createOwnDatabase } from './database.js';
import { TEST_JWT_SECRET, testConfig } from './env.js';

export interface GraphQLResponse<T = Record<string, unknown>> {
  status: number;
  data?: T;
  errors?: Array<{ message: string; extensions?: Record<string, unknown>; path?: string[] }>;
}

export interface TestServer {
  app: RunningApp;
  /**
   * The same database as the DATABASE_URL role, outside row-level security: for setting up
   * and looking at rows of any seller. The app's own ORM (app.services.orm) sees a seller's
   * rows only in a transaction that names the seller (forUser).
   */
  db: MikroORM;
  url: string;
  wsUrl: string;
  sandbox?: Sandbox;
  /** Every log line, when started with captureLogs. */
  logs: string[];
  /** The server's own database (see startTestServer), for a second process to share. */
  databaseUrl: string;
  stop(): Promise<void>;
}

export interface TestServerOptions {
  env?: Record<string, string>;
  /** Start the provider sandbox too (with these options), and point the server at it. */
  sandbox?: boolean | SandboxOptions;
  /** Keep every log line (at debug level) for assertions. */
  captureLogs?: boolean;
}

/**
 * The real server (HTTP + websocket + jobs) on a free port, on a database of its own (dropped
 * at stop) unless `env.DATABASE_URL` names one. Its own, because the job queue lives in the
 * database: on a shared one, a server of another test file running at the same time takes
 * this server's jobs and runs them against its own sandbox.
 */
export async function startTestServer({ env = {}, sandbox: withSandbox = false, captureLogs = false }: TestServerOptions = {}): Promise<TestServer> {
  const sandbox = withSandbox ? await startSandbox(withSandbox === true ? {} : withSandbox) : undefined;
  const database = env.DATABASE_URL ? undefined : await createOwnDatabase('server');
  const config = testConfig({ ...sandbox?.env, ...(captureLogs ? { LOG_LEVEL: 'debug' } : {}), ...(database ? { DATABASE_URL: database.url } : {}), ...env });
  const logs: string[] = [];
  const destination = captureLogs ? { write: (line: string) => void logs.push(line) } : undefined;
  const app = await startApp(config, createLogger({ level: config.log.level, pretty: false, destination }));
  const db = await MikroORM.init(ormOptions({ url: config.database.url!, poolMax: 2 }));
  return {
    app,
    db,
    url: app.url!,
    wsUrl: app.url!.replace('http', 'ws') + '/graphql',
    sandbox,
    logs,
    databaseUrl: config.database.url!,
    async stop() {
      await db.close();
      await app.stop();
      await sandbox?.stop();
      await database?.drop();
    },
  };
}

/** A token for a brand-new user (a fresh subject), so test files never share tenants. */
export async function newUserToken(label = 'seller'): Promise<{ subject: string; token: string }> {
  const subject = `${label}-${randomUUID()}`;
  return { subject, token: await signToken(TEST_JWT_SECRET, subject) };
}

/**
 * A GraphQL document that carries the type of its answer (typed gql): `gql` infers it, so a
 * test reads `data` checked by the compiler instead of through `any`.
 */
export type TypedDocument<T> = string & { readonly __answer?: T };
export const doc = <T>(query: string): TypedDocument<T> => query as TypedDocument<T>;

export async function gql<T = unknown>(
  server: { url: string },
  query: TypedDocument<T>,
  variables: Record<string, unknown> = {},
  token?: string,
): Promise<GraphQLResponse<T>> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLResponse<T>;
  return { ...body, status: res.status };
}

/** A GraphQL answer's data, or the first error's message thrown: for calls whose refusal would be the test's failure. */
export async function gqlData<T>(server: { url: string }, query: TypedDocument<T>, variables: Record<string, unknown> = {}, token?: string): Promise<T> {
  const res = await gql(server, query, variables, token);
  if (res.errors) throw new Error(res.errors[0]!.message);
  return res.data!;
}

export function wsClient(server: { wsUrl: string }, token?: string): Client {
  return createClient({
    url: server.wsUrl,
    webSocketImpl: WebSocket,
    lazy: false,
    retryAttempts: 0,
    // Refusals are asserted through the 'closed' event; the default prints them to the console.
    onNonLazyError: () => undefined,
    connectionParams: token ? { authorization: `Bearer ${token}` } : {},
  });
}

/** Resolves once the socket is acknowledged, rejects with the close event if refused. */
export function connected(client: Client): Promise<void> {
  return new Promise((resolve, reject) => {
    const offConnected = client.on('connected', () => {
      offConnected();
      offClosed();
      resolve();
    });
    const offClosed = client.on('closed', (event) => {
      offConnected();
      offClosed();
      reject(event);
    });
  });
}
