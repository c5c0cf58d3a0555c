import 'reflect-metadata';
import { loadConfig } from './src/config.js';
import { ormOptions } from './src/db/orm-options.js';

// For MikroORM's own CLI (`npx mikro-orm ...`) against DATABASE_URL; the app builds the
// same options in src/db/orm-options.ts.
const config = loadConfig();
if (!config.database.url) throw new Error('set DATABASE_URL to use the MikroORM CLI');
export default ormOptions({ url: config.database.url, poolMax: 2 });
