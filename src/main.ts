import { loadConfigOrExit } from './config.js';
import { DatabaseUnreachableError } from './db/database.js';
import { createLogger } from './logger.js';
import { startApp } from './app.js';

const config = loadConfigOrExit();

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
