import { loadConfig } from '../../src/config.js';

const deployment = {
  DATABASE_URL: 'postgres://postgres@db:5432/sutra',
  JWT_SECRET: 'x'.repeat(32),
  CREDENTIALS_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`,
};

describe('the mode Sutra runs in', () => {
  it('is production when NODE_ENV is unset and a real database is configured', () => {
    const c = loadConfig(deployment);
    expect(c.nodeEnv).toBe('production');
    expect(c.log.pretty).toBe(false);
  });

  it('is development with the embedded database, and whatever NODE_ENV says when it is set', () => {
    expect(loadConfig({}).nodeEnv).toBe('development');
    expect(loadConfig({ ...deployment, NODE_ENV: 'development' }).nodeEnv).toBe('development');
    expect(loadConfig({ ...deployment, NODE_ENV: '' }).nodeEnv).toBe('production');
  });
});
