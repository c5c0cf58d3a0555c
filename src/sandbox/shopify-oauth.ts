import { createHmac, randomBytes } from 'node:crypto';
import express, { Router, type Response } from 'express';
import type { SandboxState } from './commerce/state.js';
import { SANDBOX_CREDENTIALS } from './credentials.js';

const app = SANDBOX_CREDENTIALS.shopify_app;
const SHOP = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;
const CODE_TTL_MS = 10 * 60_000;
// Expiring offline tokens (docs/providers.md §1.1): the access token lives an hour, the refresh token 90 days.
const ACCESS_TTL_S = 3600;
const REFRESH_TTL_S = 90 * 24 * 3600;
// A retried exchange of the same non-expiring token gets the same pair for 7 days (§1.1, migrate-to-expiring-token).
const EXCHANGE_REPLAY_MS = 7 * 86_400_000;
const SCOPES = 'read_orders,read_products,read_inventory,read_locations';
const TOKEN_EXCHANGE = 'urn:ietf:params:oauth:grant-type:token-exchange';
const OFFLINE_TOKEN = 'urn:shopify:params:oauth:token-type:offline-access-token';

interface Expiring {
  token: string;
  expiresAt: number;
}

/** The one token set a shop holds for the sandbox's app (§1.1: a new grant revokes the one before). */
interface TokenSet {
  access: Expiring;
  /** Absent for a non-expiring token. */
  refresh?: Expiring;
  /** The refresh token before the last refresh: usable until its replacement is first used (§1.1). */
  previousRefresh?: Expiring;
}

/** The token answer Shopify sends for an expiring offline token. */
interface ExpiringAnswer {
  access_token: string;
  scope: string;
  expires_in: number;
  refresh_token: string;
  refresh_token_expires_in: number;
}

const newToken = (prefix: string) => `${prefix}${randomBytes(16).toString('hex')}`;

/**
 * The shops that installed the sandbox's app (SANDBOX_CREDENTIALS.shopify_app), their codes and
 * their live tokens, as Shopify keeps them: one token set per shop; each refresh rotates the
 * refresh token. The Admin API route asks it whether a token opens a shop; tests reach it as
 * `sandbox.shopifyInstalls` to expire a token now, install a shop the old (non-expiring) way and
 * count the grants Sutra asked for.
 */
export class ShopifyInstalls {
  private readonly codes = new Map<string, { shop: string; expiresAt: number }>();
  private readonly sets = new Map<string, TokenSet>();
  private readonly exchanged = new Map<string, { shop: string; answer: ExpiringAnswer; until: number }>();
  private readonly counts = new Map<string, { refreshes: number; exchanges: number }>();
  /** How long the access tokens issued from now on live, in seconds (Shopify: an hour). */
  accessTtlSeconds = ACCESS_TTL_S;

  issueCode(shop: string): string {
    const code = randomBytes(16).toString('hex');
    this.codes.set(code, { shop, expiresAt: Date.now() + CODE_TTL_MS });
    return code;
  }

  /** Spends a code of this shop; false when unknown, spent, expired or another shop's. */
  redeem(code: string, shop: string): boolean {
    const grant = this.codes.get(code);
    this.codes.delete(code);
    return grant !== undefined && grant.shop === shop && grant.expiresAt > Date.now();
  }

  installed(shop: string): boolean {
    return this.sets.has(shop);
  }

  opens(shop: string, token: string | undefined): boolean {
    const access = this.sets.get(shop)?.access;
    return access !== undefined && access.token === token && access.expiresAt > Date.now();
  }

  /** A new expiring token set for the shop, replacing whatever it had. */
  issueExpiring(shop: string): ExpiringAnswer {
    const now = Date.now();
    const set: TokenSet = {
      access: { token: newToken('shpat_'), expiresAt: now + this.accessTtlSeconds * 1000 },
      refresh: { token: newToken('shprt_'), expiresAt: now + REFRESH_TTL_S * 1000 },
    };
    this.sets.set(shop, set);
    return this.answer(set);
  }

