import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { ConfigError, loadConfig } from '../config.js';
import { checkDatabase } from '../db/database.js';
import { startEmbeddedDatabase } from '../db/embedded.js';
import { migrate } from '../db/migrate.js';
import { withStartupLock } from '../db/startup-lock.js';
import { ormOptions } from '../db/orm-options.js';
import { createLogger } from '../logger.js';

// `npm run migrate` applies pending migrations (on DATABASE_URL, or the embedded database).
// `npm run migration:create` writes a new migration from the difference between the
// entities and the database into src/db/migrations (then list it in its index.ts).
const create = process.argv[2] === 'create';
let config;
try {
  config = loadConfig();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : String(err));
  process.exit(1);
}
const log = createLogger({ ...config.log, pretty: true });
const embedded = config.database.url ? undefined : await startEmbeddedDatabase(config.database.dataDir, log);
const url = config.database.url ?? embedded!.url;
try {
  await checkDatabase(url);
  const orm = await MikroORM.init(ormOptions({ url, poolMax: 1, log: (message) => log.info(message) }));
  try {
    if (create) {
      const result = await orm.migrator.create(undefined, false, !(await orm.migrator.getExecuted()).length);
      console.log(result.fileName ? `wrote ${result.fileName}` : 'no changes: the database matches the entities');
    } else {
      await withStartupLock(embedded ? undefined : url, () => migrate(orm, log));
    }
  } finally {
    await orm.close();
  }
} finally {
  await embedded?.stop();
}
