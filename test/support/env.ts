import { loadConfig, type Config } from '../../src/config.js';

export const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256-signing';
/** Two keys, so tests can see rotation: "t2" seals, both open. */
export const TEST_CREDENTIALS_KEYS = `t2:${Buffer.alloc(32, 2).toString('base64')},t1:${Buffer.alloc(32, 1).toString('base64')}`;

export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (npm test)');
  return url;
}

/** The configuration a test server runs with, plus any overrides. */
export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: testDatabaseUrl(),
    DATABASE_POOL_MAX: '4',
    JWT_SECRET: TEST_JWT_SECRET,
    CREDENTIALS_KEYS: TEST_CREDENTIALS_KEYS,
    JOB_LOCK_LIFETIME_MS: '4000',
    ORDER_SYNC_INTERVAL: 'off',
    SHIPMENT_SYNC_INTERVAL: 'off',
    ...overrides,
  });
}
