import { DecimalScalar } from '../../src/graphql/scalars.js';

describe('Decimal scalar', () => {
  it('keeps money as exact strings', () => {
    expect(DecimalScalar.parseValue('1249.50')).toBe('1249.50');
    expect(DecimalScalar.parseValue('0.1')).toBe('0.1');
    expect(DecimalScalar.serialize('99999999999.99')).toBe('99999999999.99');
  });

  it('rejects what is not a decimal number, saying what to send', () => {
    expect(() => DecimalScalar.parseValue('12,49')).toThrow('Decimal must be a decimal number written as a string, such as "1249.50"');
    expect(() => DecimalScalar.parseValue('1e3')).toThrow();
    expect(() => DecimalScalar.parseValue('')).toThrow();
    expect(() => DecimalScalar.parseValue({})).toThrow();
  });
});
