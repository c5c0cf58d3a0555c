import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../src/config.js';
import { createLogger } from '../../src/logger.js';
import { normalizeOrder } from '../../src/providers/shopify/normalize.js';
import { shopifyOrders } from '../../src/providers/shopify/orders.js';
import { shopifyOrder, type ShopifyOrder } from '../../src/providers/shopify/payloads.js';
import { restOrder, restOrderAsGraphql } from '../../src/providers/shopify/webhook-payloads.js';
import type { CommonOrder, SyncSession } from '../../src/providers/types.js';
import { expectedShopifyPayment } from '../../src/sandbox/commerce/shopify-orders.js';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/server.js';

/**
 * A Shopify order's payment gateway and the fees its transactions report (docs/providers.md §1.7):
 * the gateway of the successful SALE or CAPTURE, else the first non-COD of paymentGatewayNames;
 * fees (fee + GST on it) only when a transaction reports any, which only Shopify Payments does.
 * Transactions in Shopify's shape (Admin GraphQL OrderTransaction and TransactionFee, 2026-10).
 */

/** A real orders/create body (test/fixtures). */
const orderCreated = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/shopify-orders-create.json'), 'utf8')) as Record<string, unknown>;

const money = (amount: string) => ({ shopMoney: { amount } });
const base = (over: Partial<ShopifyOrder>): ShopifyOrder =>
  shopifyOrder.parse({
    id: 'gid://shopify/Order/1',
    legacyResourceId: '1',
    name: '#1001',
    createdAt: '2026-12-01T10:00:00Z',
    updatedAt: '2026-12-01T10:00:00Z',
    displayFinancialStatus: 'PAID',
    displayFulfillmentStatus: 'UNFULFILLED',
    currencyCode: 'INR',
    paymentGatewayNames: ['Razorpay Secure (UPI, Cards, Wallets, NetBanking)'],
    taxesIncluded: false,
    currentTotalPriceSet: money('1180.00'),
    currentSubtotalPriceSet: money('1000.00'),
    currentShippingPriceSet: money('0.00'),
    currentTotalTaxSet: money('180.00'),
    lineItems: {
      pageInfo: { hasNextPage: false },
      nodes: [
        {
          id: 'gid://shopify/LineItem/11',
          sku: 'MUG',
          name: 'Mug',
          quantity: 1,
          currentQuantity: 1,
          originalUnitPriceSet: money('1000.00'),
          taxLines: [{ rate: 0.18, priceSet: money('180.00') }],
        },
      ],
    },
    ...over,
  });
const fee = (amount: string, tax: string) => ({ amount: { amount, currencyCode: 'INR' }, taxAmount: { amount: tax, currencyCode: 'INR' } });

