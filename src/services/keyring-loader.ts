import type { Config } from '../config.js';
import { loadOrCreateLocalSecret } from '../local-secrets.js';
import type { Logger } from '../logger.js';
import { parseKeyring, type Keyring } from './credential-vault.js';

/**
 * CREDENTIALS_KEYS, or in the embedded mode a key generated once into the data folder.
 * (Config refuses a real database without CREDENTIALS_KEYS.)
 */
export async function loadKeyring(config: Config, log: Logger): Promise<Keyring> {
  if (config.credentialsKeys) return parseKeyring(config.credentialsKeys);
  const { value, created } = await loadOrCreateLocalSecret(config.database.dataDir, 'credentials-key');
  log.info(
    { dataDir: config.database.dataDir, created },
    'embedded mode seals credentials with a key kept in the data folder; set CREDENTIALS_KEYS for a real deployment',
  );
  return parseKeyring(`local:${Buffer.from(value, 'base64url').toString('base64')}`);
}
