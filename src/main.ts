import { loadConfigOrExit } from './config.js';
import { DatabaseUnreachableError } from './db/database.js';
import { createLogger } from './logger.js';

const config = loadConfigOrExit();
// graphql-js and Express read NODE_ENV once, as they load: they must run in the mode Sutra
// runs in, which may have been derived (production when DATABASE_URL is set), so the app
// is loaded only now.
process.env.NODE_ENV = config.nodeEnv;
const { startApp } = await import('./app.js');

const log = createLogger(config.log);
try {
  const app = await startApp(config, log);
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await app.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
} catch (err) {
  if (err instanceof DatabaseUnreachableError) log.fatal(err.message + ' — start PostgreSQL or unset DATABASE_URL to use the embedded database');
  else log.fatal({ err }, 'Sutra could not start');
  // Let pino flush before exiting.
  setTimeout(() => process.exit(1), 100);
}
