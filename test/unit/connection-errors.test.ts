import { DriverException } from '@mikro-orm/core';
import { isDatabaseUnavailable } from '../../src/db/connection-errors.js';

describe('telling a lost database from a wrong statement', () => {
  it('recognises pg and socket errors, also wrapped by MikroORM', () => {
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toBe(true);
    expect(isDatabaseUnavailable(new DriverException(Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })))).toBe(
      true,
    );
    expect(isDatabaseUnavailable(new Error('query failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }))).toBe(true);
  });

  it('leaves statement errors alone', () => {
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key value'), { code: '23505' }))).toBe(false);
    expect(isDatabaseUnavailable(new Error('numeric field overflow'))).toBe(false);
    expect(isDatabaseUnavailable('Connection terminated')).toBe(false);
  });
});
