import { ConfigError, loadTokenSettings } from '../config.js';
import { developmentTokenSecret } from '../local-secrets.js';
import { signToken } from '../services/token-verifier.js';

// `npm run token -- <userId> [--expires 30d]`: a development token for the configured
// HS256 secret, or for the embedded mode's own secret in the data folder (which `npm start`
// and `npm run demo` accept too). It reads only the JWT settings: nothing else
// (CREDENTIALS_KEYS, DATABASE_URL …) is needed to sign a token.
const [userId, ...rest] = process.argv.slice(2);
if (!userId || userId.startsWith('-')) {
  console.error('usage: npm run token -- <userId> [--expires 30d]');
  process.exit(2);
}
const expiresIndex = rest.indexOf('--expires');
const expiresIn = expiresIndex >= 0 ? rest[expiresIndex + 1] : undefined;

let settings: ReturnType<typeof loadTokenSettings>;
try {
  settings = loadTokenSettings();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}
if (settings.jwt.jwksUrl) {
  console.error('JWT_JWKS_URL is set: tokens come from your identity provider, not from Sutra');
  process.exit(2);
}
const secret = await developmentTokenSecret(settings.jwt, settings.dataDir);
console.log(await signToken(secret, userId, { issuer: settings.jwt.issuer, audience: settings.jwt.audience, expiresIn }));
