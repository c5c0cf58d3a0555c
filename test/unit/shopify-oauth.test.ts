import { callbackFresh, queryHmac, shopDomain, signedQuery, verifyQueryHmac } from '../../src/providers/shopify/oauth.js';

const T1 = {
  code: '0907a61c0c8d55e99db179b68161bc00',
  hmac: '700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf',
  shop: 'some-shop.myshopify.com',
  state: '0.6784241404160823',
  timestamp: '1337178173',
};

/** The HMAC test vectors of docs/providers.md §1.6, secret "hush". */
describe('Shopify callback HMAC (hex, sorted query)', () => {
  it('T1: Shopify’s documented OAuth example, signed without its hmac', () => {
    expect(signedQuery(T1)).toBe('code=0907a61c0c8d55e99db179b68161bc00&shop=some-shop.myshopify.com&state=0.6784241404160823&timestamp=1337178173');
    expect(queryHmac(T1, 'hush')).toBe(T1.hmac);
    expect(verifyQueryHmac(T1, 'hush')).toBe(true);
  });

  it('T2: the same query without state', () => {
    const { state: _state, hmac: _hmac, ...t2 } = T1;
    expect(queryHmac(t2, 'hush')).toBe('4712bf92ffc2917d15a2f5a273e39f0116667419aa4b6ac0b3baaf26fa3c4d20');
  });

  it('T5: a query with host, keys given out of order', () => {
    const t5 = {
      timestamp: '1700000000',
      state: 'nonce-xyz',
      shop: 'test-shop.myshopify.com',
      host: 'YWRtaW4uc2hvcGlmeS5jb20vc3RvcmUvdGVzdC1zaG9w',
      code: 'abc123',
    };
    expect(queryHmac(t5, 'hush')).toBe('e2e3b91a65a743e401c8169b033b184a28911c517ee5dab4d974e734a82a37e0');
    expect(verifyQueryHmac({ ...t5, hmac: 'E2E3B91A65A743E401C8169B033B184A28911C517EE5DAB4D974E734A82A37E0' }, 'hush')).toBe(true);
  });

  it('signs spaces as %20, as Shopify does', () => {
    expect(signedQuery({ a: 'x y', b: 'p+q' })).toBe('a=x%20y&b=p%2Bq');
  });

  it('refuses a changed parameter, another secret, a missing or malformed hmac', () => {
    expect(verifyQueryHmac({ ...T1, shop: 'other-shop.myshopify.com' }, 'hush')).toBe(false);
    expect(verifyQueryHmac({ ...T1, extra: '1' }, 'hush')).toBe(false);
    expect(verifyQueryHmac(T1, 'hushh')).toBe(false);
    const { hmac: _hmac, ...unsigned } = T1;
    expect(verifyQueryHmac(unsigned, 'hush')).toBe(false);
    expect(verifyQueryHmac({ ...T1, hmac: T1.hmac.slice(0, 62) }, 'hush')).toBe(false);
    expect(verifyQueryHmac({ ...T1, hmac: 'zz' + T1.hmac.slice(2) }, 'hush')).toBe(false);
  });
});

/** The callback's timestamp (docs/providers.md §1.4 item 5): the library's 90-second window, which Sutra adopts. */
describe('Shopify callback timestamp', () => {
  const at = (seconds: number) => ({ ...T1, timestamp: String(seconds) });
  const now = 1_765_000_000_000;

  it('takes a timestamp within 90 s either way', () => {
    expect(callbackFresh(at(now / 1000), now)).toBe(true);
    expect(callbackFresh(at(now / 1000 - 90), now)).toBe(true);
    expect(callbackFresh(at(now / 1000 + 90), now)).toBe(true);
  });

  it('refuses one older or further ahead, T1’s of 2012, a missing or non-integer one', () => {
    expect(callbackFresh(at(now / 1000 - 91), now)).toBe(false);
    expect(callbackFresh(at(now / 1000 + 91), now)).toBe(false);
    expect(callbackFresh(T1, now)).toBe(false);
    const { timestamp: _t, ...none } = T1;
    expect(callbackFresh(none, now)).toBe(false);
    expect(callbackFresh({ ...T1, timestamp: `${now / 1000}.5` }, now)).toBe(false);
    expect(callbackFresh({ ...T1, timestamp: '-1' }, now)).toBe(false);
  });
});

/** Shop domains (docs/providers.md §1.5): Sutra takes only .myshopify.com shops, stricter than Shopify's library. */
describe('Shopify shop domain', () => {
  it.each([
    ['someshop.myshopify.com', 'someshop.myshopify.com'],
    ['test-shop.myshopify.com', 'test-shop.myshopify.com'],
    ['Test-Shop.MyShopify.com', 'test-shop.myshopify.com'],
    [' sutra-sandbox.myshopify.com ', 'sutra-sandbox.myshopify.com'],
  ])('takes %j as %s', (input, shop) => {
    expect(shopDomain(input)).toBe(shop);
  });

  it.each([
    'notshopify.com',
    '-invalid.myshopify.io',
    'not-admin.shopify.com/store/my-shop',
    // Shopify's library takes these (development domains); a production install does not.
    'devshop.myshopify.io',
    'dev-shop-.myshopify.io',
    'https://someshop.myshopify.com',
    'someshop.myshopify.com/',
    'someshop.myshopify.com.evil.example',
    'evil.example/someshop.myshopify.com',
    'some_shop.myshopify.com',
    '.myshopify.com',
    '',
  ])('refuses %j', (input) => {
    expect(shopDomain(input)).toBeUndefined();
  });
});
