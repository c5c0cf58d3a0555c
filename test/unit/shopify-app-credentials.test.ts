import { loadConfig } from '../../src/config.js';
import { CredentialInputError } from '../../src/domain/errors.js';
import { requireProvider } from '../../src/providers/registry.js';
import { previousSecrets } from '../../src/services/connection-service.js';
import { validateCredentialInput } from '../../src/services/credential-input.js';
import { renewalDue } from '../../src/services/credential-renewal.js';

const app = requireProvider('shopify_app');
const KEY = '0123456789abcdef0123456789abcdef';
const HOUR = 3_600_000;

describe('Shopify app credentials', () => {
  it('take apiKey / apiSecret (the issue’s spelling) and store them under the catalog’s keys', () => {
    expect(validateCredentialInput(app, { apiKey: KEY, apiSecret: ' shpss_x ' })).toEqual({ api_key: KEY, api_secret: 'shpss_x' });
    expect(validateCredentialInput(app, { api_key: KEY, api_secret: 'shpss_x', scopes: 'read_orders' })).toEqual({
      api_key: KEY,
      api_secret: 'shpss_x',
      scopes: 'read_orders',
    });
  });

  it('refuse a field given under two of its names', () => {
    try {
      validateCredentialInput(app, { api_key: KEY, apiKey: KEY, apiSecret: 'shpss_x' });
      throw new Error('expected a CredentialInputError');
    } catch (err) {
      expect((err as CredentialInputError).problems).toEqual([
        { field: 'api_key', message: 'api_key and apiKey are the same field (API key (client id)): give it once' },
      ]);
    }
  });

  it('keep a replaced secret as previous_api_secret for 24 hours, and carry it while the same new secret is saved again', () => {
    const now = new Date('2026-12-07T10:00:00Z');
    const kept = previousSecrets(app, { api_key: KEY, api_secret: 'old' }, { api_key: KEY, api_secret: 'new' }, now);
    expect(kept).toEqual({ previous_api_secret: 'old', previous_api_secret_expires_at: '2026-12-08T10:00:00.000Z' });

    const later = new Date(now.getTime() + 2 * HOUR);
    const stored = { api_key: KEY, api_secret: 'new', ...kept };
    expect(previousSecrets(app, stored, { api_key: KEY, api_secret: 'new' }, later)).toEqual(kept);
    // Once the day is over the old secret is dropped.
    expect(previousSecrets(app, stored, { api_key: KEY, api_secret: 'new' }, new Date(now.getTime() + 25 * HOUR))).toEqual({});
    // A first save keeps nothing.
    expect(previousSecrets(app, {}, { api_key: KEY, api_secret: 'new' }, now)).toEqual({});
  });

  it('read SHOPIFY_API_SECRET_PREVIOUS beside the deployment’s app', () => {
    const config = loadConfig({ NODE_ENV: 'test', SHOPIFY_API_KEY: KEY, SHOPIFY_API_SECRET: 'new', SHOPIFY_API_SECRET_PREVIOUS: 'old' });
    expect(config.shopifyApp).toMatchObject({ apiKey: KEY, apiSecret: 'new', previousApiSecret: 'old' });
  });
});

describe('when a shop’s token is renewed', () => {
  const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
  const installed = { shop: 'a.myshopify.com', access_token: 'shpat_1', api_key: KEY, refresh_token: 'shprt_1' };

  it('renews an app-installed shop’s token within 5 minutes of its expiry, not before', () => {
    expect(renewalDue('shopify', { ...installed, access_token_expires_at: inMinutes(30) })).toBe(false);
    expect(renewalDue('shopify', { ...installed, access_token_expires_at: inMinutes(4) })).toBe(true);
    expect(renewalDue('shopify', { ...installed, access_token_expires_at: inMinutes(-1) })).toBe(true);
  });

  it('migrates a non-expiring token of the app, and never touches a custom app’s token', () => {
    expect(renewalDue('shopify', { shop: 'a.myshopify.com', access_token: 'shpat_1', api_key: KEY })).toBe(true);
    expect(renewalDue('shopify', { shop: 'a.myshopify.com', access_token: 'shpat_1' })).toBe(false);
    expect(renewalDue('flipkart', { app_id: 'x', app_secret: 'y' })).toBe(false);
  });
});
