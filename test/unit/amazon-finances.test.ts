import { feesOfTransaction, normalizeFinances } from '../../src/providers/amazon/finances-normalize.js';
import { listTransactionsResponse, type FinancesTransaction } from '../../src/providers/amazon/finances-payloads.js';

/**
 * Amazon's fees per order from Finances v2024-06-19 listTransactions (docs/providers.md §2.5), on real
 * sample answers: a recorded Amazon.se shipment (airbytehq/airbyte, source-amazon-seller-partner's
 * unit tests: fees under "AmazonFees", each split into Base and Tax, per item and again under
 * "Expenses"), and the model's own example (finances_2024-06-19.json @34dc93f `Transaction.example`).
 */

/** The recorded Amazon.se shipment, as Amazon sent it (nulls included). */
const SE_SHIPMENT = {
  sellingPartnerMetadata: { sellingPartnerId: 'A1WSDY9MTKXUGZ', marketplaceId: 'AT614YYYNOC1S', accountType: 'Standard Orders' },
  transactionType: 'Shipment',
  transactionId: 'lo6cQ55-40s5sU4g_lSwkZV22qz-vCNVtjLLqAQyux4',
  transactionStatus: null,
  relatedIdentifiers: [
    { relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: '931-0852306-5138236' },
    { relatedIdentifierName: 'SHIPMENT_ID', relatedIdentifierValue: '14178712390725' },
    { relatedIdentifierName: 'FINANCIAL_EVENT_GROUP_ID', relatedIdentifierValue: '_fSsCZmGkBME7DCFtbqKLcDX-KB-M-5Pdr1NaefqCks' },
  ],
  totalAmount: { currencyAmount: 294.46, currencyCode: 'SEK' },
  description: 'Order Payment',
  postedDate: '2024-01-18T12:45:47Z',
  marketplaceDetails: { marketplaceId: 'AT614YYYNOC1S', marketplaceName: 'Amazon.se' },
  items: [
    {
      description: 'SAMSUNG Galaxy Tab S6 Lite WiFi - 64GB, 4GB, Grigio',
      totalAmount: { currencyAmount: 294.46, currencyCode: 'SEK' },
      relatedIdentifiers: [{ itemRelatedIdentifierName: 'ORDER_ADJUSTMENT_ITEM_ID', itemRelatedIdentifierValue: '6226957701205' }],
      breakdowns: [
        {
          breakdownType: 'Tax',
          breakdownAmount: { currencyAmount: 89.8, currencyCode: 'SEK' },
          breakdowns: [
            { breakdownType: 'OurPriceTax', breakdownAmount: { currencyAmount: 80, currencyCode: 'SEK' }, breakdowns: [] },
            { breakdownType: 'ShippingTax', breakdownAmount: { currencyAmount: 9.8, currencyCode: 'SEK' }, breakdowns: [] },
          ],
        },
        {
          breakdownType: 'ProductCharges',
          breakdownAmount: { currencyAmount: 320, currencyCode: 'SEK' },
          breakdowns: [{ breakdownType: 'OurPricePrincipal', breakdownAmount: { currencyAmount: 320, currencyCode: 'SEK' }, breakdowns: [] }],
        },
        {
          breakdownType: 'Shipping',
          breakdownAmount: { currencyAmount: 39.2, currencyCode: 'SEK' },
          breakdowns: [{ breakdownType: 'ShippingPrincipal', breakdownAmount: { currencyAmount: 39.2, currencyCode: 'SEK' }, breakdowns: [] }],
        },
        {
          breakdownType: 'AmazonFees',
          breakdownAmount: { currencyAmount: -154.54, currencyCode: 'SEK' },
          breakdowns: [
            {
              breakdownType: 'FBAPerUnitFulfillmentFee',
              breakdownAmount: { currencyAmount: -45.54, currencyCode: 'SEK' },
              breakdowns: [
                { breakdownType: 'Base', breakdownAmount: { currencyAmount: -36.43, currencyCode: 'SEK' } },
                { breakdownType: 'Tax', breakdownAmount: { currencyAmount: -9.11, currencyCode: 'SEK' } },
              ],
            },
            {
              breakdownType: 'Commission',
              breakdownAmount: { currencyAmount: -60, currencyCode: 'SEK' },
              breakdowns: [{ breakdownType: 'Base', breakdownAmount: { currencyAmount: -60, currencyCode: 'SEK' } }],
            },
            {
              breakdownType: 'ShippingChargeback',
              breakdownAmount: { currencyAmount: -49, currencyCode: 'SEK' },
              breakdowns: [
                { breakdownType: 'Base', breakdownAmount: { currencyAmount: -39.2, currencyCode: 'SEK' } },
                { breakdownType: 'Tax', breakdownAmount: { currencyAmount: -9.8, currencyCode: 'SEK' } },
              ],
            },
          ],
        },
      ],
      contexts: [
        { asin: 'B085V6LQPB', quantityShipped: 1, sku: 'PSMM-TEST-SKU-Aug-29_08_03_14-0898', fulfillmentNetwork: 'AFN', contextType: 'ProductContext' },
      ],
    },
  ],
  breakdowns: [
    {
      breakdownType: 'Sales',
      breakdownAmount: { currencyAmount: 449, currencyCode: 'SEK' },
      breakdowns: [
        { breakdownType: 'Tax', breakdownAmount: { currencyAmount: 89.8, currencyCode: 'SEK' }, breakdowns: null },
        { breakdownType: 'ProductCharges', breakdownAmount: { currencyAmount: 320, currencyCode: 'SEK' }, breakdowns: null },
        { breakdownType: 'Shipping', breakdownAmount: { currencyAmount: 39.2, currencyCode: 'SEK' }, breakdowns: null },
      ],
    },
    {
      breakdownType: 'Expenses',
      breakdownAmount: { currencyAmount: -154.54, currencyCode: 'SEK' },
      breakdowns: [{ breakdownType: 'AmazonFees', breakdownAmount: { currencyAmount: -154.54, currencyCode: 'SEK' }, breakdowns: null }],
    },
  ],
  contexts: null,
};

