import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { createTokenVerifier, InvalidTokenError, signToken } from '../../src/services/token-verifier.js';

const SECRET = 'a-development-secret-of-at-least-32-chars';
type SigningKey = Parameters<SignJWT['sign']>[0];

describe('HS256 tokens', () => {
  const verify = createTokenVerifier({ secret: SECRET });

  it('accepts a token signed with the secret and returns its subject', async () => {
    const token = await signToken(SECRET, 'user-42', { email: 'asha@example.in' });
    await expect(verify(token)).resolves.toMatchObject({ subject: 'user-42', email: 'asha@example.in' });
  });

  it('rejects another secret, an expired token, and garbage, each with a reason', async () => {
    await expect(verify(await signToken('another-secret-of-at-least-32-characters', 'u'))).rejects.toThrow('the token signature is not valid');
    const expired = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('u')
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(SECRET));
    await expect(verify(expired)).rejects.toThrow('the token has expired');
    await expect(verify('not.a.jwt')).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('checks issuer and audience when configured', async () => {
    const strict = createTokenVerifier({ secret: SECRET, issuer: 'https://id.sutra.test', audience: 'sutra' });
    await expect(strict(await signToken(SECRET, 'u', { issuer: 'https://id.sutra.test', audience: 'sutra' }))).resolves.toMatchObject({ subject: 'u' });
    await expect(strict(await signToken(SECRET, 'u', { issuer: 'https://evil.test', audience: 'sutra' }))).rejects.toThrow(
      "the token's iss claim is not accepted",
    );
  });

  it('rejects a token without a subject', async () => {
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setExpirationTime('1h').sign(new TextEncoder().encode(SECRET));
    await expect(verify(token)).rejects.toThrow('no subject');
  });
});

describe('tokens from a JWKS (RS256 / ES256)', () => {
  let server: Server;
  let jwksUrl: string;
  let rsa: Awaited<ReturnType<typeof generateKeyPair>>;
  let ec: Awaited<ReturnType<typeof generateKeyPair>>;

  beforeAll(async () => {
    rsa = await generateKeyPair('RS256');
    ec = await generateKeyPair('ES256');
    const keys = [
      { ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' },
      { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' },
    ];
    server = createServer((_req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ keys }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });
  afterAll(() => new Promise((r) => server.close(r)));

  it('verifies RS256 and ES256 tokens against the published keys', async () => {
    const verify = createTokenVerifier({ jwksUrl, issuer: 'https://id.example.com', audience: 'sutra-api' });
    const sign = (alg: string, kid: string, key: SigningKey) =>
      new SignJWT({})
        .setProtectedHeader({ alg, kid })
        .setSubject(`by-${alg}`)
        .setIssuer('https://id.example.com')
        .setAudience('sutra-api')
        .setExpirationTime('5m')
        .sign(key);
    await expect(verify(await sign('RS256', 'rsa-1', rsa.privateKey as SigningKey))).resolves.toMatchObject({ subject: 'by-RS256' });
    await expect(verify(await sign('ES256', 'ec-1', ec.privateKey as SigningKey))).resolves.toMatchObject({ subject: 'by-ES256' });
  });

  it('refuses HS256 tokens when keys come from a JWKS', async () => {
    const verify = createTokenVerifier({ jwksUrl });
    await expect(verify(await signToken(SECRET, 'u'))).rejects.toThrow(InvalidTokenError);
  });
});
