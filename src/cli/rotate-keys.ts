import { loadConfigOrExit } from '../config.js';
import { createLogger } from '../logger.js';
import { CredentialService } from '../services/credential-service.js';
import { loadKeyring } from '../services/keyring-loader.js';
import { withCliDatabase } from './cli-database.js';

// `npm run rotate-keys`: after putting a new key first in CREDENTIALS_KEYS (keeping the old
// ones after it), re-seals every stored credential under the new key. Safe while Sutra runs.
// When none is left unrotated, the old keys may be removed from CREDENTIALS_KEYS.
const config = loadConfigOrExit({ tokens: false, credentials: true });
const log = createLogger(config.log);
try {
  const keyring = await loadKeyring(config, log);
  const { rotated, failed } = await withCliDatabase(config, log, (orm) => new CredentialService(keyring).rotate(orm, log));
  log.info({ rotated, failed, keyId: keyring.currentKeyId }, `re-sealed ${rotated} credential(s) under key "${keyring.currentKeyId}"`);
  if (failed) {
    log.error(`${failed} credential(s) could not be opened with any key in CREDENTIALS_KEYS: keep the old keys until they are reconnected`);
    process.exitCode = 1;
  }
} catch (err) {
  log.fatal({ err }, 'key rotation failed');
  process.exitCode = 1;
}
