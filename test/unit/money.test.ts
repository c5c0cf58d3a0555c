import { balancingDiscount, splitLine } from '../../src/providers/money.js';

/** A line's amounts as every normalizer stores them: unit × quantity − discount is the line, to the paisa. */
describe('splitting a line into a unit price and a discount', () => {
  const net = ({ unitPrice, discount }: { unitPrice: string; discount: string }, quantity: number) =>
    Math.round(Number(unitPrice) * 100) * quantity - Math.round(Number(discount) * 100);

  it('rounds the unit price up and puts what rounding added into the discount', () => {
    expect(splitLine('100.00', 3)).toEqual({ unitPrice: '33.34', discount: '0.02' });
    expect(net(splitLine('100.00', 3), 3)).toBe(10_000);
  });

  it('keeps the line’s own discount on top', () => {
    expect(splitLine('1099.99', 7, '110.00')).toEqual({ unitPrice: '157.15', discount: '110.06' });
    expect(net(splitLine('1099.99', 7, '110.00'), 7)).toBe(98_999);
  });

  it('leaves an even split alone', () => {
    expect(splitLine('499.50', 3)).toEqual({ unitPrice: '166.50', discount: '0.00' });
    expect(splitLine('0.00', 2)).toEqual({ unitPrice: '0.00', discount: '0.00' });
  });

  it('holds for every amount and quantity tried', () => {
    for (let paise = 1; paise < 5_000; paise += 7)
      for (let quantity = 1; quantity <= 9; quantity++) {
        const gross = (paise / 100).toFixed(2);
        expect(net(splitLine(gross, quantity), quantity)).toBe(paise);
      }
  });

  it('balances a unit price computed elsewhere (a price without its tax)', () => {
    expect(balancingDiscount('89.29', 3, '267.86')).toBe('0.01');
  });
});