const parse = (t: unknown): FinancesTransaction => listTransactionsResponse.parse({ payload: { transactions: [t] } }).payload!.transactions![0]!;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('Amazon fees per order (Finances v2024-06-19)', () => {
  it('reads a recorded shipment: every fee and the tax on it, counted once though Amazon gives the total twice', () => {
    expect(feesOfTransaction(parse(SE_SHIPMENT))).toEqual({ externalOrderId: '931-0852306-5138236', fees: '154.54', currency: 'SEK' });
  });

  it('reads the items’ fees when the transaction has no total of its own', () => {
    const t = clone(SE_SHIPMENT) as Record<string, unknown>;
    t.breakdowns = null;
    expect(feesOfTransaction(parse(t))?.fees).toBe('154.54');
  });

  it('nets a refund’s fee reversals off the shipment’s fees, per order', () => {
    const refund = {
      transactionType: 'Refund',
      transactionId: 'refund-1',
      description: 'Refund Order',
      postedDate: '2024-01-25T10:00:00Z',
      relatedIdentifiers: [{ relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: '931-0852306-5138236' }],
      breakdowns: [
        {
          breakdownType: 'Expenses',
          breakdownAmount: { currencyAmount: 48, currencyCode: 'SEK' },
          breakdowns: [
            {
              breakdownType: 'AmazonFees',
              breakdownAmount: { currencyAmount: 48, currencyCode: 'SEK' },
              breakdowns: [
                { breakdownType: 'Commission', breakdownAmount: { currencyAmount: 60, currencyCode: 'SEK' } },
                { breakdownType: 'RefundCommission', breakdownAmount: { currencyAmount: -12, currencyCode: 'SEK' } },
              ],
            },
          ],
        },
      ],
    };
    expect(normalizeFinances([parse(SE_SHIPMENT), parse(refund)], 'INR')).toEqual([
      { externalOrderId: '931-0852306-5138236', fees: '106.54', currency: 'SEK' },
    ]);
  });

  it('counts a transaction listed twice once, and leaves out transactions of no order', () => {
    const storage = {
      transactionType: 'ServiceFee',
      transactionId: 'hbRTHEQNx5op6g0EA0znvXFhb-W9ILSxE5f6hiG-bXc',
      description: 'FBAStorageBilling',
      relatedIdentifiers: [{ relatedIdentifierName: 'FINANCIAL_EVENT_GROUP_ID', relatedIdentifierValue: 'vHbo_91F4UPm6kfL-nexWB0g6vqG0b3OG9oE7jWfP8A' }],
      totalAmount: { currencyAmount: -12609, currencyCode: 'JPY' },
      breakdowns: [{ breakdownType: 'AmazonFees', breakdownAmount: { currencyAmount: -12609, currencyCode: 'JPY' } }],
    };
    expect(normalizeFinances([parse(SE_SHIPMENT), parse(SE_SHIPMENT), parse(storage)])).toEqual([
      { externalOrderId: '931-0852306-5138236', fees: '154.54', currency: 'SEK' },
    ]);
  });

  it('finds no fee in the model’s example (a sale with product charges only), nor in a transaction without breakdowns', () => {
    const example = {
      sellingPartnerMetadata: { sellingPartnerId: 'XXXXXXXXXXXXXX', accountType: 'PAYABLE', marketplaceId: 'ATVPDKIKX0DER' },
      relatedIdentifiers: [{ relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: '8129762527551' }],
      transactionType: 'Shipment',
      transactionId: 'b1qD0oAliFkLiqRyGbmeT0DoS2Z2kHzi7TZ92z-vARI',
      transactionStatus: 'Released',
      description: 'Order Payment',
      postedDate: '2020-07-14T03:35:13.214Z',
      totalAmount: { currencyAmount: 10, currencyCode: 'USD' },
      items: [
        {
          description: 'Item title',
          totalAmount: { currencyAmount: 10, currencyCode: 'USD' },
          breakdowns: [
            {
              breakdownType: 'Product Charges',
              breakdownAmount: { currencyAmount: 10, currencyCode: 'USD' },
              breakdowns: [{ breakdownType: 'Principle', breakdownAmount: { currencyAmount: 10, currencyCode: 'USD' }, breakdowns: [] }],
            },
          ],
        },
      ],
      breakdowns: [
        {
          breakdownType: 'Sales',
          breakdownAmount: { currencyAmount: 10, currencyCode: 'USD' },
          breakdowns: [{ breakdownType: 'Product Charges', breakdownAmount: { currencyAmount: 10, currencyCode: 'USD' }, breakdowns: [] }],
        },
      ],
    };
    expect(feesOfTransaction(parse(example))).toBeUndefined();
    expect(
      normalizeFinances([parse({ transactionId: 'x', relatedIdentifiers: [{ relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: '1' }] })]),
    ).toEqual([]);
  });

  it('spells types with spaces or without ("Amazon Fees"), and keeps amounts exact (no float sums)', () => {
    const t = {
      transactionId: 'y',
      relatedIdentifiers: [{ relatedIdentifierName: 'ORDER_ID', relatedIdentifierValue: '403-1' }],
      breakdowns: [
        {
          breakdownType: 'Amazon Fees',
          breakdownAmount: null,
          breakdowns: [
            { breakdownType: 'Commission', breakdownAmount: { currencyAmount: -0.1, currencyCode: 'INR' } },
            { breakdownType: 'FixedClosingFee', breakdownAmount: { currencyAmount: '-0.2', currencyCode: 'INR' } },
          ],
        },
      ],
    };
    expect(feesOfTransaction(parse(t))).toEqual({ externalOrderId: '403-1', fees: '0.30', currency: 'INR' });
  });

  it('takes an answer whose payload has no transactions as an empty page', () => {
    expect(listTransactionsResponse.parse({ payload: { nextToken: 'n' } }).payload?.transactions ?? []).toEqual([]);
  });
});
