import { ConfigError, loadConfig } from '../../src/config.js';

const base = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/sutra',
  JWT_SECRET: 'x'.repeat(32),
  CREDENTIALS_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`,
};

function errorOf(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('configuration', () => {
  it('runs with nothing set: embedded database, port 4000, pretty logs in development', () => {
    const c = loadConfig({});
    expect(c.database.url).toBeUndefined();
    expect(c.port).toBe(4000);
    expect(c.role).toBe('all');
    expect(c.log.pretty).toBe(true);
    expect(c.database.dataDir).toBe('./.sutra-data');
  });

  it('logs JSON in production', () => {
    expect(loadConfig({ ...base, NODE_ENV: 'production' }).log.pretty).toBe(false);
  });

  it('names the variable and the problem in one line', () => {
    const msg = errorOf({ PORT: 'eighty' });
    expect(msg).toBe('Invalid configuration: PORT must be a whole number (got "eighty")');
    expect(msg).not.toContain('\n');
    expect(errorOf({ PORT: '70000' })).toContain('PORT must be between 0 and 65535');
    expect(errorOf({ ROLE: 'both' })).toContain('ROLE must be all, api or worker');
    expect(errorOf({ REDIS_URL: 'localhost:6379' })).toContain('REDIS_URL must be a URL (redis, rediss)');
  });

  it('never echoes a secret value back', () => {
    const msg = errorOf({ JWT_SECRET: 'short-secret-value' });
    expect(msg).toContain('JWT_SECRET must be at least 32 characters');
    expect(msg).not.toContain('short-secret-value');
    expect(errorOf({ DATABASE_URL: 'mysql://root:hunter2@db/x' })).not.toContain('hunter2');
  });

  it('refuses the embedded database in production', () => {
    expect(errorOf({ NODE_ENV: 'production' })).toContain('DATABASE_URL is required when NODE_ENV=production');
  });

  it('needs a way to verify tokens when a real database is configured', () => {
    expect(errorOf({ DATABASE_URL: base.DATABASE_URL })).toContain('JWT_SECRET is required');
    expect(loadConfig({ ...base, JWT_SECRET: '', JWT_JWKS_URL: 'https://id.example.com/.well-known/jwks.json' }).jwt.jwksUrl).toBeDefined();
    expect(errorOf({ ...base, JWT_JWKS_URL: 'https://id.example.com/jwks' })).toContain('cannot be combined with JWT_SECRET');
  });

  it('needs credential keys when a real database is configured', () => {
    expect(errorOf({ ...base, CREDENTIALS_KEYS: '' })).toContain('CREDENTIALS_KEYS is required with DATABASE_URL');
  });

  it('asks a command that needs only the database for no secret the server needs', () => {
    const migrate = { tokens: false, credentials: false };
    expect(loadConfig({ DATABASE_URL: base.DATABASE_URL }, migrate).database.url).toBe(base.DATABASE_URL);
    // Key rotation needs the keys and nothing about tokens.
    const rotateKeys = { tokens: false, credentials: true };
    expect(loadConfig({ DATABASE_URL: base.DATABASE_URL, CREDENTIALS_KEYS: base.CREDENTIALS_KEYS }, rotateKeys).credentialsKeys).toBe(base.CREDENTIALS_KEYS);
    expect(() => loadConfig({ DATABASE_URL: base.DATABASE_URL }, rotateKeys)).toThrow('CREDENTIALS_KEYS is required with DATABASE_URL');
    // What is set is still checked.
    expect(() => loadConfig({ DATABASE_URL: base.DATABASE_URL, JWT_SECRET: 'short' }, migrate)).toThrow('JWT_SECRET must be at least 32 characters');
  });

  it('points every provider at its real API unless told otherwise', () => {
    const c = loadConfig({});
    expect(c.providers.amazonLwaTokenUrl).toBe('https://api.amazon.com/auth/o2/token');
    expect(c.providers.shopifyBaseUrl).toBe('https://{shop}');
    expect(loadConfig({ FLIPKART_BASE_URL: 'http://127.0.0.1:9/flipkart' }).providers.flipkartBaseUrl).toBe('http://127.0.0.1:9/flipkart');
    expect(errorOf({ SHOPIFY_BASE_URL: 'http://127.0.0.1:9/shop' })).toContain('SHOPIFY_BASE_URL must be a URL containing {shop}');
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', REDIS_URL: '' }).port).toBe(4000);
  });
});
