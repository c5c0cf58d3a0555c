import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { ConnectType, FieldType, ProviderKind } from '../../src/domain/enums.js';
import { catalogProviders, getProvider, getProviderModule, providers } from '../../src/providers/registry.js';

// The operations clients rely on: the last released schema (see test/integration/schema-file.test.ts).
const contract = buildSchema(readFileSync('schema.released.graphql', 'utf8'));
const mutations = Object.keys(contract.getMutationType()!.getFields());
const queries = Object.keys(contract.getQueryType()!.getFields());

describe('provider registry', () => {
  it('lists the eight catalog providers once each, plus the hidden Shopify app credential', () => {
    const ids = providers.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(catalogProviders().map((p) => p.id)).toEqual(['shopify', 'amazon', 'flipkart', 'myntra', 'meta_ads', 'google_ads', 'delhivery', 'selloship']);
    expect(getProvider('shopify_app')?.hidden).toBe(true);
  });

  it.each(providers.map((p) => [p.id, p] as const))('%s is complete and consistent', (_id, p) => {
    expect(p.name).toBeTruthy();
    expect(p.icon).toMatch(/^[a-z0-9-]+$/);
    expect(p.color).toMatch(/^#[0-9A-F]{6}$/i);
    expect(p.fields.length).toBeGreaterThan(0);
    expect(new Set(p.fields.map((f) => f.key)).size).toBe(p.fields.length);
    for (const f of p.fields) {
      expect(f.label).toBeTruthy();
      if (f.pattern) expect(() => new RegExp(f.pattern!)).not.toThrow();
      if (f.secret) expect(f.type).toBe(FieldType.PASSWORD);
      if (f.type === FieldType.SELECT) expect(f.options?.length).toBeGreaterThan(0);
    }
    for (const action of p.actions) {
      expect([...mutations, ...queries]).toContain(action.operation);
      if ('providerId' in action.variables) expect(action.variables.providerId).toBe(p.id);
      if ('scope' in action.variables) expect(p.syncScopes).toContain(action.variables.scope);
    }
    if (p.accountNameField) expect(p.fields.find((f) => f.key === p.accountNameField)?.secret).toBe(false);
    if (p.kind === ProviderKind.COMMERCE && !p.hidden) expect(p.channelType).toBeDefined();
    expect(p.setupSteps.length).toBeGreaterThan(0);
  });

  it('pulls every sales channel but Myntra, which pushes its orders (docs/providers.md §4)', () => {
    for (const p of catalogProviders(ProviderKind.COMMERCE)) {
      const module = getProviderModule(p.id)!;
      if (p.id === 'myntra') {
        expect({ push: p.push, pull: module.commerce, syncScopes: p.syncScopes, actions: p.actions.map((a) => a.operation) }).toEqual({
          push: { receiverPath: '/api/webhooks/myntra' },
          pull: undefined,
          syncScopes: [],
          actions: ['disconnectProvider'],
        });
        expect(module.intake).toBeDefined();
      } else {
        expect(p.push).toBeUndefined();
        expect(module.commerce).toBeDefined();
      }
    }
  });

  it('connects Shopify through OAuth and everything else with keys', () => {
    for (const p of catalogProviders()) {
      if (p.id === 'shopify') {
        expect(p.connectType).toBe(ConnectType.OAUTH);
        expect(p.oauth).toEqual({ mutation: 'beginOAuthInstall', queryKey: 'shop', callbackPath: '/channels/shopify/oauth/callback' });
      } else {
        expect(p.connectType).toBe(ConnectType.API_KEY);
        expect(p.oauth).toBeUndefined();
      }
    }
  });

  it('asks for what each real API needs (docs/providers.md §0)', () => {
    const keys = (id: string) =>
      getProvider(id)!
        .fields.filter((f) => f.required)
        .map((f) => f.key);
    expect(keys('amazon')).toEqual(['lwa_client_id', 'lwa_client_secret', 'refresh_token', 'selling_partner_id', 'marketplace_id']);
    expect(keys('google_ads')).toEqual(['client_id', 'client_secret', 'refresh_token', 'customer_id']);
    expect(getProvider('google_ads')!.fields.find((f) => f.key === 'developer_token')?.required).toBe(false);
    expect(keys('delhivery')).toContain('api_token');
    expect(keys('selloship')).toEqual(['username', 'password']);
    expect(new RegExp(getProvider('google_ads')!.fields.find((f) => f.key === 'customer_id')!.pattern!).test('123-456-7890')).toBe(false);
  });
});
