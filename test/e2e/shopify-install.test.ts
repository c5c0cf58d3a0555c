import { createHmac } from 'node:crypto';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { doc, gql, newUserToken, startTestServer, type TestServer } from '../support/server.js';
import { approveInstall, BEGIN_INSTALL, beginInstall, installCallback, installShop, syncsEnded, userIdOf, type Seller } from '../support/shopify-install.js';
import { connectSandbox } from '../support/sync.js';

const FRONTEND = 'http://frontend.test/integrations';
const CALLBACK = '/channels/shopify/oauth/callback';
const APP = SANDBOX_CREDENTIALS.shopify_app;
const SHOP_A = 'first-brand.myshopify.com';
const SHOP_B = 'second-brand.myshopify.com';

const BEGIN = BEGIN_INSTALL;
const ACCOUNTS = doc<{
  channelAccounts: Array<{ id: string; providerId: string; externalId: string; displayName: string }>;
  integrationCatalog: {
    sections: Array<{ providers: Array<{ id: string; accounts: Array<{ channelAccountId: string; state: string; accountName: string | null }> }> }>;
  };
}>(`{ channelAccounts { id providerId externalId displayName }
  integrationCatalog { sections { providers { id accounts { channelAccountId state accountName } } } } }`);

const CONNECT_APP = doc<{ connectProvider: { status: { state: string } } }>(
  'mutation($c: JSONObject!) { connectProvider(providerId: "shopify_app", credentials: $c) { status { state } } }',
);

/** Shopify's signature of a callback query (docs/providers.md §1.4), computed here as Shopify computes it. */
function shopifySignature(query: URLSearchParams, secret: string): string {
  const signed = new URLSearchParams([...query].filter(([k]) => k !== 'hmac').sort(([a], [b]) => (a < b ? -1 : 1)));
  return createHmac('sha256', secret).update(signed.toString().replaceAll('+', '%20')).digest('hex');
}

/**
 * The Shopify app install end to end against the sandbox: beginOAuthInstall, the sandbox's
 * authorize page approving at once, Sutra's callback, the account CONNECTED and its first sync.
 */
