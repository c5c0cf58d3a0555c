import type { MikroORM } from '@mikro-orm/postgresql';
import { createLogger } from '../../src/logger.js';
import type { CredentialFields } from '../../src/providers/types.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { doc, gql, newUserToken, startTestServer, type TestServer } from '../support/server.js';
import { installShop, syncsEnded, userIdOf, type Seller } from '../support/shopify-install.js';
import { connectSandbox } from '../support/sync.js';

const SHOP = 'token-brand.myshopify.com';
const SYNC = doc<{ syncProvider: { id: string } }>('mutation($a: ID) { syncProvider(providerId: "shopify", channelAccountId: $a) { id } }');
const STATUS = doc<{
  integrationCatalog: {
    sections: Array<{ providers: Array<{ id: string; accounts: Array<{ channelAccountId: string; state: string; error: string | null }> }> }>;
  };
}>('{ integrationCatalog { sections { providers { id accounts { channelAccountId state error } } } } }');

const quiet = createLogger({ level: 'silent', pretty: false });

/**
 * Expiring Shopify tokens (docs/providers.md §1.1) against the sandbox: refreshed before they run
 * out and on a 401, once per shop however many workers use it, the rotated refresh token stored
 * with the access token; a refused refresh leaves the account NEEDS_REAUTH; a non-expiring token
 * from an earlier install is migrated by the token exchange.
 */
