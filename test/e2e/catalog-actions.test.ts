import { setTimeout as sleep } from 'node:timers/promises';
import { buildClientSchema, getIntrospectionQuery, getNamedType, isLeafType, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { doc, gql, newUserToken, startTestServer, type GraphQLResponse, type TestServer } from '../support/server.js';
import { connectSandbox } from '../support/sync.js';

type Availability = { available: boolean; unavailableReason: string | null };
type Action = Availability & { id: string; label: string; operation: string; variables: Record<string, unknown> };
type OAuth = Availability & { mutation: string; queryKey: string };
type Catalog = { integrationCatalog: { sections: Array<{ providers: Array<{ id: string; oauth: OAuth | null; actions: Action[] }> }> } };

const CATALOG = doc<Catalog>(`{ integrationCatalog { sections { providers {
  id oauth { mutation queryKey available unavailableReason } actions { id label operation variables available unavailableReason }
} } } }`);
const JOBS = doc<{ syncHistory: { edges: Array<{ node: { providerId: string; status: string } }> } }>(
  '{ syncHistory(first: 50) { edges { node { providerId status } } } }',
);

const PROVIDERS = ['shopify', 'amazon', 'flipkart', 'myntra', 'meta_ads', 'google_ads', 'delhivery', 'selloship'] as const;

/** The document a console builds from an action: its operation, with exactly the catalog's variables. */
function actionDocument(schema: GraphQLSchema, operation: string, variables: Record<string, unknown>): string {
  const mutation = schema.getMutationType()!.getFields()[operation];
  const field = mutation ?? schema.getQueryType()!.getFields()[operation];
  if (!field) throw new Error(`the catalog names ${operation}, which the schema does not have`);
  const names = Object.keys(variables);
  const typeOf = (name: string) => {
    const arg = field.args.find((a) => a.name === name);
    if (!arg) throw new Error(`${operation} has no argument ${name}`);
    return String(arg.type);
  };
  const definitions = names.length ? `(${names.map((n) => `$${n}: ${typeOf(n)}`).join(', ')})` : '';
  const args = names.length ? `(${names.map((n) => `${n}: $${n}`).join(', ')})` : '';
  const selection = isLeafType(getNamedType(field.type)) ? '' : ' { __typename }';
  return `${mutation ? 'mutation' : 'query'}${definitions} { ${operation}${args}${selection} }`;
}

/**
 * The integration screens are drawn from the catalog alone: a button it offers either does
 * what it says, or says it is not available (the console greys it out) and its operation
 * answers NOT_IMPLEMENTED in the same words, never an error the seller could try to fix.
 */
describe('every button the catalog offers', () => {
  let server: TestServer;
  let schema: GraphQLSchema;
  let seller: { subject: string; token: string };
  let providers: Catalog['integrationCatalog']['sections'][number]['providers'];

  beforeAll(async () => {
    server = await startTestServer({ sandbox: { orders: 20, rateScale: 500 } });
    seller = await newUserToken('buttons');
    for (const id of [...PROVIDERS, 'shopify_app'] as const) await connectSandbox(server, seller.token, id);
    const introspection = await gql(server, doc<IntrospectionQuery>(getIntrospectionQuery()), {}, seller.token);
    schema = buildClientSchema(introspection.data!);
    providers = (await gql(server, CATALOG, {}, seller.token)).data!.integrationCatalog.sections.flatMap((s) => s.providers);
  });
  afterAll(() => server.stop());

  const press = (operation: string, variables: Record<string, unknown>) =>
    gql(server, doc<Record<string, unknown>>(actionDocument(schema, operation, variables)), variables, seller.token);

  /** What pressing a button answered, in the terms the seller sees. */
  const outcome = (res: GraphQLResponse<unknown>) =>
    res.errors ? { code: res.errors[0]!.extensions?.code, message: res.errors[0]!.message } : { code: undefined, message: undefined };

  it('serves every button it offers, the ad spend syncs included', () => {
    const unavailable = providers.flatMap((p) => p.actions.filter((a) => !a.available).map((a) => [p.id, a.id, a.unavailableReason]));
    expect(unavailable).toEqual([]);
    for (const action of providers.flatMap((p) => p.actions)) expect(action.available).toBe(action.unavailableReason === null);
    expect(providers.find((p) => p.id === 'shopify')!.oauth).toEqual({
      mutation: 'beginOAuthInstall',
      queryKey: 'shop',
      available: true,
      unavailableReason: null,
    });
  });

  it.each(['meta_ads', 'google_ads'])(
    'queues an ad spend sync for syncProvider(providerId: "%s"), and tells a seller without the account to connect it',
    async (providerId) => {
      const res = await gql(
        server,
        doc<{ syncProvider: { scope: string } }>('mutation($p: ID!) { syncProvider(providerId: $p) { scope } }'),
        { p: providerId },
        seller.token,
      );
      expect(res.data?.syncProvider.scope).toBe('AD_SPEND');
      const stranger = await newUserToken('not-connected');
      const refused = await gql(server, doc('mutation($p: ID!) { syncProvider(providerId: $p) { id } }'), { p: providerId }, stranger.token);
      expect(refused.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    },
  );

  it('does what every available button says, with its catalog variables', async () => {
    const available = providers.flatMap((p) => p.actions.filter((a) => a.available).map((a) => ({ provider: p.id, ...a })));
    // Disconnecting comes last: the other buttons need the account.
    const order = [...available.filter((a) => a.operation !== 'disconnectProvider'), ...available.filter((a) => a.operation === 'disconnectProvider')];
    expect(order.map((a) => `${a.provider}.${a.id}`)).toEqual(
      expect.arrayContaining([
        'shopify.sync_orders',
        'shopify.sync_inventory',
        'shopify.register_webhooks',
        'amazon.sync_orders',
        'flipkart.sync_orders',
        'delhivery.sync_shipments',
        'meta_ads.sync_ad_spend',
        'google_ads.sync_ad_spend',
        'selloship.sync_shipments',
        'myntra.disconnect',
      ]),
    );
    for (const a of order) {
      // The syncs those buttons started went through before their accounts are disconnected.
      if (a.operation === 'disconnectProvider') expect(new Set(await syncsEnded())).toEqual(new Set(['SUCCEEDED']));
      const { code, message } = outcome(await press(a.operation, a.variables));
      expect({ button: `${a.provider}.${a.id}`, code, message }).toEqual({ button: `${a.provider}.${a.id}`, code: undefined, message: undefined });
    }
    // The OAuth card: its mutation with the shop typed into it begins the install.
    const installs = providers.filter((p) => p.oauth?.available);
    expect(installs.map((p) => p.id)).toEqual(['shopify']);
    for (const p of installs) {
      const res = await press(p.oauth!.mutation, { providerId: p.id, [p.oauth!.queryKey]: SANDBOX_CREDENTIALS.shopify.shop });
      expect(outcome(res)).toEqual({ code: undefined, message: undefined });
    }
  }, 120_000);

  /** Waits for every sync of the seller to end; their statuses. */
  async function syncsEnded(): Promise<string[]> {
    for (let i = 0; i < 600; i++) {
      const { edges } = (await gql(server, JOBS, {}, seller.token)).data!.syncHistory;
      if (edges.every((e) => e.node.status === 'SUCCEEDED' || e.node.status === 'FAILED')) return edges.map((e) => e.node.status);
      await sleep(100);
    }
    throw new Error(`the syncs did not end in 60 s: ${JSON.stringify((await gql(server, JOBS, {}, seller.token)).data)}`);
  }
});
