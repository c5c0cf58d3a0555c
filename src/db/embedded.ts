import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';
import type { Logger } from '../logger.js';

/**
 * What the embedded database (PGlite behind pglite-socket) can bear, measured on these
 * machines: its socket server multiplexes every connection onto ONE
 * PostgreSQL session, and with three or more clients it returned wrong rows. So:
 * - exactly two connections: the ORM's pool of one and Agenda's pool of one;
 * - no LISTEN/NOTIFY: Agenda polls instead;
 * - no transaction may wait on work done through the other connection (it would deadlock);
 * - one process: no ROLE split, no second instance on the same data folder.
 * Everything that runs differently in embedded mode reads these values, nowhere else.
 */
export const EMBEDDED_LIMITS = {
  socketConnections: 2,
  ormPoolMax: 1,
  agendaPoolMax: 1,
  agendaNotifications: false,
  agendaPollMs: 1000,
} as const;

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

export async function startEmbeddedDatabase(dataDir: string, log: Logger): Promise<EmbeddedDatabase> {
  const dir = resolve(dataDir, 'pgdata');
  await mkdir(dir, { recursive: true });
  const started = Date.now();
  const db = await PGlite.create(dir);
  const server = new PGLiteSocketServer({
    db,
    host: '127.0.0.1',
    port: 0,
    maxConnections: EMBEDDED_LIMITS.socketConnections,
  });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  log.warn(
    { dataDir: join(resolve(dataDir)), startMs: Date.now() - started },
    'using the embedded database (PGlite): it is for trying Sutra, not for production; set DATABASE_URL to a PostgreSQL server',
  );
  return {
    url,
    async stop() {
      await server.stop();
      await db.close();
    },
  };
}
