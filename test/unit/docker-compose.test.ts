import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { loadConfig } from '../../src/config.js';

/**
 * There is no Docker engine here to run docker-compose.yml, so its Sutra services are
 * checked against the configuration schema itself: the environment compose would give them
 * (with the secrets a user puts in .env) must be a complete production configuration.
 */
type Service = { environment?: Record<string, string>; healthcheck?: { test: string[] }; profiles?: string[] };
const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true }) as { services: Record<string, Service> };

/** Compose's interpolation: ${X:?message} needs X from .env; ${X:-default} falls back. */
function interpolate(value: string, dotEnv: Record<string, string>): string {
  return value.replace(/\$\{(\w+)(?::([?-])([^}]*))?\}/g, (_m, name: string, op?: string, arg?: string) => {
    if (dotEnv[name] !== undefined) return dotEnv[name]!;
    if (op === '?') throw new Error(`compose stops: ${name} is unset (${arg})`);
    return op === '-' ? arg! : '';
  });
}

const dotEnv = { JWT_SECRET: 'x'.repeat(32), CREDENTIALS_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}` };

describe('docker-compose.yml', () => {
  it.each(['sutra', 'sutra-mongo'])('%s gets every variable production requires, and a healthcheck', (name) => {
    const service = compose.services[name]!;
    const env = Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v), dotEnv)]));
    const config = loadConfig(env);
    expect(config.nodeEnv).toBe('production');
    expect(config.database.url).toMatch(/^postgres:/);
    expect(service.healthcheck?.test.join(' ')).toMatch(/readyz/);
  });

  it('the mongo profile keeps the job queue in MongoDB', () => {
    const service = compose.services['sutra-mongo']!;
    expect(service.profiles).toEqual(['mongo']);
    expect(loadConfig(Object.fromEntries(Object.entries(service.environment!).map(([k, v]) => [k, interpolate(String(v), dotEnv)]))).agendaMongoUrl).toMatch(
      /^mongodb:/,
    );
  });

  it('stops with a message when a required secret is missing from .env', () => {
    expect(() => interpolate(compose.services.sutra!.environment!.CREDENTIALS_KEYS!, {})).toThrow(/CREDENTIALS_KEYS/);
  });
});
