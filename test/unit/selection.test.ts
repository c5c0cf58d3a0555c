import { buildSchema, execute, parse, type GraphQLResolveInfo } from 'graphql';
import { selects } from '../../src/graphql/selection.js';

const schema = buildSchema(
  'type Query { orders: Conn } type Conn { totalCount: Int edges: [Edge] } type Edge { node: Order } type Order { id: ID items: [Int] }',
);

/** The resolve info `orders` gets for this operation. */
function infoFor(query: string): GraphQLResolveInfo {
  let info: GraphQLResolveInfo | undefined;
  execute({ schema, document: parse(query), rootValue: { orders: (_a: unknown, _c: unknown, i: GraphQLResolveInfo) => ((info = i), null) } });
  return info!;
}

describe('what an operation asks for under a field', () => {
  it('sees fields through aliases, inline fragments and named fragments', () => {
    expect(selects(infoFor('{ orders { n: totalCount } }'), ['totalCount'])).toBe(true);
    expect(selects(infoFor('{ orders { ... on Conn { edges { node { items } } } } }'), ['edges', 'node', 'items'])).toBe(true);
    expect(
      selects(infoFor('{ orders { ...C } } fragment C on Conn { edges { ...N } } fragment N on Edge { node { items } }'), ['edges', 'node', 'items']),
    ).toBe(true);
  });

  it('does not see what is not asked for', () => {
    const info = infoFor('{ orders { edges { node { id } } } }');
    expect(selects(info, ['totalCount'])).toBe(false);
    expect(selects(info, ['edges', 'node', 'items'])).toBe(false);
    expect(selects(info, ['edges', 'node', 'id'])).toBe(true);
  });
});
