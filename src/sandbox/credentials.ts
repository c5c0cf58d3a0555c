/**
 * The accounts the sandbox knows. Connecting with these succeeds; anything else is
 * refused the way the real provider refuses it. Published in the README for demo use.
 */
export const SANDBOX_CREDENTIALS = {
  // api_secret: the custom app's API secret key, which signs that shop's webhook deliveries (docs/providers.md §1.2).
  shopify: { shop: 'sutra-sandbox.myshopify.com', access_token: 'shpat_sandbox0000000000000000000001', api_secret: 'shpss_sandbox_custom_app_secret' },
  shopify_app: { api_key: '0123456789abcdef0123456789abcdef', api_secret: 'shpss_sandbox_app_secret' },
  amazon: {
    lwa_client_id: 'amzn1.application-oa2-client.sutrasandbox0001',
    lwa_client_secret: 'amzn1.oa2-cs.v1.sandbox-client-secret',
    refresh_token: 'Atzr|sandbox-refresh-token-0001',
    selling_partner_id: 'A1SANDBOXSELLER',
    marketplace_id: 'A21TJRUUN4KGV',
  },
  flipkart: { app_id: 'sandbox-flipkart-app-0001', app_secret: 'sandbox-flipkart-app-secret' },
  myntra: { merchant_id: 'SANDBOX-MERCHANT-1', secret_key: 'sandbox-myntra-secret-key', warehouse_id: 'WH-SANDBOX-1' },
  // The sandbox's Meta app has "Require App Secret" on: every call must carry appsecret_proof.
  meta_ads: { access_token: 'EAASandboxSystemUserToken0001', ad_account_id: 'act_1234567890', app_secret: 'sandbox-meta-app-secret-0001' },
  google_ads: {
    client_id: 'sandbox-client-0001.apps.googleusercontent.com',
    client_secret: 'GOCSPX-sandbox-client-secret',
    refresh_token: '1//sandbox-refresh-token-0001',
    // An account the authorized user reaches directly.
    customer_id: '1234567890',
  },
  delhivery: { api_token: 'sandbox-delhivery-api-token-0001', pickup_location: 'Sutra Sandbox Warehouse' },
  selloship: { username: 'seller@sandbox.sutra.test', password: 'sandbox-selloship-password' },
} as const;

/**
 * A seller's second account of a provider: another Flipkart seller app (a second brand), and
 * a second ad account the same Meta system user reaches. The Flipkart sandbox serves both
 * seller apps the same order book; each account keeps its own copy in Sutra.
 */
export const SANDBOX_SECOND_ACCOUNTS = {
  flipkart: { app_id: 'sandbox-flipkart-app-0002', app_secret: 'sandbox-flipkart-app-secret-2' },
  meta_ads: { ...SANDBOX_CREDENTIALS.meta_ads, ad_account_id: 'act_2234567890' },
} as const;

/** Google Ads: a client account the user reaches only through its manager (MCC) account. */
export const SANDBOX_GOOGLE_ADS_MANAGED = { ...SANDBOX_CREDENTIALS.google_ads, customer_id: '5550001111', login_customer_id: '9876543210' } as const;

/** Google Ads: the same manager's client account billed in US dollars (the exchange-rate path of ad spend). */
export const SANDBOX_GOOGLE_ADS_USD = { ...SANDBOX_CREDENTIALS.google_ads, customer_id: '5550002222', login_customer_id: '9876543210' } as const;

/** Delhivery: a staging token, good only on the staging host (docs/providers.md §7.1). */
export const SANDBOX_DELHIVERY_STAGING = {
  api_token: 'sandbox-delhivery-staging-token-0001',
  pickup_location: 'Sutra Sandbox Warehouse',
  environment: 'staging',
} as const;

/** The outside-URL variables (README "Configuration": one base-URL variable per provider) that point Sutra at a sandbox. */
export function sandboxEnv(baseUrl: string): Record<string, string> {
  const b = baseUrl.replace(/\/$/, '');
  return {
    SHOPIFY_BASE_URL: `${b}/shopify/{shop}`,
    AMAZON_SP_API_BASE_URL: `${b}/amazon/sp-api`,
    AMAZON_LWA_TOKEN_URL: `${b}/amazon/auth/o2/token`,
    FLIPKART_BASE_URL: `${b}/flipkart`,
    META_GRAPH_BASE_URL: `${b}/meta`,
    GOOGLE_ADS_BASE_URL: `${b}/google-ads`,
    GOOGLE_OAUTH_TOKEN_URL: `${b}/google-oauth/token`,
    DELHIVERY_BASE_URL: `${b}/delhivery`,
    DELHIVERY_STAGING_BASE_URL: `${b}/delhivery/staging`,
    SELLOSHIP_BASE_URL: `${b}/selloship/api/lock_actvs/channels`,
  };
}
