import { OrderStatus } from '../../src/domain/enums.js';
import { orderStatusOverChannel } from '../../src/services/courier-order-status.js';

describe('the order status a channel’s copy leaves, against the courier’s', () => {
  it('takes the channel’s word when no courier-tracked parcel closed', () => {
    for (const status of Object.values(OrderStatus)) expect(orderStatusOverChannel(status, null)).toBe(status);
  });

  it('keeps RTO whatever the channel says later: the parcel came back undelivered', () => {
    for (const status of Object.values(OrderStatus)) expect(orderStatusOverChannel(status, OrderStatus.RTO)).toBe(OrderStatus.RTO);
  });

  it('keeps DELIVERED against a lagging channel, but takes a customer return after it', () => {
    expect(orderStatusOverChannel(OrderStatus.SHIPPED, OrderStatus.DELIVERED)).toBe(OrderStatus.DELIVERED);
    expect(orderStatusOverChannel(OrderStatus.CANCELLED, OrderStatus.DELIVERED)).toBe(OrderStatus.DELIVERED);
    expect(orderStatusOverChannel(OrderStatus.RTO, OrderStatus.DELIVERED)).toBe(OrderStatus.DELIVERED);
    expect(orderStatusOverChannel(OrderStatus.RETURNED, OrderStatus.DELIVERED)).toBe(OrderStatus.RETURNED);
  });
});