describe('payment gateway and fees of a Shopify order', () => {
  it('Shopify Payments: the SALE’s gateway, and the fee with the GST on it', () => {
    const o = normalizeOrder(
      base({
        paymentGatewayNames: ['shopify_payments'],
        transactions: [{ gateway: 'shopify_payments', kind: 'SALE', status: 'SUCCESS', fees: [fee('23.60', '4.25')] }],
      }),
    );
    expect(o).toMatchObject({ paymentGateway: 'shopify_payments', paymentFees: '27.85' });
  });

  it('Razorpay: the gateway, no fees (its transactions report none)', () => {
    const o = normalizeOrder(
      base({ transactions: [{ gateway: 'Razorpay Secure (UPI, Cards, Wallets, NetBanking)', kind: 'SALE', status: 'SUCCESS', fees: [] }] }),
    );
    expect(o.paymentGateway).toBe('Razorpay Secure (UPI, Cards, Wallets, NetBanking)');
    expect(o).not.toHaveProperty('paymentFees');
  });

  it('an authorization captured later: the CAPTURE’s gateway; a failed try before it does not count', () => {
    const o = normalizeOrder(
      base({
        paymentGatewayNames: ['PayU', 'Razorpay'],
        transactions: [
          { gateway: 'PayU', kind: 'SALE', status: 'FAILURE', fees: [] },
          { gateway: 'Razorpay', kind: 'AUTHORIZATION', status: 'SUCCESS', fees: [] },
          { gateway: 'Razorpay', kind: 'CAPTURE', status: 'SUCCESS', fees: [] },
        ],
      }),
    );
    expect(o.paymentGateway).toBe('Razorpay');
  });

  it('no successful payment yet: the first gateway named', () => {
    const o = normalizeOrder(
      base({
        displayFinancialStatus: 'PENDING',
        paymentGatewayNames: ['PayU', 'Razorpay'],
        transactions: [{ gateway: 'PayU', kind: 'SALE', status: 'PENDING', fees: [] }],
      }),
    );
    expect(o.paymentGateway).toBe('PayU');
  });

  it('cash on delivery: no gateway, no fees, even once the courier’s collection is recorded', () => {
    const o = normalizeOrder(
      base({
        paymentGatewayNames: ['Cash on Delivery (COD)'],
        transactions: [{ gateway: 'Cash on Delivery (COD)', kind: 'SALE', status: 'SUCCESS', fees: [] }],
      }),
    );
    expect(o.paymentMethod).toBe('COD');
    expect(o).not.toHaveProperty('paymentGateway');
    expect(o).not.toHaveProperty('paymentFees');
  });

  it('a refunded Shopify Payments order keeps the fee of its sale (the refund carries none)', () => {
    const o = normalizeOrder(
      base({
        paymentGatewayNames: ['shopify_payments'],
        transactions: [
          { gateway: 'shopify_payments', kind: 'SALE', status: 'SUCCESS', fees: [fee('23.60', '4.25')] },
          { gateway: 'shopify_payments', kind: 'REFUND', status: 'SUCCESS', fees: [] },
        ],
      }),
    );
    expect(o.paymentFees).toBe('27.85');
  });

  it('a webhook’s REST order (payment_gateway_names, no transactions): the gateway only', () => {
    const o = normalizeOrder(restOrderAsGraphql(restOrder.parse(orderCreated)));
    const named = (orderCreated as { payment_gateway_names: string[] }).payment_gateway_names.find((g) => !/cash on delivery|\bcod\b/i.test(g));
    expect(o.paymentGateway).toBe(named);
    expect(o).not.toHaveProperty('paymentFees');
  });
});

describe('the sandbox’s Shopify transactions, through the connector', () => {
  let sandbox: Sandbox;
  let session: SyncSession;
  const ORDERS = 60;
  const ordersOf = async (s: SyncSession) => {
    const orders: CommonOrder[] = [];
    for await (const page of shopifyOrders.pages(s)) orders.push(...page.orders);
    return orders;
  };
  const payment = (o: CommonOrder) => ({
    ...(o.paymentGateway ? { paymentGateway: o.paymentGateway } : {}),
    ...(o.paymentFees ? { paymentFees: o.paymentFees } : {}),
  });

  beforeAll(async () => {
    sandbox = await startSandbox({ orders: ORDERS, rateScale: 500 });
    const endpoints = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', ...sandbox.env }).providers;
    const { shop, access_token } = SANDBOX_CREDENTIALS.shopify;
    session = { endpoints, log: createLogger({ level: 'silent', pretty: false }), credentials: { shop, access_token }, firstSyncFrom: new Date(0) };
  });
  afterAll(() => sandbox.stop());

  it.each([
    ['a bulk operation (first sync)', () => session],
    ['paged queries (a small window)', () => ({ ...session, since: new Date(0) })],
  ])('reads every order’s gateway and Shopify Payments fees through %s', async (_how, s) => {
    const orders = await ordersOf(s());
    expect(orders).toHaveLength(ORDERS);
    for (const o of orders)
      expect([o.orderNumber, payment(o)]).toEqual([o.orderNumber, expectedShopifyPayment(sandbox.book.get(Number(o.orderNumber!.slice(1)) - 1001))]);
    const withFees = orders.filter((o) => o.paymentFees);
    expect(withFees.length).toBeGreaterThan(0);
    expect(new Set(orders.map((o) => o.paymentGateway))).toEqual(
      new Set([undefined, 'shopify_payments', 'PayU', 'Razorpay Secure (UPI, Cards, Wallets, NetBanking)']),
    );
  });
});
