import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pg from 'pg';
import { createOwnDatabase } from '../support/database.js';

/**
 * `npm run migrate` against a real PostgreSQL, as the README's deployment steps run it before
 * anything else is configured: migrations need the database and nothing more.
 */
describe('npm run migrate', () => {
  let database: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    database = await createOwnDatabase('migrate_cli');
  });
  afterAll(() => database.drop());

  it('runs with only DATABASE_URL set: no JWT_SECRET, no CREDENTIALS_KEYS', async () => {
    const { JWT_SECRET: _, JWT_JWKS_URL: __, CREDENTIALS_KEYS: ___, NODE_ENV: ____, ...rest } = process.env;
    const run = await promisify(execFile)(process.execPath, ['dist/cli/migrate.js'], { env: { ...rest, DATABASE_URL: database.url, LOG_LEVEL: 'info' } });
    expect(run.stderr).not.toMatch(/Invalid configuration/);

    const client = new pg.Client({ connectionString: database.url });
    await client.connect();
    try {
      const applied = await client.query<{ n: number }>('select count(*)::int as n from mikro_orm_migrations');
      const tables = await client.query<{ table_name: string }>(
        "select table_name from information_schema.tables where table_schema = 'public' and table_name in ('orders', 'provider_credentials', 'sync_jobs')",
      );
      expect(applied.rows[0]!.n).toBeGreaterThan(0);
      expect(tables.rows.map((t) => t.table_name).sort()).toEqual(['orders', 'provider_credentials', 'sync_jobs']);
    } finally {
      await client.end();
    }
  });
});
