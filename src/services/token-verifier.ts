import { createRemoteJWKSet, jwtVerify, SignJWT, errors as joseErrors, type JWTPayload } from 'jose';
import { hasControlCharacters } from './control-characters.js';

export interface JwtSettings {
  secret?: string;
  jwksUrl?: string;
  issuer?: string;
  audience?: string;
}

export interface VerifiedToken {
  subject: string;
  email?: string;
  /** When the token stops being valid: a live websocket session ends then too. */
  expiresAt: Date;
}

/** A token that is missing, malformed, expired or signed by someone else. */
export class InvalidTokenError extends Error {
  override name = 'InvalidTokenError';
}

export type TokenVerifier = (token: string) => Promise<VerifiedToken>;

/** HS256 with a shared secret, or RS256/ES256 keys published at a JWKS URL. */
export function createTokenVerifier(jwt: JwtSettings): TokenVerifier {
  const claims = { issuer: jwt.issuer, audience: jwt.audience };
  const verify = jwt.jwksUrl
    ? (() => {
        const keys = createRemoteJWKSet(new URL(jwt.jwksUrl));
        return (token: string) => jwtVerify(token, keys, { ...claims, algorithms: ['RS256', 'ES256'], requiredClaims: ['exp'] });
      })()
    : (() => {
        if (!jwt.secret) throw new Error('JWT verification needs JWT_SECRET or JWT_JWKS_URL');
        const key = new TextEncoder().encode(jwt.secret);
        return (token: string) => jwtVerify(token, key, { ...claims, algorithms: ['HS256'], requiredClaims: ['exp'] });
      })();

  return async (token) => {
    let payload: JWTPayload;
    try {
      ({ payload } = await verify(token));
    } catch (err) {
      throw new InvalidTokenError(describeJoseError(err));
    }
    if (!payload.sub) throw new InvalidTokenError('the token has no subject (sub) claim');
    // No identity provider issues control characters in these claims (and PostgreSQL text
    // cannot hold NUL): such a token is forged or broken, refused, and logged by the caller.
    if (hasControlCharacters(payload.sub)) throw new InvalidTokenError("the token's sub claim holds control characters");
    const email = typeof payload.email === 'string' ? payload.email : undefined;
    if (email && hasControlCharacters(email)) throw new InvalidTokenError("the token's email claim holds control characters");
    // requiredClaims makes jose refuse a token without exp, so it is present here.
    return { subject: payload.sub, email, expiresAt: new Date(payload.exp! * 1000) };
  };
}

function describeJoseError(err: unknown): string {
  if (err instanceof joseErrors.JWTExpired) return 'the token has expired';
  // A session must end: a token that never expires is not accepted.
  if (err instanceof joseErrors.JWTClaimValidationFailed && err.reason === 'missing')
    return `the token has no ${err.claim} claim${err.claim === 'exp' ? ' (tokens must expire)' : ''}`;
  if (err instanceof joseErrors.JWTClaimValidationFailed) return `the token's ${err.claim} claim is not accepted`;
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'the token signature is not valid';
  if (err instanceof joseErrors.JOSEAlgNotAllowed) return 'the token is signed with an algorithm this server does not accept';
  if (err instanceof joseErrors.JWKSNoMatchingKey) return 'no published key matches the token';
  return 'the token is not a valid JWT';
}

/** A development token signed with the HS256 secret (`npm run token`, tests); it always expires (30 days unless told). */
export async function signToken(
  secret: string,
  subject: string,
  opts: { issuer?: string; audience?: string; expiresIn?: string; email?: string } = {},
): Promise<string> {
  let jwt = new SignJWT(opts.email ? { email: opts.email } : {})
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(subject)
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '30d');
  if (opts.issuer) jwt = jwt.setIssuer(opts.issuer);
  if (opts.audience) jwt = jwt.setAudience(opts.audience);
  return jwt.sign(new TextEncoder().encode(secret));
}
