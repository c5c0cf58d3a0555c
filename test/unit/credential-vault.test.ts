import { CredentialDecryptError, CredentialKeyError, newKeyEntry, open, parseKeyring, seal } from '../../src/services/credential-vault.js';

const ctx = { purpose: 'credential' as const, userId: 'user-a', providerId: 'amazon' };
const secret = JSON.stringify({ lwa_client_secret: 'amzn1.oa2-cs.v1.s3cr3t', refresh_token: 'Atzr|IwEBIA-refresh' });

describe('credential vault (AES-256-GCM)', () => {
  const ring = parseKeyring(`${newKeyEntry('k2')},${newKeyEntry('k1')}`);

  it('opens what it sealed, and the ciphertext does not contain the secret', () => {
    const value = seal(ring, secret, ctx);
    expect(value.keyId).toBe('k2');
    expect(value.nonce).toHaveLength(12);
    expect(value.authTag).toHaveLength(16);
    expect(value.ciphertext.toString('utf8')).not.toContain('s3cr3t');
    expect(value.ciphertext.toString('base64')).not.toContain(Buffer.from('s3cr3t').toString('base64'));
    expect(open(ring, value, ctx)).toBe(secret);
  });

  it('uses a fresh nonce every time', () => {
    const a = seal(ring, secret, ctx);
    const b = seal(ring, secret, ctx);
    expect(a.nonce.equals(b.nonce)).toBe(false);
    expect(a.ciphertext.equals(b.ciphertext)).toBe(false);
  });

  it('refuses a value moved to another user or provider', () => {
    const value = seal(ring, secret, ctx);
    expect(() => open(ring, value, { ...ctx, userId: 'user-b' })).toThrow(CredentialDecryptError);
    expect(() => open(ring, value, { ...ctx, providerId: 'flipkart' })).toThrow(CredentialDecryptError);
  });

  it('detects tampering', () => {
    const value = seal(ring, secret, ctx);
    value.ciphertext[0]! ^= 1;
    expect(() => open(ring, value, ctx)).toThrow(CredentialDecryptError);
  });

  it('opens values sealed under an older key still in the ring (rotation)', () => {
    const old = parseKeyring(ring.keys.has('k1') ? `k1:${ring.keys.get('k1')!.toString('base64')}` : '');
    const value = seal(old, secret, ctx);
    expect(value.keyId).toBe('k1');
    expect(open(ring, value, ctx)).toBe(secret);
  });

  it('says which key is missing, without leaking anything', () => {
    const value = seal(ring, secret, ctx);
    const other = parseKeyring(newKeyEntry('k9'));
    expect(() => open(other, value, ctx)).toThrow('sealed with key "k2", which is not in CREDENTIALS_KEYS');
  });

  it('validates CREDENTIALS_KEYS with messages that never contain key material', () => {
    expect(() => parseKeyring('')).toThrow(CredentialKeyError);
    expect(() => parseKeyring('k1:c2hvcnQ=')).toThrow('CREDENTIALS_KEYS key "k1" must be 32 bytes');
    expect(() => parseKeyring('no-separator')).toThrow('entry 1 must look like');
    const entry = newKeyEntry('dup');
    expect(() => parseKeyring(`${entry},${entry}`)).toThrow('names key "dup" twice');
    try {
      parseKeyring('k1:c2hvcnQ=');
    } catch (err) {
      expect((err as Error).message).not.toContain('c2hvcnQ=');
    }
  });
});
