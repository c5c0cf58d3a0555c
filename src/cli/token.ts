import { loadConfigOrExit } from '../config.js';
import { loadOrCreateLocalSecret } from '../local-secrets.js';
import { signToken } from '../services/token-verifier.js';

// `npm run token -- <userId> [--expires 30d]`: a development token for the configured
// HS256 secret, or for the embedded mode's own secret in the data folder.
const [userId, ...rest] = process.argv.slice(2);
if (!userId || userId.startsWith('-')) {
  console.error('usage: npm run token -- <userId> [--expires 30d]');
  process.exit(2);
}
const expiresIndex = rest.indexOf('--expires');
const expiresIn = expiresIndex >= 0 ? rest[expiresIndex + 1] : undefined;

const config = loadConfigOrExit();
if (config.jwt.jwksUrl) {
  console.error('JWT_JWKS_URL is set: tokens come from your identity provider, not from Sutra');
  process.exit(2);
}
const secret = config.jwt.secret ?? (await loadOrCreateLocalSecret(config.database.dataDir, 'jwt-secret')).value;
console.log(await signToken(secret, userId, { issuer: config.jwt.issuer, audience: config.jwt.audience, expiresIn }));
