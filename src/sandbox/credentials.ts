/**
 * The accounts the sandbox knows. Connecting with these succeeds; anything else is
 * refused the way the real provider refuses it. Published in the README for demo use.
 */
export const SANDBOX_CREDENTIALS = {
  shopify: { shop: 'sutra-sandbox.myshopify.com', access_token: 'shpat_sandbox0000000000000000000001' },
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
  meta_ads: { access_token: 'EAASandboxSystemUserToken0001', ad_account_id: 'act_1234567890' },
  google_ads: {
    client_id: 'sandbox-client-0001.apps.googleusercontent.com',
    client_secret: 'GOCSPX-sandbox-client-secret',
    refresh_token: '1//sandbox-refresh-token-0001',
    customer_id: '1234567890',
  },
  delhivery: { api_token: 'sandbox-delhivery-api-token-0001', pickup_location: 'Sutra Sandbox Warehouse' },
  selloship: { username: 'seller@sandbox.sutra.test', password: 'sandbox-selloship-password' },
} as const;

/** The outside-URL variables (DESIGN.md "Outside URLs") that point Sutra at a sandbox. */
export function sandboxEnv(baseUrl: string): Record<string, string> {
  const b = baseUrl.replace(/\/$/, '');
  return {
    SHOPIFY_BASE_URL: `${b}/shopify/{shop}`,
    AMAZON_SP_API_BASE_URL: `${b}/amazon/sp-api`,
    AMAZON_LWA_TOKEN_URL: `${b}/amazon/auth/o2/token`,
    FLIPKART_BASE_URL: `${b}/flipkart`,
    MYNTRA_BASE_URL: `${b}/myntra`,
    META_GRAPH_BASE_URL: `${b}/meta`,
    GOOGLE_ADS_BASE_URL: `${b}/google-ads`,
    GOOGLE_OAUTH_TOKEN_URL: `${b}/google-oauth/token`,
    DELHIVERY_BASE_URL: `${b}/delhivery`,
    SELLOSHIP_BASE_URL: `${b}/selloship/api/lock_actvs/channels`,
  };
}
