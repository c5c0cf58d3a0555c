import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const DIR = 'src/db/migrations';

// Static imports and re-exports, side-effect imports, and dynamic imports.
const SPECIFIERS = [/\b(?:import|export)\s[^;]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]/g];

const allowed = (specifier: string) => /^@mikro-orm\//.test(specifier) || specifier === 'kysely' || /^\.\/Migration\d{14}\.js$/.test(specifier);

/**
 * A migration is history: it carries its own SQL, so a later change to the live code (a
 * service's rule, an entity) cannot change what an old migration does to a database that
 * runs it today. It may import the migration framework, the query builder and its sibling
 * migrations, nothing else.
 */
describe('the migrations', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.ts'));

  it('are there to check', () => {
    expect(files.filter((f) => /^Migration\d{14}\.ts$/.test(f)).length).toBeGreaterThan(0);
  });

  it.each(files)('%s imports no live code', (file) => {
    const source = readFileSync(join(DIR, file), 'utf8');
    const imported = SPECIFIERS.flatMap((pattern) => [...source.matchAll(pattern)].map((m) => m[1]!));
    expect(imported.filter((specifier) => !allowed(specifier))).toEqual([]);
  });
});
