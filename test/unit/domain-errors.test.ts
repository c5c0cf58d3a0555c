import { readFileSync } from 'node:fs';
import { GraphQLError } from 'graphql';
import { InputError } from '../../src/domain/errors.js';
import { clientErrorOf } from '../../src/graphql/error-codes.js';
import * as graphqlErrors from '../../src/graphql/errors.js';

/** The errors a client is answered with: declared in one module, made one way, given their codes by one table. */
describe('the errors a client is answered with', () => {
  it('are all declared in domain/errors.ts: the table of codes maps no class from anywhere else', () => {
    const table = readFileSync('src/graphql/error-codes.ts', 'utf8');
    const mapped = [...table.matchAll(/\brule\((\w+),/g)].map((m) => m[1]!);
    const from = new Map(
      [...table.matchAll(/import\s*\{([^}]*)\}\s*from\s*'([^']+)'/g)].flatMap(([, names, module]) =>
        names!.split(',').map((n) => [n.trim().replace(/^type\s+/, ''), module!] as const),
      ),
    );
    expect(mapped.length).toBeGreaterThan(0);
    expect(mapped.filter((name) => from.get(name) !== '../domain/errors.js')).toEqual([]);
  });

  it('answer an input mistake BAD_USER_INPUT naming the argument, in its own words', () => {
    const thrown = new GraphQLError('ignored', { originalError: new InputError('first must be between 1 and 100 (got 0)', 'first'), path: ['orders'] });
    expect(clientErrorOf(thrown)).toEqual({
      message: 'first must be between 1 and 100 (got 0)',
      path: ['orders'],
      extensions: { code: 'BAD_USER_INPUT', field: 'first' },
    });
  });

  it('have no second way to be made: the GraphQL layer makes only its own UNAUTHENTICATED', () => {
    expect(Object.keys(graphqlErrors)).toEqual(['unauthenticated']);
  });
});
