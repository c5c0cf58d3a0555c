import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { normalizeOrder } from '../../src/providers/shopify/normalize.js';
import { restOrder, restOrderAsGraphql } from '../../src/providers/shopify/webhook-payloads.js';
import { webhookSignedBy } from '../../src/providers/shopify/webhook-signature.js';
import { shopifyWebhookIntake } from '../../src/providers/shopify/webhooks.js';

/** A real orders/create body as Shopify delivered it (a public app's capture, 2025-01): two lines, two discounts, shipping, no tax. */
const SAMPLE = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/shopify-orders-create.json'), 'utf8')) as Record<string, unknown>;

const noSession = () => Promise.reject(new Error('an order webhook is read from its body alone'));
const read = (body: unknown, topic = 'orders/create') => shopifyWebhookIntake.orders!(body, topic, noSession);

describe('Shopify order webhooks (REST bodies)', () => {
  it('reads Shopify’s own orders/create body to the cent, through the same money rule as the GraphQL orders', async () => {
    const result = await read(SAMPLE);
    expect('orders' in result).toBe(true);
    const [order] = (result as { orders: ReturnType<typeof normalizeOrder>[] }).orders;
    expect(order).toMatchObject({
      externalId: '6200407294252',
      orderNumber: '#1071',
      status: 'CONFIRMED',
      rawStatus: 'PAID/UNFULFILLED',
      paymentMethod: 'PREPAID',
      currency: 'HKD',
      // 99 + 100 before discounts; 14.10 + 5.00 and 15.00 off the lines; 22.00 shipping; no tax.
      itemSubtotal: '199.00',
      discounts: '34.10',
      shippingCharged: '22.00',
      tax: '0.00',
      total: '186.90',
      customer: { city: undefined, state: undefined, pincode: undefined },
    });
    expect(order!.orderedAt).toEqual(new Date('2025-01-24T04:10:15Z'));
    expect(order!.updatedAt).toEqual(new Date('2025-01-24T04:10:16Z'));
    // A line without a SKU is known by its line id, as the GraphQL sync knows it.
    expect(order!.items).toEqual([
      {
        externalLineId: '15518907892012',
        sku: '15518907892012',
        title: 'aaa0103測試商品11aa',
        quantity: 1,
        unitPrice: '99.00',
        discount: '19.10',
        tax: '0.00',
      },
      { externalLineId: '15518907924780', sku: '15518907924780', title: 'Green Snowboard', quantity: 1, unitPrice: '100.00', discount: '15.00', tax: '0.00' },
    ]);
  });

  it('takes GST out of tax-inclusive prices once, and counts only the units the buyer kept after a refund', async () => {
    const set = (amount: string) => ({ shop_money: { amount } });
    // Three kurtas at 1,180.00 with 18 % GST in it, one refunded (restocked): the order now charges two.
    const body = {
      ...SAMPLE,
      currency: 'INR',
      taxes_included: true,
      financial_status: 'partially_refunded',
      current_subtotal_price_set: set('2360.00'),
      current_total_tax_set: set('360.00'),
      current_total_price_set: set('2360.00'),
      current_shipping_price_set: set('0.00'),
      shipping_lines: [],
      shipping_address: { city: 'Jaipur', province: 'Rajasthan', zip: '302001' },
      refunds: [{ refund_line_items: [{ line_item_id: 1, quantity: 1, restock_type: 'return' }] }],
      fulfillments: [{ id: 9, status: 'success', shipment_status: 'delivered', tracking_company: 'Delhivery', tracking_number: 'AWB1' }],
      fulfillment_status: 'fulfilled',
      line_items: [
        // No current_quantity (an older API version): worked out from the refund.
        {
          id: 1,
          sku: 'KURTA-M',
          name: 'Kurta M',
          quantity: 3,
          price_set: set('1180.00'),
          discount_allocations: [],
          tax_lines: [{ rate: 0.18, price_set: set('540.00') }],
        },
      ],
    };
    const result = await read(body, 'orders/updated');
    const [order] = (result as { orders: ReturnType<typeof normalizeOrder>[] }).orders;
    expect(order).toMatchObject({
      status: 'DELIVERED',
      itemSubtotal: '2000.00',
      discounts: '0.00',
      shippingCharged: '0.00',
      tax: '360.00',
      total: '2360.00',
      customer: { city: 'Jaipur', state: 'Rajasthan', pincode: '302001' },
      shipments: [{ externalId: '9', trackingNumber: 'AWB1', carrier: 'Delhivery', status: 'DELIVERED', rawStatus: 'DELIVERED' }],
    });
    expect(order!.items).toEqual([
      { externalLineId: '1', sku: 'KURTA-M', title: 'Kurta M', quantity: 2, unitPrice: '1000.00', discount: '0.00', tax: '360.00' },
    ]);
  });

  it('reads a cancelled order as cancelled', async () => {
    const [order] = ((await read({ ...SAMPLE, cancelled_at: '2025-01-24T10:00:00-05:00' }, 'orders/cancelled')) as { orders: { status: string }[] }).orders;
    expect(order!.status).toBe('CANCELLED');
  });

  it('refuses a body that is not an order, saying what is missing', async () => {
    const { line_items: _dropped, ...noLines } = SAMPLE;
    expect(await read(noLines)).toEqual({ error: expect.stringMatching(/^a Shopify orders\/create webhook Sutra cannot read: line_items: /) });
    expect(restOrder.safeParse({ ...SAMPLE, current_total_price_set: { shop_money: { amount: 186.9 } } }).success).toBe(false);
  });

  it('keeps the REST ids as the GraphQL order’s legacy id and gids', () => {
    const graphql = restOrderAsGraphql(restOrder.parse(SAMPLE));
    expect({ id: graphql.id, legacy: graphql.legacyResourceId, line: graphql.lineItems.nodes[0]!.id }).toEqual({
      id: 'gid://shopify/Order/6200407294252',
      legacy: '6200407294252',
      line: 'gid://shopify/LineItem/15518907892012',
    });
  });
});

