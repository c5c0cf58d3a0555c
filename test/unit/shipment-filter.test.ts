import { ShipmentStatus } from '../../src/domain/enums.js';
import { InputError } from '../../src/domain/errors.js';
import { shipmentWhere } from '../../src/services/shipment-reads.js';

describe('which shipments a seller’s filter lists', () => {
  it('lists failed attempts only while the parcel is still on its way to the buyer', () => {
    expect(shipmentWhere(undefined, { failedAttempt: true })).toEqual({
      attempts: { $gt: 0 },
      status: { $in: [ShipmentStatus.CREATED, ShipmentStatus.PICKED_UP, ShipmentStatus.IN_TRANSIT, ShipmentStatus.OUT_FOR_DELIVERY] },
    });
    expect(shipmentWhere(undefined, { failedAttempt: true, status: ShipmentStatus.OUT_FOR_DELIVERY })).toEqual({
      attempts: { $gt: 0 },
      status: ShipmentStatus.OUT_FOR_DELIVERY,
    });
    // A delivered or returning parcel is never one to call the buyer about.
    expect(shipmentWhere(ShipmentStatus.RTO_INITIATED, { failedAttempt: true })).toEqual({ id: null });
  });

  it('keeps the old status argument, alone or with the same filter.status, and refuses two different ones', () => {
    expect(shipmentWhere(ShipmentStatus.DELIVERED)).toEqual({ status: ShipmentStatus.DELIVERED });
    expect(shipmentWhere(ShipmentStatus.DELIVERED, { status: ShipmentStatus.DELIVERED })).toEqual({ status: ShipmentStatus.DELIVERED });
    expect(shipmentWhere(undefined, { failedAttempt: false })).toEqual({ attempts: 0 });
    expect(() => shipmentWhere(ShipmentStatus.DELIVERED, { status: ShipmentStatus.LOST })).toThrow(InputError);
  });
});
