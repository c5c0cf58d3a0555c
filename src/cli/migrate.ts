import { loadConfigOrExit } from '../config.js';
import { migrate } from '../db/migrate.js';
import { createLogger } from '../logger.js';
import { withCliDatabase } from './cli-database.js';

// `npm run migrate` applies pending migrations (on DATABASE_URL, or the embedded database).
// `npm run migration:create` writes a new migration from the difference between the
// entities and the database into src/db/migrations (then list it in its index.ts).
// Migrations need the database and nothing else: no JWT_SECRET, no CREDENTIALS_KEYS.
const config = loadConfigOrExit({ tokens: false, credentials: false });
const log = createLogger({ ...config.log, pretty: true });
await withCliDatabase(config, log, async (orm) => {
  if (process.argv[2] !== 'create') return migrate(orm, log);
  const initial = !(await orm.migrator.getExecuted()).length;
  const result = await orm.migrator.create(undefined, false, initial);
  log.info(result.fileName ? `wrote ${result.fileName}` : 'no changes: the database matches the entities');
});
