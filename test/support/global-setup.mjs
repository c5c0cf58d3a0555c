// Creates this run's own database on the PostgreSQL server of DATABASE_URL (default: the
// local server at 127.0.0.1:5432) and drops it in global-teardown.mjs. Tests read
// TEST_DATABASE_URL. An unreachable server fails the run at once, with one line.
import pg from 'pg';

export default async function globalSetup() {
  const server = new URL(process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres');
  const admin = new URL(server);
  admin.pathname = '/postgres';
  const name = `sutra_test_${Date.now()}_${process.pid}`;
  const client = new pg.Client({ connectionString: admin.toString(), connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${server.hostname}:${server.port || 5432} (${err.message}):` +
        ' start it, or set DATABASE_URL to a server the tests may create databases on',
      { cause: err },
    );
  }
  await client.query(`create database "${name}"`);
  await client.end();
  const test = new URL(server);
  test.pathname = `/${name}`;
  process.env.TEST_DATABASE_URL = test.toString();
  process.env.TEST_ADMIN_DATABASE_URL = admin.toString();
  process.env.TEST_DATABASE_NAME = name;
}
