import { writeFile } from 'node:fs/promises';
import { schemaSdl } from '../graphql/schema.js';

// `npm run schema`: rewrites schema.graphql from the TypeGraphQL classes.
await writeFile('schema.graphql', await schemaSdl());
console.log('wrote schema.graphql');
