import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptedValue } from '../domain/encrypted-value.js';

/**
 * AES-256-GCM with a versioned keyring. The first key seals; every key opens, so keys
 * rotate without downtime (add a new first key, run `npm run rotate-keys`, then drop the
 * old one). Each value gets a fresh 96-bit nonce, and is bound by additional
 * authenticated data to the row it belongs to: moved to another user or provider, it
 * no longer opens.
 */

const KEY_BYTES = 32;
const NONCE_BYTES = 12;

export interface Keyring {
  currentKeyId: string;
  keys: ReadonlyMap<string, Buffer>;
}

export class CredentialKeyError extends Error {
  override name = 'CredentialKeyError';
}

/** A value that does not open: unknown key, or not sealed for this row (or tampered with). */
export class CredentialDecryptError extends Error {
  override name = 'CredentialDecryptError';
}

/** Parses `kid:base64key[,kid:base64key…]`; messages name the entry, never the key. */
export function parseKeyring(spec: string): Keyring {
  const keys = new Map<string, Buffer>();
  let currentKeyId: string | undefined;
  for (const [i, entry] of spec
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)
    .entries()) {
    const sep = entry.indexOf(':');
    const kid = entry.slice(0, sep);
    if (sep < 1 || !/^[A-Za-z0-9_.-]{1,32}$/.test(kid))
      throw new CredentialKeyError(`CREDENTIALS_KEYS entry ${i + 1} must look like "<key id>:<base64 of 32 bytes>"`);
    const key = Buffer.from(entry.slice(sep + 1), 'base64');
    if (key.length !== KEY_BYTES) throw new CredentialKeyError(`CREDENTIALS_KEYS key "${kid}" must be 32 bytes, base64-encoded (openssl rand -base64 32)`);
    if (keys.has(kid)) throw new CredentialKeyError(`CREDENTIALS_KEYS names key "${kid}" twice`);
    keys.set(kid, key);
    currentKeyId ??= kid;
  }
  if (!currentKeyId) throw new CredentialKeyError('CREDENTIALS_KEYS must hold at least one "<key id>:<base64 key>"');
  return { currentKeyId, keys };
}

/** What a sealed value belongs to; it becomes the GCM additional authenticated data. */
export interface SealContext {
  purpose: 'credential';
  userId: string;
  providerId: string;
}

const aad = (c: SealContext) => Buffer.from(`sutra:v1:${c.purpose}:${c.userId}:${c.providerId}`, 'utf8');

export function seal(keyring: Keyring, plaintext: string, context: SealContext): EncryptedValue {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', keyring.keys.get(keyring.currentKeyId)!, nonce);
  cipher.setAAD(aad(context));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return { keyId: keyring.currentKeyId, nonce, ciphertext, authTag: cipher.getAuthTag() };
}

export function open(keyring: Keyring, value: EncryptedValue, context: SealContext): string {
  const key = keyring.keys.get(value.keyId);
  if (!key) throw new CredentialDecryptError(`sealed with key "${value.keyId}", which is not in CREDENTIALS_KEYS`);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, value.nonce);
    decipher.setAAD(aad(context));
    decipher.setAuthTag(value.authTag);
    return Buffer.concat([decipher.update(value.ciphertext), decipher.final()]).toString('utf8');
  } catch {
    throw new CredentialDecryptError(`the stored ${context.purpose} for ${context.providerId} does not open: it was not sealed for this row or was altered`);
  }
}

/** A fresh key entry for CREDENTIALS_KEYS. */
export function newKeyEntry(keyId: string): string {
  return `${keyId}:${randomBytes(KEY_BYTES).toString('base64')}`;
}