  /** A non-expiring offline token, as installs gave before expiring tokens (and still give without expiring=1). */
  issueNonExpiring(shop: string): string {
    const token = newToken('shpat_');
    this.sets.set(shop, { access: { token, expiresAt: Infinity } });
    return token;
  }

  /** The refresh grant (§1.1 step 4): a new pair, or why not in the words of the OAuth error. */
  refresh(shop: string, refreshToken: string | undefined): ExpiringAnswer | undefined {
    this.count(shop).refreshes++;
    const set = this.sets.get(shop);
    const now = Date.now();
    const live = (t?: Expiring) => t !== undefined && t.token === refreshToken && t.expiresAt > now;
    if (!set || !refreshToken) return undefined;
    let previousRefresh: Expiring | undefined;
    if (live(set.refresh)) previousRefresh = set.refresh;
    // Its replacement was never used (a lost answer): the old one still refreshes, once more replacing the replacement.
    else if (live(set.previousRefresh)) previousRefresh = set.previousRefresh;
    else return undefined;
    const next: TokenSet = {
      access: { token: newToken('shpat_'), expiresAt: now + this.accessTtlSeconds * 1000 },
      refresh: { token: newToken('shprt_'), expiresAt: now + REFRESH_TTL_S * 1000 },
      previousRefresh,
    };
    this.sets.set(shop, next);
    return this.answer(next);
  }

  /** The token exchange of a non-expiring token for an expiring pair (§1.1): the same pair again for 7 days. */
  exchange(shop: string, subjectToken: string | undefined): ExpiringAnswer | undefined {
    this.count(shop).exchanges++;
    if (!subjectToken) return undefined;
    const before = this.exchanged.get(subjectToken);
    if (before && before.shop === shop && before.until > Date.now()) return before.answer;
    const set = this.sets.get(shop);
    if (!set || set.refresh || set.access.token !== subjectToken) return undefined;
    const answer = this.issueExpiring(shop);
    this.exchanged.set(subjectToken, { shop, answer, until: Date.now() + EXCHANGE_REPLAY_MS });
    return answer;
  }

  /** For tests: the shop's access token stops working now, as if its hour were up. */
  expireAccessToken(shop: string): void {
    const set = this.sets.get(shop);
    if (set) set.access.expiresAt = Date.now() - 1;
  }

  /** For tests: the shop's refresh tokens are past their 90 days. */
  expireRefreshToken(shop: string): void {
    const set = this.sets.get(shop);
    for (const t of [set?.refresh, set?.previousRefresh]) if (t) t.expiresAt = Date.now() - 1;
  }

  /** For tests: the shop's current refresh token (the one its last grant issued). */
  refreshToken(shop: string): string | undefined {
    return this.sets.get(shop)?.refresh?.token;
  }

  /** For tests: how many refresh and token-exchange grants were asked for this shop. */
  grants(shop: string): { refreshes: number; exchanges: number } {
    return { ...this.count(shop) };
  }

  private count(shop: string) {
    let c = this.counts.get(shop);
    if (!c) this.counts.set(shop, (c = { refreshes: 0, exchanges: 0 }));
    return c;
  }

  private answer(set: TokenSet): ExpiringAnswer {
    return {
      access_token: set.access.token,
      scope: SCOPES,
      expires_in: Math.round((set.access.expiresAt - Date.now()) / 1000),
      refresh_token: set.refresh!.token,
      refresh_token_expires_in: REFRESH_TTL_S,
    };
  }
}

/**
 * Shopify's callback HMAC (§1.4), written apart from Sutra's so the sandbox checks it rather than
 * agreeing with it: sorted keys, serialized as URLSearchParams does, spaces as %20.
 */