describe('the webhook signature (docs/providers.md §1.2, §1.6)', () => {
  const T3 = Buffer.from('{"test":{"test2": "testing"}}');
  const T4 = Buffer.from('{"id":820982911946154508,"name":"#1001","email":"jon@example.com"}');

  it('accepts the reference vectors under any of the candidate secrets', () => {
    expect(webhookSignedBy(T3, 'RJCzgKmUoGP/Ylod4MhDP+BXTVOaV4NVbdqa3xn9vw4=', ['sphss_sjdnbsfsdjbgksbgksgb'])).toBe(true);
    expect(webhookSignedBy(T4, '4TrlRwMuK+2F/s/IRFIg8eDL+bcgpdmLGc+bWa1nkQ4=', ['old-secret', 'hush'])).toBe(true);
  });

  it('refuses another secret, a changed body, an empty body and a malformed header', () => {
    expect(webhookSignedBy(T4, '4TrlRwMuK+2F/s/IRFIg8eDL+bcgpdmLGc+bWa1nkQ4=', ['hush!'])).toBe(false);
    expect(webhookSignedBy(Buffer.from(`${T4} `), '4TrlRwMuK+2F/s/IRFIg8eDL+bcgpdmLGc+bWa1nkQ4=', ['hush'])).toBe(false);
    expect(webhookSignedBy(Buffer.alloc(0), '4TrlRwMuK+2F/s/IRFIg8eDL+bcgpdmLGc+bWa1nkQ4=', ['hush'])).toBe(false);
    expect(webhookSignedBy(T4, 'not base64!', ['hush'])).toBe(false);
    expect(webhookSignedBy(T4, 'AAAA', ['hush'])).toBe(false);
    expect(webhookSignedBy(T4, '4TrlRwMuK+2F/s/IRFIg8eDL+bcgpdmLGc+bWa1nkQ4=', [])).toBe(false);
  });
});
