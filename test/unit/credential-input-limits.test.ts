import { getProvider } from '../../src/providers/registry.js';
import { CredentialInputError } from '../../src/domain/errors.js';
import { validateCredentialInput } from '../../src/services/credential-input.js';

const flipkart = getProvider('flipkart')!;
const good = { app_id: 'app-1', app_secret: 'secret-1', location_id: 'LOC1' };

function problems(input: Record<string, unknown>) {
  try {
    validateCredentialInput(flipkart, input);
  } catch (err) {
    expect(err).toBeInstanceOf(CredentialInputError);
    return (err as CredentialInputError).problems;
  }
  throw new Error('expected a CredentialInputError');
}

describe('credential input a client got wrong', () => {
  it('names an unknown key without echoing all of it, and lists only the first few', () => {
    const found = problems({ ...good, ['x'.repeat(100_000)]: 'v', ...Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`extra${i}`, 'v'])) });
    expect(found).toHaveLength(6);
    expect(found[0]!.field).toBe(`${'x'.repeat(40)}…`);
    expect(found.at(-1)!.message).toBe("and 6 more fields that are not Flipkart's");
    expect(JSON.stringify(found).length).toBeLessThan(2_000);
  });

  it('refuses control characters in a value, without repeating it', () => {
    const found = problems({ ...good, app_secret: 'sec\u0000ret' });
    expect(found).toEqual([{ field: 'app_secret', message: 'app_secret contains control characters (a NUL byte or similar): paste the value again' }]);
  });
});
