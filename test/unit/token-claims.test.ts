import { SignJWT } from 'jose';
import { createTokenVerifier, signToken } from '../../src/services/token-verifier.js';

const SECRET = 'a-development-secret-of-at-least-32-chars';
const key = new TextEncoder().encode(SECRET);

describe('the claims a token must carry', () => {
  const verify = createTokenVerifier({ secret: SECRET });

  it('refuses a token without exp: a session must end', async () => {
    const forever = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('u').sign(key);
    await expect(verify(forever)).rejects.toThrow('the token has no exp claim (tokens must expire)');
  });

  it('hands back when the token expires', async () => {
    const exp = Math.floor(Date.now() / 1000) + 600;
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setExpirationTime(exp).sign(key);
    await expect(verify(token)).resolves.toMatchObject({ subject: 'u', expiresAt: new Date(exp * 1000) });
  });

  it('always puts an exp into the tokens it signs (npm run token)', async () => {
    const { expiresAt } = await verify(await signToken(SECRET, 'u'));
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now());
  });

  it('refuses control characters in sub and email', async () => {
    const nul = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('a\u0000b').setExpirationTime('1h').sign(key);
    await expect(verify(nul)).rejects.toThrow("the token's sub claim holds control characters");
    const email = await new SignJWT({ email: 'a@b.in\u0000' }).setProtectedHeader({ alg: 'HS256' }).setSubject('u').setExpirationTime('1h').sign(key);
    await expect(verify(email)).rejects.toThrow("the token's email claim holds control characters");
  });
});
