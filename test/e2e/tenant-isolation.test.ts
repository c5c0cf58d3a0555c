import {
  AdSpendDaily,
  ChannelAccount,
  ChannelType,
  InventoryLevel,
  Order,
  OrderItem,
  OrderStatus,
  PaymentMethod,
  ProviderCredential,
  Shipment,
  ShopifyIntegration,
  SyncJob,
  SyncLog,
  SyncScope,
  SyncTrigger,
  User,
  Warehouse,
} from '../../src/domain/index.js';
import { gql, newUserToken, startTestServer, type TestServer } from '../support/server.js';

const sealed = () => ({ keyId: 'k1', nonce: Buffer.alloc(12), ciphertext: Buffer.from('x'), authTag: Buffer.alloc(16) });

/** Everything a seller can own, for one user; returns the ids another user must not reach. */
async function seed(server: TestServer, subject: string) {
  const em = server.db.em.fork();
  const user = await em.findOneOrFail(User, { subject });
  const account = em.create(ChannelAccount, {
    user,
    providerId: 'shopify',
    channelType: ChannelType.SHOPIFY,
    externalId: 'asha.myshopify.com',
    displayName: 'Asha Store',
  });
  em.create(ShopifyIntegration, {
    user,
    channelAccount: account,
    shop: 'asha.myshopify.com',
    webhooks: [{ topic: 'orders/create', address: 'https://sutra.test/webhooks/shopify', active: true, registeredAt: new Date().toISOString() }],
  });
  em.create(ProviderCredential, { user, providerId: 'shopify', channelAccount: account, secret: sealed(), accountName: 'asha.myshopify.com' });
  const courier = em.create(ChannelAccount, { user, providerId: 'delhivery', externalId: 'Main WH', displayName: 'Delhivery · Main WH' });
  em.create(ProviderCredential, { user, providerId: 'delhivery', channelAccount: courier, secret: sealed(), accountName: 'Main WH' });
  const order = em.create(Order, {
    user,
    channelAccount: account,
    providerId: 'shopify',
    externalId: 'gid://shopify/Order/5662123456789',
    orderNumber: '#1001',
    status: OrderStatus.CONFIRMED,
    rawStatus: 'PAID/UNFULFILLED',
    paymentMethod: PaymentMethod.PREPAID,
    currency: 'INR',
    orderedAt: new Date('2026-11-20T10:15:00Z'),
    sourceUpdatedAt: new Date('2026-11-20T10:15:00Z'),
    itemSubtotal: '1499.00',
    discounts: '0',
    shippingCharged: '0',
    tax: '228.66',
    total: '1499.00',
  });
  em.create(OrderItem, {
    user,
    order,
    externalLineId: 'gid://shopify/LineItem/1403',
    sku: 'TSHIRT-BLK-M',
    title: 'T-Shirt',
    quantity: 1,
    unitPrice: '1499.00',
    discount: '0',
    tax: '0',
  });
  const shipment = em.create(Shipment, { user, order, providerId: 'delhivery', trackingNumber: '38261910000346' });
  const job = em.create(SyncJob, { user, providerId: 'shopify', channelAccount: account, scope: SyncScope.ORDERS, trigger: SyncTrigger.MANUAL });
  em.create(SyncLog, { user, job, level: 'info', message: 'imported 1 order' });
  const warehouse = em.create(Warehouse, { user, code: 'default', name: 'Default' });
  em.create(InventoryLevel, { user, warehouse, sku: 'TSHIRT-BLK-M', onHand: 10, reserved: 1 });
  em.create(AdSpendDaily, { user, providerId: 'meta_ads', accountId: 'act_1234567890', date: '2026-11-20', spend: '2450.37', currency: 'INR' });
  await em.flush();
  return { accountId: account.id, orderId: order.id, jobId: job.id, shipmentId: shipment.id };
}

const READ_ALL = `
  query($orderId: ID!, $jobId: ID!, $accountId: ID!) {
    channelAccounts { id }
    connectedSummary { total items { providerId } }
    delhivery: providerStatus(providerId: "delhivery") { state accountName }
    order(id: $orderId) { id items { sku } shipments { trackingNumber } }
    orders { totalCount edges { node { id } } }
    byAccount: orders(filter: { channelAccountId: $accountId }) { totalCount }
    syncJob(id: $jobId) { id logs { message } }
    syncHistory { edges { node { id } } }
    shipments { edges { node { id } } }
    inventory { sku }
    adSpend(from: "2026-11-01", to: "2026-11-30") { spend { amount } }
    webhookSubscriptions { topic }
  }`;

