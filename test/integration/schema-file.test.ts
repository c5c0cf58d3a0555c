import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { schemaSdl } from '../../src/graphql/schema.js';

describe('schema.graphql', () => {
  it('is what the TypeGraphQL classes generate (run `npm run schema` after changing them)', async () => {
    const committed = await readFile('schema.graphql', 'utf8');
    expect(committed).toBe(await schemaSdl());
  });

  it('honours the shared contract (../shared/api/contract.graphql)', async () => {
    const run = promisify(execFile);
    const result = await run(process.execPath, ['../shared/tools/check-contract.mjs', 'schema.graphql']).catch((err) => err);
    expect(result.stderr + result.stdout).not.toMatch(/missing|lacks|contract .*, schema|new required argument/);
    expect(result.code ?? 0).toBe(0);
  });
});
