import { OrderStatus, PaymentMethod } from '../../src/domain/enums.js';
import { normalizeOrder } from '../../src/providers/amazon/normalize.js';
import { getOrderItemsResponse, getOrdersResponse } from '../../src/providers/amazon/payloads.js';

// The examples of SP-API's ordersV0.json model, as quoted in REFERENCE.md §2.2.
const getOrders = {
  payload: {
    NextToken: '2YgYW55IGNhcm5hbCBwbGVhc3VyZS4',
    Orders: [
      {
        AmazonOrderId: '902-3159896-1390916', PurchaseDate: '2017-01-20T19:49:35Z', LastUpdateDate: '2017-01-20T19:49:35Z', OrderStatus: 'Pending',
        FulfillmentChannel: 'MFN', NumberOfItemsShipped: 0, NumberOfItemsUnshipped: 0, PaymentMethod: 'Other', PaymentMethodDetails: ['CreditCard', 'GiftCertificate'],
        MarketplaceId: 'ATVPDKIKX0DER', ShipmentServiceLevelCategory: 'Standard', OrderType: 'StandardOrder', EarliestShipDate: '2017-01-20T19:51:16Z',
        LatestShipDate: '2017-01-25T19:49:35Z', IsBusinessOrder: false, IsPrime: false,
        ShippingAddress: { Name: 'Michigan address', AddressLine1: '1 Cross St.', City: 'Canton', StateOrRegion: 'MI', PostalCode: '48817', CountryCode: 'US' },
        BuyerInfo: { BuyerEmail: 'user@example.com', BuyerName: 'John Doe' },
      },
    ],
  },
};
const getOrderItems = {
  payload: {
    AmazonOrderId: '903-1671087-0812628',
    NextToken: '2YgYW55IGNhcm5hbCBwbGVhc3VyZS4',
    OrderItems: [
      {
        ASIN: 'BT0093TELA', OrderItemId: '68828574383266', SellerSKU: 'CBA_OTF_1', Title: 'Example item name', QuantityOrdered: 1, QuantityShipped: 1,
        ItemPrice: { CurrencyCode: 'JPY', Amount: '25.99' }, ShippingPrice: { CurrencyCode: 'JPY', Amount: '1.26' },
        CODFee: { CurrencyCode: 'JPY', Amount: '10.00' }, PromotionIds: ['FREESHIP'], IsGift: 'false',
      },
    ],
  },
};

describe('Amazon normalizer (SP-API Orders v0 samples)', () => {
  const order = getOrdersResponse.parse(getOrders).payload.Orders[0]!;
  const items = getOrderItemsResponse.parse(getOrderItems).payload.OrderItems;

  it('maps the order, its status vocabulary and its address', () => {
    const common = normalizeOrder(order, items);
    expect(common).toMatchObject({
      externalId: '902-3159896-1390916',
      status: OrderStatus.PENDING,
      rawStatus: 'Pending',
      paymentMethod: PaymentMethod.PREPAID,
      orderedAt: new Date('2017-01-20T19:49:35Z'),
      customer: { city: 'Canton', state: 'MI', pincode: '48817' },
    });
  });

  it('keeps money exact: ItemPrice is the line total, shipping and tax add up to the total', () => {
    const common = normalizeOrder(order, items);
    expect(common.currency).toBe('JPY');
    expect(common.itemSubtotal).toBe('25.99');
    expect(common.shippingCharged).toBe('1.26');
    expect(common.total).toBe('27.25');
    expect(common.items).toEqual([{ externalLineId: '68828574383266', sku: 'CBA_OTF_1', title: 'Example item name', quantity: 1, unitPrice: '25.99', discount: '0.00', tax: '0.00' }]);
  });

  it.each([
    ['Unshipped', OrderStatus.CONFIRMED],
    ['PartiallyShipped', OrderStatus.SHIPPED],
    ['Shipped', OrderStatus.SHIPPED],
    ['Canceled', OrderStatus.CANCELLED],
    ['Unfulfillable', OrderStatus.CANCELLED],
    ['InvoiceUnconfirmed', OrderStatus.SHIPPED],
    ['PendingAvailability', OrderStatus.PENDING],
  ])('maps %s to %s', (raw, status) => {
    expect(normalizeOrder({ ...order, OrderStatus: raw }, items).status).toBe(status);
  });

  it('treats PaymentMethod COD as cash on delivery and splits a line total into unit prices', () => {
    const cod = normalizeOrder({ ...order, PaymentMethod: 'COD', OrderTotal: { CurrencyCode: 'INR', Amount: '1499.00' } }, [
      { ...items[0]!, QuantityOrdered: 3, ItemPrice: { CurrencyCode: 'INR', Amount: '1000.00' } },
    ]);
    expect(cod.paymentMethod).toBe(PaymentMethod.COD);
    expect(cod.total).toBe('1499.00');
    expect(cod.items[0]!.unitPrice).toBe('333.33');
  });
});
