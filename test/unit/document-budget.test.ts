import { parse } from 'graphql';
import { checkAnonymousSource, checkFieldCount, countFields } from '../../src/graphql/document-budget.js';

describe('the field budget checked before validation', () => {
  it('counts fields through fragments, each spread as the fields it brings', () => {
    expect(countFields(parse('{ a b { c d } }'))).toBe(4);
    expect(countFields(parse('{ ...F ...F } fragment F on Query { a b }'))).toBe(2 * 2 + 2);
    expect(countFields(parse('{ ... on Query { a } x: a }'))).toBe(2);
  });

  it('counts a fragment bomb as what it would expand to, in linear time', () => {
    let doc = '{ ...F60 } fragment F0 on Query { a }\n';
    for (let i = 1; i <= 60; i++) doc += `fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }\n`;
    // 2^60 spreads: counting them one by one would outlast the test's timeout by centuries, so
    // an answer at all shows each fragment was counted once. No wall-clock bound: on a busy
    // machine one flaked at 56 ms against 50.
    expect(countFields(parse(doc))).toBeGreaterThan(2 ** 60);
  });

  it('counts unused fragments too (validation reads them) and survives cycles', () => {
    expect(countFields(parse(`{ a } fragment Unused on Query { ${'b '.repeat(10)}}`))).toBe(11);
    expect(countFields(parse('{ ...A } fragment A on Query { a ...B } fragment B on Query { b ...A }'))).toBeGreaterThan(0);
  });

  it('refuses past the limit with a validation error (HTTP 400)', () => {
    expect(() => checkFieldCount(parse(`{ ${'a '.repeat(501)}}`), 500)).toThrow(
      'The operation selects 501 fields (fragments included); at most 500 are allowed',
    );
    expect(() => checkFieldCount(parse(`{ ${'a '.repeat(500)}}`), 500)).not.toThrow();
  });

  it('lets an anonymous operation be only as long as a public one', () => {
    expect(checkAnonymousSource('{ integrationCatalog { sections { id } } }')).toBeUndefined();
    expect(checkAnonymousSource('x'.repeat(9_000))?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', http: { status: 401 } });
  });
});
