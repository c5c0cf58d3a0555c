import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { doc, gql, newUserToken, startTestServer, type TestServer, type TypedDocument } from '../support/server.js';

type Status = { providerId: string; state: string; connected: boolean; accountName: string | null; connectedAt: string | null };
type Connected = {
  connectProvider: {
    status: Status;
    channelAccount: { id: string; providerId: string; channelType: string; externalId: string; displayName: string } | null;
    push: { url: string; header: string } | null;
  };
};
type Overview = {
  integrationCatalog: { sections: Array<{ providers: Array<{ id: string; status: Pick<Status, 'state' | 'connected' | 'accountName'> }> }> };
  connectedSummary: {
    total: number;
    commerce: number;
    marketing: number;
    logistics: number;
    items: Array<{ providerId: string; kind: string; channelAccountId: string | null; displayName: string; status: { state: string } }>;
  };
  channelAccounts: Array<{ providerId: string; externalId: string }>;
};

const CONNECT = doc<Connected>(`mutation($providerId: ID!, $credentials: JSONObject!) {
  connectProvider(providerId: $providerId, credentials: $credentials) {
    status { providerId state connected accountName connectedAt }
    channelAccount { id providerId channelType externalId displayName }
    push { url header }
  }
}`);
const OVERVIEW = doc<Overview>(`{
  integrationCatalog { sections { providers { id status { state connected accountName } } } }
  connectedSummary { total commerce marketing logistics items { providerId kind channelAccountId displayName status { state } } }
  channelAccounts { providerId externalId }
}`);

type ProviderId = keyof typeof SANDBOX_CREDENTIALS;
const CATALOG: ProviderId[] = ['shopify', 'amazon', 'flipkart', 'myntra', 'meta_ads', 'google_ads', 'delhivery', 'selloship'];

/** Credentials each sandbox refuses, the way the real provider refuses them. */
const REJECTED: Record<ProviderId, [Record<string, string>, RegExp]> = {
  shopify: [
    { ...SANDBOX_CREDENTIALS.shopify, access_token: 'shpat_wrong00000000000000000000000' },
    /^Shopify refused the access token for sutra-sandbox\.myshopify\.com \(HTTP 401\)/,
  ],
  shopify_app: [{ api_key: 'not-hex' }, /api_key .* is not in the expected format/],
  amazon: [
    { ...SANDBOX_CREDENTIALS.amazon, refresh_token: 'Atzr|revoked' },
    /^Amazon refused the refresh token \(HTTP 400\): The request has an invalid grant parameter : refresh_token\. Reconnect Amazon/,
  ],
  flipkart: [
    { ...SANDBOX_CREDENTIALS.flipkart, app_secret: 'wrong' },
    /^Flipkart refused the application id or secret \(HTTP 401\): Bad credentials\. Check them in the seller API portal$/,
  ],
  myntra: [{ ...SANDBOX_CREDENTIALS.myntra, merchant_id: '' }, /merchant_id \(Merchant id\) is required/],
  meta_ads: [{ ...SANDBOX_CREDENTIALS.meta_ads, access_token: 'EAAexpired' }, /Meta refused the access token \(HTTP 400\): Invalid OAuth access token/],
  google_ads: [
    { ...SANDBOX_CREDENTIALS.google_ads, refresh_token: '1//revoked' },
    /Google refused the refresh token \(HTTP 400\): Token has been expired or revoked/,
  ],
  delhivery: [
    { ...SANDBOX_CREDENTIALS.delhivery, api_token: 'wrong-token' },
    /Delhivery refused the API token on its production host \(HTTP 401\): Login or API Key Required/,
  ],
  selloship: [{ ...SANDBOX_CREDENTIALS.selloship, password: 'wrong-password' }, /Selloship rejected the username or password/],
};

function allSecrets(): string[] {
  const values = [...Object.values(SANDBOX_CREDENTIALS), ...Object.values(REJECTED).map(([c]) => c)].flatMap((c) => Object.entries(c));
  const secretKeys = ['access_token', 'api_secret', 'lwa_client_secret', 'refresh_token', 'app_secret', 'secret_key', 'client_secret', 'api_token', 'password'];
  return values.filter(([k, v]) => secretKeys.includes(k) && v.length > 5).map(([, v]) => v);
}

