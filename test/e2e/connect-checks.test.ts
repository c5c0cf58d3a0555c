import { createHmac } from 'node:crypto';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { adsHeaders, fetchCustomer } from '../../src/providers/google-ads/client.js';
import { ProviderError } from '../../src/domain/errors.js';
import { getProviderModule } from '../../src/providers/registry.js';
import type { CredentialFields } from '../../src/providers/types.js';
import { SANDBOX_CREDENTIALS, SANDBOX_DELHIVERY_STAGING, SANDBOX_GOOGLE_ADS_MANAGED } from '../../src/sandbox/credentials.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';

/**
 * The connect checks of Meta Ads, Google Ads and Delhivery against the sandbox: each rule the
 * sandbox enforces is shown twice, as the provider's own refusal of a wrong call (raw HTTP), and
 * as what Sutra makes of it (the provider's words in the error) next to Sutra's accepted call.
 */
let sandbox: Sandbox;
const log = createLogger({ level: 'silent', pretty: false });
const ctx = (env: Record<string, string> = {}) => ({ endpoints: loadConfig({ ...sandbox.env, ...env }).providers, log });
const check = (id: string, fields: CredentialFields, env?: Record<string, string>) => getProviderModule(id)!.checkCredentials!(fields, ctx(env));
const refusalOf = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ProviderError)) throw new Error(`expected a ProviderError, got ${String(err)}`);
  return { kind: err.kind, status: err.status, message: err.message };
};
const json = async (res: Response) => ({ status: res.status, body: (await res.json()) as unknown });

beforeAll(async () => {
  sandbox = await startSandbox({ orders: 1 });
});
afterAll(() => sandbox.stop());

describe('Meta Ads', () => {
  const meta = SANDBOX_CREDENTIALS.meta_ads;
  const proof = (secret: string) => createHmac('sha256', secret).update(meta.access_token).digest('hex');
  const graph = (path: string, params: Record<string, string> = {}) =>
    fetch(`${sandbox.url}/meta/${path}?${new URLSearchParams(params)}`, { headers: { authorization: `Bearer ${meta.access_token}` } }).then(json);
  const graphError = (message: string, type: string, code: number) => ({
    status: 400,
    body: { error: { message, type, code, fbtrace_id: expect.any(String) } },
  });

  it('calls a current Graph version by default, overridable in config', () => {
    expect(loadConfig({}).providers.metaGraphVersion).toBe('v27.0');
    expect(loadConfig({ META_GRAPH_VERSION: 'v26.0' }).providers.metaGraphVersion).toBe('v26.0');
  });

  it('signs every call with appsecret_proof, and the app that requires it accepts Sutra’s check', async () => {
    await expect(check('meta_ads', meta)).resolves.toEqual({ accountName: 'Sutra Sandbox Ads (act_1234567890)', externalId: 'act_1234567890' });
    expect(await graph('v27.0/me', { appsecret_proof: proof(meta.app_secret) })).toEqual({
      status: 200,
      body: { id: expect.any(String), name: 'Sutra Sandbox System User' },
    });
  });

  it('without the app secret: refused as Meta refuses a call with no appsecret_proof, with Meta’s words', async () => {
    expect(await graph('v27.0/me')).toEqual(graphError('API calls from the server require an appsecret_proof argument', 'GraphMethodException', 100));
    const { app_secret: _omitted, ...withoutSecret } = meta;
    expect(await refusalOf(check('meta_ads', withoutSecret))).toEqual({
      kind: 'auth',
      status: 400,
      message:
        'Meta refused the call (HTTP 400): API calls from the server require an appsecret_proof argument.' +
        ' This app requires an app secret proof: enter the app secret of the app that issued the token (App settings → Basic)',
    });
  });

  it('with another app’s secret: refused as an invalid appsecret_proof', async () => {
    expect(await graph('v27.0/me', { appsecret_proof: proof('another-apps-secret') })).toEqual(
      graphError('Invalid appsecret_proof provided in the API argument', 'GraphMethodException', 100),
    );
    expect(await refusalOf(check('meta_ads', { ...meta, app_secret: 'another-apps-secret' }))).toEqual({
      kind: 'auth',
      status: 400,
      message:
        'Meta refused the call (HTTP 400): Invalid appsecret_proof provided in the API argument.' +
        ' Check that the app secret belongs to the app that issued the token (App settings → Basic)',
    });
  });

  it('an invalid token: error 190, an OAuthException', async () => {
    const res = await fetch(`${sandbox.url}/meta/v27.0/me?appsecret_proof=${proof(meta.app_secret)}`, { headers: { authorization: 'Bearer EAAexpired' } }).then(
      json,
    );
    expect(res).toEqual(graphError('Invalid OAuth access token - Cannot parse access token', 'OAuthException', 190));
    expect(await refusalOf(check('meta_ads', { ...meta, access_token: 'EAAexpired' }))).toMatchObject({
      kind: 'auth',
      message:
        'Meta refused the access token (HTTP 400): Invalid OAuth access token - Cannot parse access token. Generate a new system-user token with ads_read',
    });
  });

  it('an ad account the token cannot read: Meta’s own explanation', async () => {
    const { message } = await refusalOf(check('meta_ads', { ...meta, ad_account_id: 'act_999' }));
    expect(message).toMatch(/^Meta refused ad account act_999 \(HTTP 400\): Unsupported get request\. Object with ID 'act_999' does not exist/);
  });

  it('a retired version: the Ads API refuses it (#2635) while /me is answered by the oldest live version', async () => {
    expect(await graph('v24.0/act_1234567890', { appsecret_proof: proof(meta.app_secret) })).toEqual(
      graphError('(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version: v27.0.', 'OAuthException', 2635),
    );
    expect((await graph('v24.0/me', { appsecret_proof: proof(meta.app_secret) })).status).toBe(200);
    expect(await refusalOf(check('meta_ads', meta, { META_GRAPH_VERSION: 'v24.0' }))).toEqual({
      kind: 'request',
      status: 400,
      message:
        'Meta refused Graph API version v24.0 (HTTP 400): (#2635) You are calling a deprecated version of the Ads API.' +
        ' Please update to the latest version: v27.0. Set META_GRAPH_VERSION to a current version',
    });
  });

  it('a version Meta never had: unknown path components', async () => {
    expect(await graph('v99.0/me', { appsecret_proof: proof(meta.app_secret) })).toEqual(graphError('Unknown path components: /me', 'OAuthException', 2500));
  });
});