describe('installing the Shopify app through OAuth', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ sandbox: { orders: 20, rateScale: 500 }, captureLogs: true, env: { FRONTEND_URL: FRONTEND } });
  });
  afterAll(() => server.stop());

  async function sellerWithApp(label: string): Promise<Seller> {
    const seller = await newUserToken(label);
    await connectSandbox(server, seller.token, 'shopify_app');
    return seller;
  }

  const begin = (seller: Seller, shop: string) => beginInstall(server, seller, shop);
  const approve = approveInstall;
  const callback = (back: URL) => installCallback(server, back);
  const install = (seller: Seller, shop: string) => installShop(server, seller, shop);

  const flag = (landed: URL) => ({
    at: `${landed.origin}${landed.pathname}`,
    install: landed.searchParams.get('install'),
    reason: landed.searchParams.get('reason'),
    shop: landed.searchParams.get('shop'),
  });

  async function accountsOf(seller: Seller) {
    const res = await gql(server, ACCOUNTS, {}, seller.token);
    expect(res.errors).toBeUndefined();
    const statuses = res.data!.integrationCatalog.sections.flatMap((s) => s.providers).find((p) => p.id === 'shopify')!.accounts;
    return { accounts: res.data!.channelAccounts.filter((a) => a.providerId === 'shopify'), statuses, raw: JSON.stringify(res.data) };
  }

  /** The stored credential of an account, opened as the credential service opens it. */
  async function credentialOf(seller: Seller, channelAccountId: string) {
    const { orm, credentials } = server.app.services;
    // Imported once the server runs: a static import races the app's own lazy imports in jest's module linker.
    const { forUser } = await import('../../src/db/tenant-filter.js');
    return credentials.read(forUser(orm.em, await userIdOf(server, seller)), channelAccountId);
  }

  /** The seller's saved app credentials (shopify_app), opened. */
  async function appCredentialOf(seller: Seller) {
    const rows = await server.db.em
      .getConnection()
      .execute<{ channel_account_id: string }[]>(
        'select c.channel_account_id from provider_credentials c join users u on u.id = c.user_id where u.subject = ? and c.provider_id = ?',
        [seller.subject, 'shopify_app'],
      );
    return credentialOf(seller, rows[0]!.channel_account_id);
  }

  async function credentialRows(seller: Seller) {
    return server.db.em
      .getConnection()
      .execute<Record<string, unknown>[]>(
        'select c.* from provider_credentials c join users u on u.id = c.user_id where u.subject = ? and c.provider_id = ? order by c.channel_account_id',
        [seller.subject, 'shopify'],
      );
  }

  it('builds the authorize URL from the seller’s app, with a single-use state that expires in 10 minutes', async () => {
    const seller = await sellerWithApp('authorize-url');
    const before = Date.now();
    const res = await gql(server, BEGIN, { p: 'shopify', s: 'First-Brand.myshopify.com' }, seller.token);
    const { authorizeUrl, expiresAt } = res.data!.beginOAuthInstall;
    const url = new URL(authorizeUrl);
    expect(`${url.origin}${url.pathname}`).toBe(`${server.sandbox!.url}/shopify/${SHOP_A}/admin/oauth/authorize`);
    expect(url.searchParams.get('client_id')).toBe(APP.api_key);
    expect(url.searchParams.get('scope')).toBe('read_orders,read_products,read_inventory,read_locations');
    expect(url.searchParams.get('redirect_uri')).toBe(`${server.app.services.config.publicUrl}${CALLBACK}`);
    expect(url.searchParams.get('state')).toMatch(/^[0-9a-f-]{36}\.[0-9a-f]{64}$/);
    expect(url.searchParams.has('grant_options[]')).toBe(false);
    expect(Date.parse(expiresAt) - before).toBeGreaterThanOrEqual(10 * 60_000 - 1000);
    expect(Date.parse(expiresAt) - before).toBeLessThanOrEqual(10 * 60_000 + 5000);
  });

  it('installs: the shop’s account is CONNECTED under its domain, its tokens sealed with their expiries, and its first sync runs', async () => {
    const seller = await sellerWithApp('install');
    const landed = await install(seller, SHOP_A);
    expect(flag(landed)).toEqual({ at: FRONTEND, install: 'success', reason: null, shop: SHOP_A });

    const { accounts, statuses, raw } = await accountsOf(seller);
    expect(accounts).toEqual([
      { id: landed.searchParams.get('channelAccountId'), providerId: 'shopify', externalId: SHOP_A, displayName: `Shopify · ${SHOP_A}` },
    ]);
    expect(statuses).toEqual([{ channelAccountId: accounts[0]!.id, state: 'CONNECTED', accountName: SHOP_A }]);

    const fields = (await credentialOf(seller, accounts[0]!.id))!;
    expect(fields).toMatchObject({ shop: SHOP_A, api_key: APP.api_key });
    expect(fields.access_token).toMatch(/^shpat_/);
    expect(fields.refresh_token).toMatch(/^shprt_/);
    // An hour for the access token, 90 days for the refresh token (the sandbox's, as Shopify's).
    expect(Date.parse(fields.access_token_expires_at!) - Date.now()).toBeGreaterThan(3500_000);
    expect(Date.parse(fields.access_token_expires_at!) - Date.now()).toBeLessThanOrEqual(3600_000);
    expect(Math.round((Date.parse(fields.refresh_token_expires_at!) - Date.now()) / 86_400_000)).toBe(90);
    // Sealed: neither token is in the row, in any answer, or in any log line.
    const rows = await credentialRows(seller);
    for (const secret of [fields.access_token!, fields.refresh_token!]) {
      expect(JSON.stringify(rows)).not.toContain(secret);
      expect(raw).not.toContain(secret);
      expect(server.logs.filter((l) => l.includes(secret))).toEqual([]);
    }

    const jobs = await syncsEnded(server, seller);
    expect(jobs).toEqual([
      { id: expect.any(String), providerId: 'shopify', channelAccountId: accounts[0]!.id, status: 'SUCCEEDED', trigger: 'MANUAL', processed: 20, error: null },
    ]);
  }, 90_000);

  it('refuses a replayed callback and changes nothing', async () => {
    const seller = await sellerWithApp('replay');
    const back = await approve(await begin(seller, SHOP_A));
    expect(flag(await callback(back)).install).toBe('success');
    const before = await credentialRows(seller);
    expect(flag(await callback(back))).toMatchObject({ at: FRONTEND, install: 'error', reason: 'invalid_state' });
    expect(await credentialRows(seller)).toEqual(before);
    expect((await accountsOf(seller)).accounts).toHaveLength(1);
  });

  it('refuses a forged signature before looking at the state, which stays good for the genuine callback', async () => {
    const seller = await sellerWithApp('forged');
    const back = await approve(await begin(seller, SHOP_A));
    const forged = new URL(back);
    forged.searchParams.set('code', 'f'.repeat(32));
    expect(flag(await callback(forged))).toMatchObject({ install: 'error', reason: 'invalid_hmac' });
    const unsigned = new URL(back);
    unsigned.searchParams.delete('hmac');
    expect(flag(await callback(unsigned))).toMatchObject({ install: 'error', reason: 'invalid_hmac' });
    expect(await credentialRows(seller)).toEqual([]);
    expect((await accountsOf(seller)).accounts).toEqual([]);
    expect(flag(await callback(back))).toMatchObject({ install: 'success', shop: SHOP_A });
  });

  it('refuses another shop’s callback carrying shop A’s state, even signed, and leaves A’s state usable', async () => {
    const seller = await sellerWithApp('other-shop');
    const authorizeA = await begin(seller, SHOP_A);
    // Shop B's authorize page, handed shop A's state: a correctly signed callback for B.
    const authorizeB = new URL(authorizeA);
    authorizeB.pathname = authorizeB.pathname.replace(SHOP_A, SHOP_B);
    const backB = await approve(authorizeB);
    expect(backB.searchParams.get('shop')).toBe(SHOP_B);
    expect(flag(await callback(backB))).toMatchObject({ install: 'error', reason: 'invalid_state' });
    expect((await accountsOf(seller)).accounts).toEqual([]);
    expect(flag(await callback(await approve(authorizeA)))).toMatchObject({ install: 'success', shop: SHOP_A });
  });

  it('refuses a genuinely signed callback more than 90 s old, and leaves its state usable', async () => {
    const seller = await sellerWithApp('stale');
    const back = await approve(await begin(seller, SHOP_A));
    const stale = new URL(back);
    stale.searchParams.set('timestamp', String(Math.floor(Date.now() / 1000) - 120));
    stale.searchParams.set('hmac', shopifySignature(stale.searchParams, APP.api_secret));
    expect(flag(await callback(stale))).toMatchObject({ install: 'error', reason: 'stale_callback' });
    expect((await accountsOf(seller)).accounts).toEqual([]);
    expect(flag(await callback(back))).toMatchObject({ install: 'success', shop: SHOP_A });
  });

  it('takes the app as apiKey / apiSecret too, and keeps the old secret for a day when the seller saves a new one', async () => {
    const seller = await newUserToken('rotation');
    const connect = (credentials: Record<string, string>) => gql(server, CONNECT_APP, { c: credentials }, seller.token);
    expect((await connect({ apiKey: APP.api_key, api_key: APP.api_key, apiSecret: APP.api_secret })).errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'api_key',
    });
    expect((await connect({ apiKey: APP.api_key, apiSecret: APP.api_secret })).errors).toBeUndefined();
    expect(await appCredentialOf(seller)).toEqual({ api_key: APP.api_key, api_secret: APP.api_secret });

    // The seller saves a new secret before Shopify stops signing with the old one.
    const savedAt = Date.now();
    expect((await connect({ apiKey: APP.api_key, apiSecret: 'shpss_rotated_secret' })).errors).toBeUndefined();
    const rotated = (await appCredentialOf(seller))!;
    expect(rotated).toMatchObject({ api_key: APP.api_key, api_secret: 'shpss_rotated_secret', previous_api_secret: APP.api_secret });
    expect(Date.parse(rotated.previous_api_secret_expires_at!) - savedAt).toBeGreaterThanOrEqual(24 * 3600_000 - 1000);
    expect(Date.parse(rotated.previous_api_secret_expires_at!) - savedAt).toBeLessThanOrEqual(24 * 3600_000 + 5000);
    // Saving the same secret again keeps the rotation as it was.
    expect((await connect({ api_key: APP.api_key, api_secret: 'shpss_rotated_secret' })).errors).toBeUndefined();
    expect(await appCredentialOf(seller)).toEqual(rotated);

    // A callback Shopify signed with the old secret still passes the signature check (the sandbox's app
    // knows only its one secret, so its code exchange then refuses the new one).
    const back = await approve(await begin(seller, SHOP_A));
    expect(flag(await callback(back))).toMatchObject({ install: 'error', reason: 'token_refused' });
  });

  it('refuses an expired state', async () => {
    const seller = await sellerWithApp('expired');
    const back = await approve(await begin(seller, SHOP_A));
    await server.db.em
      .getConnection()
      .execute(`update oauth_states set expires_at = now() - interval '1 second' where user_id = (select id from users where subject = ?)`, [seller.subject]);
    expect(flag(await callback(back))).toMatchObject({ install: 'error', reason: 'invalid_state' });
    expect((await accountsOf(seller)).accounts).toEqual([]);
  });

  it('installs a second shop as a second account, and a reinstall of the same shop updates its account', async () => {
    const seller = await sellerWithApp('two-shops');
    const a = await install(seller, SHOP_A);
    const b = await install(seller, SHOP_B);
    const idA = a.searchParams.get('channelAccountId')!;
    const idB = b.searchParams.get('channelAccountId')!;
    expect(idA).not.toBe(idB);
    const both = await accountsOf(seller);
    expect(both.statuses.map((s) => [s.accountName, s.state]).sort()).toEqual([
      [SHOP_A, 'CONNECTED'],
      [SHOP_B, 'CONNECTED'],
    ]);
    await syncsEnded(server, seller);

    const tokenBefore = (await credentialOf(seller, idA))!.access_token;
    const again = await install(seller, SHOP_A);
    expect(again.searchParams.get('channelAccountId')).toBe(idA);
    expect((await accountsOf(seller)).accounts.map((x) => x.id).sort()).toEqual([idA, idB].sort());
    expect((await credentialOf(seller, idA))!.access_token).not.toBe(tokenBefore);
  }, 90_000);

  it('answers a shop that is not a .myshopify.com domain, and a seller with no app, with BAD_USER_INPUT', async () => {
    const seller = await sellerWithApp('bad-shop');
    for (const shop of ['first-brand.com', 'https://first-brand.myshopify.com', 'evil.example/x.myshopify.com']) {
      const res = await gql(server, BEGIN, { p: 'shopify', s: shop }, seller.token);
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'shop' });
    }
    const noApp = await newUserToken('no-app');
    const res = await gql(server, BEGIN, { p: 'shopify', s: SHOP_A }, noApp.token);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'providerId' });
    expect(res.errors![0]!.message).toMatch(/save your app’s API key and secret first/);
  });

  it('installs with the deployment’s app (SHOPIFY_API_KEY / SHOPIFY_API_SECRET) when the seller saved none', async () => {
    const other = await startTestServer({
      sandbox: { orders: 5, rateScale: 500 },
      env: { FRONTEND_URL: FRONTEND, SHOPIFY_API_KEY: APP.api_key, SHOPIFY_API_SECRET: APP.api_secret },
    });
    try {
      const seller = await newUserToken('deployment-app');
      const res = await gql(other, BEGIN, { p: 'shopify', s: SHOP_B }, seller.token);
      const back = await approve(new URL(res.data!.beginOAuthInstall.authorizeUrl));
      const landed = await fetch(`${other.url}${back.pathname}${back.search}`, { redirect: 'manual' });
      expect(flag(new URL(landed.headers.get('location')!))).toMatchObject({ install: 'success', shop: SHOP_B });
    } finally {
      await other.stop();
    }
  });
});
