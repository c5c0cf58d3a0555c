import { randomBytes } from 'node:crypto';

/** Access tokens a sandbox issued, so its API routes can tell a live token from a forged one. */
export class IssuedTokens {
  private readonly expiries = new Map<string, number>();

  issue(prefix: string, ttlSeconds: number): string {
    const token = prefix + randomBytes(24).toString('base64url');
    this.expiries.set(token, Date.now() + ttlSeconds * 1000);
    return token;
  }

  isValid(token: string | undefined): boolean {
    const expiry = token ? this.expiries.get(token) : undefined;
    return expiry !== undefined && expiry > Date.now();
  }

  revokeAll(): void {
    this.expiries.clear();
  }
}