describe('connecting providers against the sandbox', () => {
  let server: TestServer;
  const responses: string[] = [];
  const call = async <T>(query: TypedDocument<T>, variables: Record<string, unknown>, token: string) => {
    const res = await gql(server, query, variables, token);
    responses.push(JSON.stringify(res));
    return res;
  };

  beforeAll(async () => {
    server = await startTestServer({ sandbox: true, captureLogs: true });
  });
  afterAll(() => server.stop());

  it('connects all eight providers with good credentials, and the catalog and summary say CONNECTED', async () => {
    const seller = await newUserToken();
    for (const id of CATALOG) {
      const res = await call(CONNECT, { providerId: id, credentials: SANDBOX_CREDENTIALS[id] }, seller.token);
      expect({ id, errors: res.errors }).toEqual({ id, errors: undefined });
      expect(res.data!.connectProvider.status).toMatchObject({ providerId: id, state: 'CONNECTED', connected: true });
      // Myntra pushes its orders, Delhivery its scans: their results say where and with which token (myntra-push.test.ts, shipment-tracking.test.ts).
      expect({ id, push: Boolean(res.data!.connectProvider.push) }).toEqual({ id, push: id === 'myntra' || id === 'delhivery' });
    }
    const overview = await call(OVERVIEW, {}, seller.token);
    const statuses = overview.data!.integrationCatalog.sections.flatMap((s) => s.providers);
    expect(statuses.every((p) => p.status.state === 'CONNECTED')).toBe(true);
    expect(overview.data!.connectedSummary).toMatchObject({ total: 8, commerce: 4, marketing: 2, logistics: 2 });
    expect(overview.data!.channelAccounts).toEqual(
      expect.arrayContaining([
        { providerId: 'shopify', externalId: 'sutra-sandbox.myshopify.com' },
        { providerId: 'amazon', externalId: 'A1SANDBOXSELLER' },
        { providerId: 'flipkart', externalId: 'sandbox-flipkart-app-0001' },
        { providerId: 'myntra', externalId: 'SANDBOX-MERCHANT-1' },
      ]),
    );
    const meta = statuses.find((p) => p.id === 'meta_ads');
    expect(meta!.status.accountName).toBe('Sutra Sandbox Ads (act_1234567890)');
  });

  it.each(Object.keys(REJECTED) as ProviderId[])('refuses bad %s credentials with a clear error and stores nothing', async (id) => {
    const seller = await newUserToken();
    const [credentials, message] = REJECTED[id];
    const res = await call(CONNECT, { providerId: id, credentials }, seller.token);
    expect(res.errors?.[0]?.message).toMatch(message);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const overview = await call(OVERVIEW, {}, seller.token);
    expect(overview.data!.connectedSummary.total).toBe(0);
    expect(overview.data!.channelAccounts).toEqual([]);
    const rows = await server.db.em
      .getConnection()
      .execute<{ n: number }[]>('select count(*)::int as n from provider_credentials c join users u on u.id = c.user_id where u.subject = ?', [seller.subject]);
    expect(rows[0]!.n).toBe(0);
  });

  it('answers an unknown provider and unknown fields with BAD_USER_INPUT naming them', async () => {
    const seller = await newUserToken();
    const unknown = await call(CONNECT, { providerId: 'ebay', credentials: {} }, seller.token);
    expect(unknown.errors![0]!.message).toBe(
      'Unknown provider "ebay". Known providers: shopify, amazon, flipkart, myntra, meta_ads, google_ads, delhivery, selloship, shopify_app',
    );
    const extra = await call(CONNECT, { providerId: 'flipkart', credentials: { ...SANDBOX_CREDENTIALS.flipkart, seller_id: 'x' } }, seller.token);
    expect(extra.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'seller_id' });
  });

  it('tells a Shopify seller without an app token what to give: the token, or the app install', async () => {
    const seller = await newUserToken();
    const res = await call(CONNECT, { providerId: 'shopify', credentials: { shop: SANDBOX_CREDENTIALS.shopify.shop } }, seller.token);
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(res.errors![0]!.message).toBe(
      "Give your custom app's Admin API access_token (Shopify admin → Settings → Apps and sales channels → Develop apps); " +
        'or install your Shopify app through OAuth (beginOAuthInstall with the shop domain)',
    );
  });

  it('reconnects in place and disconnects keeping the account’s history', async () => {
    const seller = await newUserToken();
    const first = await call(CONNECT, { providerId: 'amazon', credentials: SANDBOX_CREDENTIALS.amazon }, seller.token);
    const again = await call(CONNECT, { providerId: 'amazon', credentials: SANDBOX_CREDENTIALS.amazon }, seller.token);
    expect(again.data!.connectProvider.channelAccount!.id).toBe(first.data!.connectProvider.channelAccount!.id);

    const off = await call(
      doc<{ disconnectProvider: { state: string; connected: boolean } }>('mutation { disconnectProvider(providerId: "amazon") { state connected } }'),
      {},
      seller.token,
    );
    expect(off.data!.disconnectProvider).toEqual({ state: 'NOT_CONNECTED', connected: false });
    expect((await call(OVERVIEW, {}, seller.token)).data!.channelAccounts).toEqual([]);
    const rows = await server.db.em
      .getConnection()
      .execute<{ connected: boolean }[]>('select connected from channel_accounts where id = ?', [first.data!.connectProvider.channelAccount!.id]);
    expect(rows).toEqual([{ connected: false }]);
  });

  it('keeps each seller’s connections to itself', async () => {
    const alice = await newUserToken('alice');
    const bob = await newUserToken('bob');
    await call(CONNECT, { providerId: 'delhivery', credentials: SANDBOX_CREDENTIALS.delhivery }, alice.token);
    const seen = await call(
      doc<Overview & { providerStatus: { state: string } }>(`${OVERVIEW.slice(0, -1)} providerStatus(providerId: "delhivery") { state } }`),
      {},
      bob.token,
    );
    expect(seen.data!.connectedSummary.total).toBe(0);
    expect(seen.data!.providerStatus.state).toBe('NOT_CONNECTED');
    expect(seen.data!.channelAccounts).toEqual([]);
  });

  // Last, over everything the tests above sent and logged.
  it('never puts a secret in a log line or a response', () => {
    expect(server.logs.length).toBeGreaterThan(10);
    const haystack = server.logs.join('\n') + responses.join('\n');
    for (const secret of allSecrets()) expect({ secret, found: haystack.includes(secret) }).toEqual({ secret, found: false });
  });
});
