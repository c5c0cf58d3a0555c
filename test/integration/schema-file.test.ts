import { readFile } from 'node:fs/promises';
import { CriticalityLevel, diff } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';
import { schemaSdl } from '../../src/graphql/schema.js';

describe('schema.graphql', () => {
  it('is what the TypeGraphQL classes generate (run `npm run schema` after changing them)', async () => {
    const committed = await readFile('schema.graphql', 'utf8');
    expect(committed).toBe(await schemaSdl());
  });

  // Clients rely on the released schema: fields, arguments and values may be added, never
  // removed, renamed or made stricter. schema.released.graphql is the schema of the last
  // release; after a deliberate, announced break, replace it.
  it('breaks nothing a client of the last released schema relies on', async () => {
    const released = buildSchema(await readFile('schema.released.graphql', 'utf8'));
    const current = buildSchema(await readFile('schema.graphql', 'utf8'));
    const breaking = (await diff(released, current)).filter((c) => c.criticality.level === CriticalityLevel.Breaking).map((c) => c.message);
    expect(breaking).toEqual([]);
  });
});
