import { createHash } from 'node:crypto';

export interface IssuedToken {
  accessToken: string;
  expiresAt: Date;
}

// Refresh a little before the provider would refuse the token.
const EARLY_MS = 2 * 60_000;

/**
 * Short-lived access tokens (LWA, Flipkart, Google) kept in memory per credential. One
 * refresh at a time per credential: concurrent callers share it. Only one sync job runs per
 * account at a time, so two processes never race on one refresh token either.
 */
export class AccessTokenCache {
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly pending = new Map<string, Promise<IssuedToken>>();

  async get(key: string, refresh: () => Promise<IssuedToken>): Promise<string> {
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt.getTime() - EARLY_MS > Date.now()) return cached.accessToken;
    let inflight = this.pending.get(key);
    if (!inflight) {
      inflight = refresh().finally(() => this.pending.delete(key));
      this.pending.set(key, inflight);
    }
    const token = await inflight;
    this.tokens.set(key, token);
    return token.accessToken;
  }

  /**
   * Forget a token the provider refused before its time, unless another call has already
   * replaced it: calls running side by side on one dropped token then refresh it once.
   */
  invalidate(key: string, refused: string): void {
    if (this.tokens.get(key)?.accessToken === refused) this.tokens.delete(key);
  }
}

export const accessTokens = new AccessTokenCache();

/** A cache key for a credential that reveals nothing of it. */
export const tokenKey = (providerId: string, ...parts: Array<string | undefined>) =>
  `${providerId}:${createHash('sha256').update(parts.join('\u0000')).digest('hex')}`;
