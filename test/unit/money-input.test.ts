import { InputError } from '../../src/domain/errors.js';
import { checkMoneyPlaces, currencyPlaces } from '../../src/services/money-input.js';
import { DecimalScalar } from '../../src/graphql/scalars.js';

describe('money inputs', () => {
  it('knows how many places a currency has, within the two the columns store', () => {
    expect(currencyPlaces('INR')).toBe(2);
    expect(currencyPlaces('JPY')).toBe(0);
    expect(currencyPlaces('KWD')).toBe(2);
  });

  it('refuses more places than the currency has, naming the field, and accepts trailing zeros', () => {
    expect(() => checkMoneyPlaces('1.999999', 'INR', 'cost')).toThrow('cost has 6 decimal places; INR amounts have at most 2');
    expect(() => checkMoneyPlaces('1.990000', 'INR', 'cost')).not.toThrow();
    expect(() => checkMoneyPlaces('1200.5', 'JPY', 'cost')).toThrow(InputError);
    expect(() => checkMoneyPlaces('1200', 'JPY', 'cost')).not.toThrow();
  });

  it('refuses a Decimal wider than numeric(14,2) holds, and float noise', () => {
    expect(DecimalScalar.parseValue('999999999999.99')).toBe('999999999999.99');
    expect(() => DecimalScalar.parseValue('1000000000000')).toThrow('Decimal may have at most 12 digits before the point (got 13)');
    expect(DecimalScalar.parseValue('000000000000012.5')).toBe('000000000000012.5');
    expect(() => DecimalScalar.parseValue(0.1 + 0.2)).toThrow('at most 6 digits after the point');
  });
});
