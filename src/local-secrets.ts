import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/**
 * The embedded mode needs secrets nobody configured (the JWT signing secret, the
 * credentials key). They are generated once into the data folder, readable by the owner
 * only, and reused on every start so tokens and ciphertexts stay valid.
 */
export async function loadOrCreateLocalSecret(dataDir: string, name: string, bytes = 32): Promise<{ value: string; created: boolean }> {
  const dir = resolve(dataDir, 'secrets');
  const file = join(dir, name);
  try {
    return { value: (await readFile(file, 'utf8')).trim(), created: false };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const value = randomBytes(bytes).toString('base64url');
  // 'wx' fails if another start created it meanwhile; then read that one.
  try {
    await writeFile(file, value + '\n', { mode: 0o600, flag: 'wx' });
    return { value, created: true };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return { value: (await readFile(file, 'utf8')).trim(), created: false };
  }
}

/**
 * The HS256 secret development tokens are signed with: JWT_SECRET when set, else the one
 * generated into the data folder (the embedded mode's). `npm run token` and `npm run demo`
 * both take it from here, and an embedded `npm start` reads the same file, so a token made
 * by one is accepted by the others.
 */
export async function developmentTokenSecret(jwt: { secret?: string }, dataDir: string): Promise<string> {
  return jwt.secret ?? (await loadOrCreateLocalSecret(dataDir, 'jwt-secret')).value;
}