describe('Shopify tokens that expire', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ sandbox: { orders: 20, rateScale: 500 }, captureLogs: true });
  });
  afterAll(() => server.stop());

  const installs = () => server.sandbox!.shopifyInstalls;

  async function installed(label: string, shop = SHOP): Promise<{ seller: Seller; userId: string; accountId: string }> {
    const seller = await newUserToken(label);
    await connectSandbox(server, seller.token, 'shopify_app');
    const landed = await installShop(server, seller, shop);
    expect(landed.searchParams.get('install')).toBe('success');
    await syncsEnded(server, seller);
    return { seller, userId: await userIdOf(server, seller), accountId: landed.searchParams.get('channelAccountId')! };
  }

  // Imported once the server runs: a static import races the app's own lazy imports in jest's module linker.
  const modules = async () => ({
    ...(await import('../../src/db/tenant-filter.js')),
    ...(await import('../../src/domain/index.js')),
    ...(await import('../../src/services/provider-session.js')),
    ...(await import('../../src/providers/shopify/client.js')),
    ...(await import('../../src/services/connection-service.js')),
    ...(await import('../../src/providers/registry.js')),
  });

  async function stored(userId: string, accountId: string): Promise<CredentialFields> {
    const { forUser } = await modules();
    const { orm, credentials } = server.app.services;
    return (await credentials.read(forUser(orm.em, userId), accountId))!;
  }

  async function replaceStored(userId: string, accountId: string, fields: CredentialFields): Promise<void> {
    const { forUser } = await modules();
    const { orm, credentials } = server.app.services;
    await forUser(orm.em, userId).transactional((em) => credentials.replaceFields(em, accountId, fields));
  }

  /** One worker's use of the shop: a session opened on its own ORM (its own pool), then Admin GraphQL queries; the shop's name each answered. */
  async function worker(orm: MikroORM, userId: string, accountId: string, queries: number): Promise<string[]> {
    const { forUser, ChannelAccount, openSession, AdminGraphql } = await modules();
    const { credentials, config } = server.app.services;
    const em = forUser(orm.em, userId);
    const account = await em.findOneOrFail(ChannelAccount, { id: accountId });
    const api = new AdminGraphql(await openSession({ orm, credentials, config }, em, account, quiet));
    const names: string[] = [];
    for (let i = 0; i < queries; i++) {
      const body = (await api.query('{ shop { name } }', {}, 1)) as { data: { shop: { name: string } } };
      names.push(body.data.shop.name);
    }
    return names;
  }

  async function statusOf(seller: Seller, accountId: string) {
    const res = await gql(server, STATUS, {}, seller.token);
    return res
      .data!.integrationCatalog.sections.flatMap((s) => s.providers)
      .find((p) => p.id === 'shopify')!
      .accounts.find((a) => a.channelAccountId === accountId)!;
  }

  it('refreshes a token the sandbox expired exactly once while two workers use the shop at once, storing the rotated refresh token', async () => {
    const { userId, accountId } = await installed('two-workers');
    const before = await stored(userId, accountId);
    installs().expireAccessToken(SHOP);
    const grants = installs().grants(SHOP).refreshes;

    // Two ORMs, two connection pools: two worker processes as far as PostgreSQL can tell.
    const [a, b] = await Promise.all([worker(server.app.services.orm, userId, accountId, 3), worker(server.db as unknown as MikroORM, userId, accountId, 3)]);
    expect([...a, ...b]).toHaveLength(6);
    expect(installs().grants(SHOP).refreshes - grants).toBe(1);

    const after = await stored(userId, accountId);
    expect(after.access_token).not.toBe(before.access_token);
    expect(installs().opens(SHOP, after.access_token)).toBe(true);
    expect(after.refresh_token).not.toBe(before.refresh_token);
    expect(after.refresh_token).toBe(installs().refreshToken(SHOP));
    expect(Date.parse(after.access_token_expires_at!) - Date.now()).toBeGreaterThan(3500_000);
    expect(server.logs.filter((l) => l.includes(after.refresh_token!) || l.includes(after.access_token!))).toEqual([]);
  }, 60_000);

  it('renews a token a few minutes before it expires, without waiting for Shopify to refuse it', async () => {
    const { userId, accountId } = await installed('early', 'early-brand.myshopify.com');
    const before = await stored(userId, accountId);
    await replaceStored(userId, accountId, { ...before, access_token_expires_at: new Date(Date.now() + 2 * 60_000).toISOString() });
    const grants = installs().grants('early-brand.myshopify.com').refreshes;
    const logged = server.logs.length;

    expect(await worker(server.app.services.orm, userId, accountId, 2)).toHaveLength(2);
    expect(installs().grants('early-brand.myshopify.com').refreshes - grants).toBe(1);
    expect(server.logs.slice(logged).filter((l) => l.includes('Shopify refused the access token'))).toEqual([]);
    expect((await stored(userId, accountId)).access_token).not.toBe(before.access_token);
  }, 60_000);

  it('makes the account NEEDS_REAUTH with "reinstall Sutra on <shop>" when Shopify refuses the refresh, and fails the sync with it', async () => {
    const shop = 'refused-brand.myshopify.com';
    const { seller, userId, accountId } = await installed('refused', shop);
    installs().expireRefreshToken(shop);
    installs().expireAccessToken(shop);
    const grants = installs().grants(shop).refreshes;

    expect((await gql(server, SYNC, { a: accountId }, seller.token)).errors).toBeUndefined();
    const job = (await syncsEnded(server, seller)).find((j) => j.trigger === 'MANUAL' && j.status === 'FAILED')!;
    expect(job.error).toContain(`reinstall Sutra on ${shop}`);
    expect(job.error).toMatch(/^Shopify refused the refresh token for refused-brand\.myshopify\.com \(HTTP 400\)/);
    expect(installs().grants(shop).refreshes - grants).toBe(1);
    expect(await statusOf(seller, accountId)).toEqual({ channelAccountId: accountId, state: 'NEEDS_REAUTH', error: job.error });

    // A reinstall makes it whole again.
    expect((await installShop(server, seller, shop)).searchParams.get('install')).toBe('success');
    expect((await statusOf(seller, accountId)).state).toBe('CONNECTED');
    expect(installs().opens(shop, (await stored(userId, accountId)).access_token)).toBe(true);
  }, 60_000);

  it('does not ask Shopify with a refresh token past its 90 days: the account needs a reinstall', async () => {
    const shop = 'idle-brand.myshopify.com';
    const { seller, userId, accountId } = await installed('idle', shop);
    const fields = await stored(userId, accountId);
    await replaceStored(userId, accountId, {
      ...fields,
      access_token_expires_at: new Date(Date.now() - 60_000).toISOString(),
      refresh_token_expires_at: new Date(Date.now() - 1000).toISOString(),
    });
    const grants = installs().grants(shop).refreshes;

    await expect(worker(server.app.services.orm, userId, accountId, 1)).rejects.toThrow(`reinstall Sutra on ${shop}`);
    expect(installs().grants(shop).refreshes).toBe(grants);
    const status = await statusOf(seller, accountId);
    expect(status.state).toBe('NEEDS_REAUTH');
    expect(status.error).toContain(`expired (no sync for 90 days). To reconnect it, reinstall Sutra on ${shop}`);
  }, 60_000);

  it('migrates a shop installed with a non-expiring token by the token exchange, then syncs it', async () => {
    const shop = 'legacy-brand.myshopify.com';
    const seller = await newUserToken('legacy');
    await connectSandbox(server, seller.token, 'shopify_app');
    const userId = await userIdOf(server, seller);
    // A shop installed before expiring tokens: its token, and the app it belongs to; no expiry.
    const legacyToken = installs().issueNonExpiring(shop);
    const { forUser, keepAccount, requireProvider } = await modules();
    const { orm, credentials } = server.app.services;
    const account = await forUser(orm.em, userId).transactional((em) =>
      keepAccount(em, credentials, userId, requireProvider('shopify'), {
        externalId: shop,
        accountName: shop,
        fields: { shop, access_token: legacyToken, api_key: SANDBOX_CREDENTIALS.shopify_app.api_key },
      }),
    );

    expect((await gql(server, SYNC, { a: account.id }, seller.token)).errors).toBeUndefined();
    const jobs = await syncsEnded(server, seller);
    expect(jobs.map((j) => [j.status, j.processed])).toEqual([['SUCCEEDED', 20]]);
    expect(installs().grants(shop)).toEqual({ refreshes: 0, exchanges: 1 });

    const after = await stored(userId, account.id);
    expect(after.access_token).not.toBe(legacyToken);
    expect(installs().opens(shop, legacyToken)).toBe(false);
    expect(installs().opens(shop, after.access_token)).toBe(true);
    expect(after.refresh_token).toBe(installs().refreshToken(shop));
    expect(Date.parse(after.access_token_expires_at!)).toBeGreaterThan(Date.now() + 3500_000);
  }, 60_000);
});
