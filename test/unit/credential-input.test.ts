import { getProvider } from '../../src/providers/registry.js';
import { CredentialInputError } from '../../src/domain/errors.js';
import { validateCredentialInput } from '../../src/services/credential-input.js';

const amazon = getProvider('amazon')!;
const good = {
  lwa_client_id: 'amzn1.application-oa2-client.abc123',
  lwa_client_secret: 'very-secret-value',
  refresh_token: 'Atzr|IwEBIA',
  selling_partner_id: 'A2EUQ1WTGCTBG2',
  marketplace_id: 'A21TJRUUN4KGV',
};

function problems(input: Record<string, unknown>) {
  try {
    validateCredentialInput(amazon, input);
  } catch (err) {
    expect(err).toBeInstanceOf(CredentialInputError);
    return (err as CredentialInputError).problems;
  }
  throw new Error('expected a CredentialInputError');
}

describe('credential input', () => {
  it('accepts good fields, trimmed', () => {
    expect(validateCredentialInput(amazon, { ...good, selling_partner_id: '  A2EUQ1WTGCTBG2 ' }).selling_partner_id).toBe('A2EUQ1WTGCTBG2');
  });

  it('names every missing, empty, unknown and malformed field at once', () => {
    const found = problems({ ...good, lwa_client_secret: '', refresh_token: undefined, marketplace_id: 'india', region: 'eu' });
    expect(found.map((p) => p.field).sort()).toEqual(['lwa_client_secret', 'marketplace_id', 'refresh_token', 'region']);
    expect(found.find((p) => p.field === 'region')!.message).toBe(
      'region is not a Amazon field (expected lwa_client_id, lwa_client_secret, refresh_token, selling_partner_id, marketplace_id)',
    );
    expect(found.find((p) => p.field === 'marketplace_id')!.message).toContain('looks like A21TJRUUN4KGV (got "india")');
    expect(found.find((p) => p.field === 'refresh_token')!.message).toBe('refresh_token (Refresh token) is required');
  });

  it('never repeats a secret value in a message', () => {
    const found = problems({ ...good, refresh_token: 'not-an-amazon-token-s3cr3t' });
    expect(found[0]!.message).not.toContain('s3cr3t');
  });

  it('rejects values that are not text', () => {
    expect(problems({ ...good, marketplace_id: 42 })[0]!.message).toBe('marketplace_id must be text');
  });

  it('checks selects and emails', () => {
    expect(() => validateCredentialInput(getProvider('delhivery')!, { api_token: 't', pickup_location: 'WH', environment: 'prod' })).toThrow(
      'environment must be one of production, staging',
    );
    expect(() => validateCredentialInput(getProvider('selloship')!, { username: 'seller', password: 'p' })).toThrow('username must be an email address');
  });
});
