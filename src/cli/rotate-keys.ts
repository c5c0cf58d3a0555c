import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { startEmbeddedDatabase } from '../db/embedded.js';
import { createLogger } from '../logger.js';
import { CredentialService } from '../services/credential-service.js';
import { CredentialKeyError } from '../services/credential-vault.js';
import { loadKeyring } from '../services/keyring-loader.js';

// `npm run rotate-keys`: after putting a new key first in CREDENTIALS_KEYS (keeping the old
// ones after it), re-seals every stored credential under the new key. Safe while Sutra runs.
// When it reports 0 left, the old keys may be removed from CREDENTIALS_KEYS.
let config;
try {
  config = loadConfig();
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : String(err));
  process.exit(1);
}
const log = createLogger({ ...config.log, pretty: config.log.pretty });
const embedded = config.database.url ? undefined : await startEmbeddedDatabase(config.database.dataDir, log);
try {
  const keyring = await loadKeyring(config, log);
  const orm = await openDatabase({ url: config.database.url ?? embedded!.url, poolMax: 1 }, log);
  try {
    const { rotated, failed } = await new CredentialService(keyring).rotate(orm, log);
    log.info({ rotated, failed, keyId: keyring.currentKeyId }, `re-sealed ${rotated} credential(s) under key "${keyring.currentKeyId}"`);
    if (failed) {
      log.error(`${failed} credential(s) could not be opened with any key in CREDENTIALS_KEYS: keep the old keys until they are reconnected`);
      process.exitCode = 1;
    }
  } finally {
    await orm.close();
  }
} catch (err) {
  log.fatal(err instanceof CredentialKeyError ? err.message : { err }, 'key rotation failed');
  process.exitCode = 1;
} finally {
  await embedded?.stop();
}
