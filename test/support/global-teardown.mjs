import pg from 'pg';

export default async function globalTeardown() {
  const name = process.env.TEST_DATABASE_NAME;
  if (!name || process.env.KEEP_TEST_DATABASE) return;
  const client = new pg.Client({ connectionString: process.env.TEST_ADMIN_DATABASE_URL });
  await client.connect();
  // The run's own databases too (support/database.ts names them after it), should a test have left one.
  const { rows } = await client.query('select datname from pg_database where starts_with(datname, $1)', [`${name}_`]);
  for (const { datname } of rows) await client.query(`drop database if exists "${datname}" with (force)`);
  await client.query(`drop database if exists "${name}" with (force)`);
  await client.end();
}