function sign(params: Record<string, string>): string {
  const sorted = new URLSearchParams(
    Object.keys(params)
      .sort()
      .map((k): [string, string] => [k, params[k]!]),
  );
  return createHmac('sha256', app.api_secret).update(sorted.toString().replaceAll('+', '%20')).digest('hex');
}

// UNVERIFIED: Shopify's exact words for refused grants; the codes are RFC 6749 §5.2's.
const refuse = (res: Response, status: number, error: string, description: string) => void res.status(status).json({ error, error_description: description });

/**
 * The OAuth install at /shopify/{shop}/admin/oauth (§1.1). `authorize` stands for the merchant
 * approving the app at once: it redirects to redirect_uri with code, hmac, host, shop, state and
 * timestamp, signed with the app's secret. `access_token` takes the code exchange (once; an
 * expiring offline token with expiring=1, a non-expiring one otherwise), the refresh grant with
 * rotation, and the token exchange that migrates a non-expiring token; a JSON or a form body.
 */
export function shopifyOAuthSandbox(state: SandboxState, installs: ShopifyInstalls): Router {
  const router = Router();
  router.get('/:shop/admin/oauth/authorize', (req, res) => {
    const { shop } = req.params;
    const { client_id, redirect_uri, state: nonce } = req.query as Record<string, string | undefined>;
    // UNVERIFIED: Shopify's words on its error page for an unknown app or a missing redirect.
    if (!SHOP.test(shop) || client_id !== app.api_key || !redirect_uri || !URL.canParse(redirect_uri)) {
      res.status(400).send('Oauth error invalid_request: The client_id or redirect_uri is not valid');
      return;
    }
    const params: Record<string, string> = {
      code: installs.issueCode(shop),
      host: Buffer.from(`admin.shopify.com/store/${shop.replace(/\.myshopify\.com$/, '')}`).toString('base64'),
      shop,
      timestamp: String(Math.floor(Date.now() / 1000)),
    };
    if (nonce) params.state = nonce;
    const back = new URL(redirect_uri);
    for (const [k, v] of Object.entries({ ...params, hmac: sign(params) })) back.searchParams.set(k, v);
    res.redirect(302, back.toString());
  });

  router.post('/:shop/admin/oauth/access_token', express.urlencoded({ extended: false }), express.json(), (req, res) => {
    const { shop } = req.params;
    const body = (req.body ?? {}) as Record<string, string | undefined>;
    // UNVERIFIED: Shopify's status and words for a wrong app secret (RFC 6749 §5.2 invalid_client assumed).
    if (body.client_id !== app.api_key || body.client_secret !== app.api_secret || state.revoked) {
      return refuse(res, 401, 'invalid_client', 'Client authentication failed');
    }
    switch (body.grant_type) {
      case undefined: {
        if (!body.code || !installs.redeem(body.code, shop)) {
          return refuse(res, 400, 'invalid_request', 'The authorization code was not found or was already used');
        }
        if (body.expiring !== '1') return void res.json({ access_token: installs.issueNonExpiring(shop), scope: SCOPES });
        return void res.json(installs.issueExpiring(shop));
      }
      case 'refresh_token': {
        const answer = installs.refresh(shop, body.refresh_token);
        if (!answer) return refuse(res, 400, 'invalid_grant', 'The refresh token is invalid, expired or revoked');
        return void res.json(answer);
      }
      case TOKEN_EXCHANGE: {
        if (body.subject_token_type !== OFFLINE_TOKEN || body.requested_token_type !== OFFLINE_TOKEN || body.expiring !== '1') {
          return refuse(res, 400, 'invalid_request', 'subject_token_type and requested_token_type must be offline access tokens, with expiring=1');
        }
        const answer = installs.exchange(shop, body.subject_token);
        if (!answer) return refuse(res, 400, 'invalid_grant', 'The subject token is not a non-expiring offline access token of this shop');
        return void res.json(answer);
      }
      default:
        return refuse(res, 400, 'unsupported_grant_type', `grant_type ${body.grant_type} is not supported`);
    }
  });
  return router;
}