describe('two tenants', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.stop());

  it('neither can read the other’s rows through any implemented operation', async () => {
    const alice = await newUserToken('alice');
    const bob = await newUserToken('bob');
    await gql(server, '{ channelAccounts { id } }', {}, alice.token);
    await gql(server, '{ channelAccounts { id } }', {}, bob.token);
    const ids = await seed(server, alice.subject);

    const own = await gql(server, READ_ALL, ids, alice.token);
    expect(own.errors).toBeUndefined();
    expect(own.data).toMatchObject({
      channelAccounts: [{ id: ids.accountId }],
      connectedSummary: { total: 2 },
      delhivery: { state: 'CONNECTED', accountName: 'Main WH' },
      order: { id: ids.orderId, items: [{ sku: 'TSHIRT-BLK-M' }], shipments: [{ trackingNumber: '38261910000346' }] },
      orders: { totalCount: 1 },
      byAccount: { totalCount: 1 },
      syncJob: { id: ids.jobId, logs: [{ message: 'imported 1 order' }] },
      inventory: [{ sku: 'TSHIRT-BLK-M' }],
      adSpend: [{ spend: { amount: '2450.37' } }],
      webhookSubscriptions: [{ topic: 'orders/create' }],
    });

    const other = await gql(server, READ_ALL, ids, bob.token);
    expect(other.errors).toBeUndefined();
    expect(other.data).toEqual({
      channelAccounts: [],
      connectedSummary: { total: 0, items: [] },
      delhivery: { state: 'NOT_CONNECTED', accountName: null },
      order: null,
      orders: { totalCount: 0, edges: [] },
      byAccount: { totalCount: 0 },
      syncJob: null,
      syncHistory: { edges: [] },
      shipments: { edges: [] },
      inventory: [],
      adSpend: [],
      webhookSubscriptions: [],
    });
  });

  it('answers another tenant’s id exactly like an id that does not exist', async () => {
    const alice = await newUserToken('alice');
    const bob = await newUserToken('bob');
    await gql(server, '{ channelAccounts { id } }', {}, alice.token);
    await gql(server, '{ channelAccounts { id } }', {}, bob.token);
    const ids = await seed(server, alice.subject);
    const q = 'query($id: ID!) { order(id: $id) { id } }';
    const foreign = await gql(server, q, { id: ids.orderId }, bob.token);
    const missing = await gql(server, q, { id: '00000000-0000-4000-8000-000000000000' }, bob.token);
    const garbage = await gql(server, q, { id: 'not-an-id' }, bob.token);
    expect(foreign).toEqual(missing);
    expect(garbage).toEqual(missing);
  });

  it('refuses another tenant’s account id exactly like one that does not exist: NOT_FOUND', async () => {
    const alice = await newUserToken('alice');
    const bob = await newUserToken('bob');
    await gql(server, '{ channelAccounts { id } }', {}, alice.token);
    await gql(server, '{ channelAccounts { id } }', {}, bob.token);
    const { accountId } = await seed(server, alice.subject);
    const sync = 'mutation($a: ID) { syncProvider(providerId: "shopify", channelAccountId: $a) { id } }';
    const missingId = '00000000-0000-4000-8000-000000000000';
    const foreign = await gql(server, sync, { a: accountId }, bob.token);
    const missing = await gql(server, sync, { a: missingId }, bob.token);
    expect(missing.errors![0]!.extensions).toEqual({ code: 'NOT_FOUND', field: 'channelAccountId' });
    expect(missing.errors![0]!.message).toBe(
      `No connected Shopify account has the id "${missingId}": see channelAccounts or connectedSummary for your accounts`,
    );
    // The same answer but for the id it repeats.
    expect(JSON.stringify(foreign).replaceAll(accountId, missingId)).toBe(JSON.stringify(missing));
    expect((await gql(server, sync, { a: accountId }, alice.token)).errors).toBeUndefined();
  });

  it('keeps writes to each user’s own rows', async () => {
    const alice = await newUserToken('alice');
    const bob = await newUserToken('bob');
    const set = 'mutation($c: Decimal!) { setProductCost(sku: "MUG-01", cost: $c) }';
    expect((await gql(server, set, { c: '120.50' }, alice.token)).data).toEqual({ setProductCost: true });
    expect((await gql(server, set, { c: '99.00' }, bob.token)).data).toEqual({ setProductCost: true });
    const rows = await server.db.em
      .getConnection()
      .execute(
        `select u.subject, c.cost from product_costs c join users u on u.id = c.user_id where c.sku = 'MUG-01' and u.subject in (?, ?) order by c.cost`,
        [alice.subject, bob.subject],
      );
    expect(rows).toEqual([
      { subject: bob.subject, cost: '99.00' },
      { subject: alice.subject, cost: '120.50' },
    ]);
  });
});
