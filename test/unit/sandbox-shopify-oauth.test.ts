import { ShopifyInstalls } from '../../src/sandbox/shopify-oauth.js';

const SHOP = 'rules.myshopify.com';

/** The sandbox's Shopify tokens follow docs/providers.md §1.1. */
describe('the sandbox’s Shopify token rules', () => {
  it('rotates the refresh token at each refresh; the old one works until its replacement is first used', () => {
    const installs = new ShopifyInstalls();
    const first = installs.issueExpiring(SHOP);
    const second = installs.refresh(SHOP, first.refresh_token)!;
    expect(second.refresh_token).not.toBe(first.refresh_token);
    // One token set per shop: the access token before the refresh stops working.
    expect(installs.opens(SHOP, first.access_token)).toBe(false);
    expect(installs.opens(SHOP, second.access_token)).toBe(true);

    // The answer with `second` was lost: `first` still refreshes, as its replacement was never used.
    const again = installs.refresh(SHOP, first.refresh_token)!;
    expect(installs.refresh(SHOP, second.refresh_token)).toBeUndefined();
    const third = installs.refresh(SHOP, again.refresh_token)!;
    // `again` was used: `first` is spent for good.
    expect(installs.refresh(SHOP, first.refresh_token)).toBeUndefined();
    expect(installs.opens(SHOP, third.access_token)).toBe(true);
    expect(installs.grants(SHOP).refreshes).toBe(5);
  });

  it('refuses an expired or unknown refresh token', () => {
    const installs = new ShopifyInstalls();
    const set = installs.issueExpiring(SHOP);
    expect(installs.refresh(SHOP, 'shprt_unknown')).toBeUndefined();
    expect(installs.refresh('other.myshopify.com', set.refresh_token)).toBeUndefined();
    installs.expireRefreshToken(SHOP);
    expect(installs.refresh(SHOP, set.refresh_token)).toBeUndefined();
  });

  it('expires an access token on demand', () => {
    const installs = new ShopifyInstalls();
    const set = installs.issueExpiring(SHOP);
    installs.expireAccessToken(SHOP);
    expect(installs.opens(SHOP, set.access_token)).toBe(false);
  });

  it('swaps a non-expiring token for an expiring pair once, answering a retry with the same pair', () => {
    const installs = new ShopifyInstalls();
    const legacy = installs.issueNonExpiring(SHOP);
    const pair = installs.exchange(SHOP, legacy)!;
    expect(pair.expires_in).toBe(3600);
    expect(installs.opens(SHOP, legacy)).toBe(false);
    expect(installs.exchange(SHOP, legacy)).toEqual(pair);
    // An expiring token is no subject for the exchange.
    expect(installs.exchange(SHOP, pair.access_token)).toBeUndefined();
  });
});