describe('Google Ads', () => {
  const google = SANDBOX_CREDENTIALS.google_ads;
  const QUERY = 'SELECT customer.id, customer.descriptive_name, customer.currency_code, customer.time_zone FROM customer';
  const accessToken = async () => {
    const res = await fetch(`${sandbox.url}/google-oauth/token`, {
      method: 'POST',
      body: new URLSearchParams({
        grant_type: 'refresh_token',
        client_id: google.client_id,
        client_secret: google.client_secret,
        refresh_token: google.refresh_token,
      }),
    });
    return ((await res.json()) as { access_token: string }).access_token;
  };
  const search = async (customerId: string, { login, query = QUERY, token }: { login?: string; query?: string; token?: string } = {}) =>
    fetch(`${sandbox.url}/google-ads/v26/customers/${customerId}/googleAds:search`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${token ?? (await accessToken())}`,
        'content-type': 'application/json',
        ...(login ? { 'login-customer-id': login } : {}),
      },
      body: JSON.stringify({ query }),
    }).then(json);
  const adsFailure = (http: number, status: string, message: string, errorCode: Record<string, string>, detail: string) => ({
    status: http,
    body: {
      error: {
        code: http,
        message,
        status,
        details: [
          {
            '@type': 'type.googleapis.com/google.ads.googleads.v26.errors.GoogleAdsFailure',
            errors: [{ errorCode, message: detail }],
            requestId: expect.any(String),
          },
        ],
      },
    },
  });
  const DENIED =
    "User doesn't have permission to access customer. Note: If you're accessing a client customer," +
    " the manager's customer id must be set in the 'login-customer-id' header." +
    ' See https://developers.google.com/google-ads/api/docs/concepts/call-structure#cid';

  it('queries the customer itself and names the account after its descriptive name', async () => {
    await expect(check('google_ads', google)).resolves.toEqual({ accountName: 'Sutra Sandbox Ads (1234567890)', externalId: '1234567890' });
    expect(await search('1234567890')).toEqual({
      status: 200,
      body: {
        results: [
          {
            customer: {
              resourceName: 'customers/1234567890',
              id: '1234567890',
              descriptiveName: 'Sutra Sandbox Ads',
              currencyCode: 'INR',
              timeZone: 'Asia/Calcutta',
            },
          },
        ],
        fieldMask: 'customer.id,customer.descriptiveName,customer.currencyCode,customer.timeZone',
        requestId: expect.any(String),
      },
    });
  });

  it('a client account reached through a manager: refused without login-customer-id, accepted with it', async () => {
    expect(await search('5550001111')).toEqual(
      adsFailure(403, 'PERMISSION_DENIED', 'The caller does not have permission', { authorizationError: 'USER_PERMISSION_DENIED' }, DENIED),
    );
    const { login_customer_id: _omitted, ...withoutManager } = SANDBOX_GOOGLE_ADS_MANAGED;
    expect(await refusalOf(check('google_ads', withoutManager))).toEqual({
      kind: 'auth',
      status: 403,
      message:
        `Google refused access to customer 5550001111 (HTTP 403): The caller does not have permission; ${DENIED}.` +
        ' If you reach this account through a manager account, enter the manager (MCC) customer id too',
    });
    expect((await search('5550001111', { login: '9876543210' })).status).toBe(200);
    await expect(check('google_ads', SANDBOX_GOOGLE_ADS_MANAGED)).resolves.toEqual({
      accountName: 'Sutra Sandbox Client Store (5550001111)',
      externalId: '5550001111',
    });
  });

  it('a manager that does not manage the customer: refused', async () => {
    expect((await search('1234567890', { login: '9876543210' })).status).toBe(403);
    const { message } = await refusalOf(check('google_ads', { ...google, login_customer_id: '9876543210' }));
    expect(message).toMatch(
      /^Google refused access to customer 1234567890 \(HTTP 403\): The caller does not have permission; User doesn't have permission to access customer\./,
    );
    expect(message).toMatch(/Check that manager account 9876543210 manages customer 1234567890/);
  });

  it('an unknown customer: refused as one the login may not reach', async () => {
    expect(await search('1111111111')).toEqual(
      adsFailure(403, 'PERMISSION_DENIED', 'The caller does not have permission', { authorizationError: 'USER_PERMISSION_DENIED' }, DENIED),
    );
    expect((await refusalOf(check('google_ads', { ...google, customer_id: '1111111111' }))).message).toMatch(
      /^Google refused access to customer 1111111111 \(HTTP 403\)/,
    );
  });

  it('a customer id with dashes or not of 10 digits: INVALID_CUSTOMER_ID (the connect form refuses it before any call)', async () => {
    for (const id of ['123-456-7890', '123456789']) {
      expect(await search(id)).toEqual(
        adsFailure(400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.', { requestError: 'INVALID_CUSTOMER_ID' }, `Invalid customer ID '${id}'.`),
      );
    }
    expect(await refusalOf(fetchCustomer({ ...google, customer_id: '123-456-7890' }, await accessToken(), ctx()))).toEqual({
      kind: 'auth',
      status: 400,
      message:
        'Google refused the customer id (HTTP 400): Request contains an invalid argument.;' +
        " Invalid customer ID '123-456-7890'. Enter the 10-digit ids without dashes",
    });
  });

  it('an invalid access token: 401 UNAUTHENTICATED', async () => {
    expect(await search('1234567890', { token: 'ya29.forged' })).toEqual({
      status: 401,
      body: {
        error: {
          code: 401,
          message:
            'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.' +
            ' See https://developers.google.com/identity/sign-in/web/devconsole-project.',
          status: 'UNAUTHENTICATED',
        },
      },
    });
    expect((await refusalOf(fetchCustomer(google, 'ya29.forged', ctx()))).message).toMatch(
      /^Google refused the login \(HTTP 401\): Request had invalid authentication credentials\./,
    );
  });

  it('a revoked refresh token: Google’s words', async () => {
    expect((await refusalOf(check('google_ads', { ...google, refresh_token: '1//revoked' }))).message).toBe(
      'Google refused the refresh token (HTTP 400): Token has been expired or revoked. Authorize the client again and paste the new refresh token',
    );
  });

  it('a login-customer-id that is not 10 digits: Google’s words (GoogleCloudPlatform/cloud-for-marketing#37)', async () => {
    expect(await search('1234567890', { login: '987-654-3210' })).toEqual(
      adsFailure(
        400,
        'INVALID_ARGUMENT',
        'Request contains an invalid argument.',
        { requestError: 'INVALID_LOGIN_CUSTOMER_ID' },
        "The login customer id header '987-654-3210' could not be validated.",
      ),
    );
  });

  it('a query that is not GAQL for the customer resource: a queryError, while Sutra’s query is accepted', async () => {
    expect(await search('1234567890', { query: 'SELECT customer.id, customer.nonsense FROM customer' })).toEqual(
      adsFailure(
        400,
        'INVALID_ARGUMENT',
        'Request contains an invalid argument.',
        { queryError: 'UNRECOGNIZED_FIELD' },
        "Unrecognized field in the query: 'customer.nonsense'.",
      ),
    );
    expect((await search('1234567890', { query: 'customer.id FROM customer' })).status).toBe(400);
    expect((await search('1234567890')).status).toBe(200);
  });

  it('sends developer-token only when given, and either way is accepted', async () => {
    expect(adsHeaders(google, 'ya29.x')).toEqual({ authorization: 'Bearer ya29.x' });
    expect(adsHeaders({ ...SANDBOX_GOOGLE_ADS_MANAGED, developer_token: 'dev' }, 'ya29.x')).toEqual({
      authorization: 'Bearer ya29.x',
      'login-customer-id': '9876543210',
      'developer-token': 'dev',
    });
    await expect(check('google_ads', { ...google, developer_token: 'old-developer-token' })).resolves.toMatchObject({ externalId: '1234567890' });
  });
});

describe('Delhivery', () => {
  const pincodes = (host: '' | '/staging', token: string) =>
    fetch(`${sandbox.url}/delhivery${host}/c/api/pin-codes/json/?filter_codes=110001`, { headers: { authorization: `Token ${token}` } }).then(async (res) => ({
      status: res.status,
      body: await res.text(),
    }));
  const REFUSED = { status: 401, body: 'Login or API Key Required' };

  it('calls production at DELHIVERY_BASE_URL and staging at DELHIVERY_STAGING_BASE_URL, defaulting to Delhivery’s hosts', () => {
    expect(loadConfig({}).providers).toMatchObject({
      delhiveryBaseUrl: 'https://track.delhivery.com',
      delhiveryStagingBaseUrl: 'https://staging-express.delhivery.com',
    });
  });

  it('a production token on the production host and a staging token on the staging host are accepted', async () => {
    await expect(check('delhivery', SANDBOX_CREDENTIALS.delhivery)).resolves.toEqual({ accountName: 'Sutra Sandbox Warehouse' });
    await expect(check('delhivery', { ...SANDBOX_CREDENTIALS.delhivery, environment: 'production' })).resolves.toEqual({
      accountName: 'Sutra Sandbox Warehouse',
    });
    await expect(check('delhivery', SANDBOX_DELHIVERY_STAGING)).resolves.toEqual({ accountName: 'Sutra Sandbox Warehouse' });
  });

  it('a staging token on the production host is refused, and so is a production token on staging', async () => {
    expect(await pincodes('', SANDBOX_DELHIVERY_STAGING.api_token)).toEqual(REFUSED);
    expect(await pincodes('/staging', SANDBOX_CREDENTIALS.delhivery.api_token)).toEqual(REFUSED);
    expect((await pincodes('/staging', SANDBOX_DELHIVERY_STAGING.api_token)).status).toBe(200);

    expect(await refusalOf(check('delhivery', { ...SANDBOX_DELHIVERY_STAGING, environment: 'production' }))).toEqual({
      kind: 'auth',
      status: 401,
      message:
        'Delhivery refused the API token on its production host (HTTP 401): Login or API Key Required.' +
        ' Copy the token again from Delhivery One → Settings → API setup; a staging token needs Environment = staging',
    });
    expect(await refusalOf(check('delhivery', { ...SANDBOX_CREDENTIALS.delhivery, environment: 'staging' }))).toEqual({
      kind: 'auth',
      status: 401,
      message:
        'Delhivery refused the API token on its staging host (HTTP 401): Login or API Key Required.' +
        ' This connection is set to staging: a production token needs Environment = production',
    });
  });
});
