import { ShipmentStatus } from '../../src/domain/enums.js';
import { DEFAULT_RATE_CARD, type RateCard } from '../../src/domain/rate-card.js';
import { shipmentCharges, slabsOf, zoneOf } from '../../src/services/freight-cost.js';
import { rateCardSchema } from '../../src/services/rate-card.js';

/** A seller in Delhi (110020) with their own card: odd paise so rounding would show. */
const card: RateCard = {
  originPincode: '110020',
  slabGrams: 500,
  forward: {
    A: { first: '29.50', additional: '27.25' },
    B: { first: '34.10', additional: '30.05' },
    C: { first: '41.99', additional: '37.01' },
    D: { first: '47.45', additional: '43.35' },
    E: { first: '63.30', additional: '58.70' },
  },
  rto: {
    A: { first: '25.00', additional: '20.00' },
    B: { first: '30.00', additional: '25.00' },
    C: { first: '38.40', additional: '33.30' },
    D: { first: '44.44', additional: '40.40' },
    E: { first: '60.00', additional: '55.55' },
  },
};

describe('the courier zone between two pincodes', () => {
  it('is A within a city, B within a region, C metro to metro, E to the North East or Kashmir, D elsewhere', () => {
    expect(zoneOf('110020', '110092')).toBe('A');
    expect(zoneOf('110020', '122001')).toBe('D'); // Gurugram is another circle
    expect(zoneOf('400001', '401107')).toBe('B'); // Mumbai to Thane district
    expect(zoneOf('110020', '560001')).toBe('C'); // Delhi to Bengaluru
    expect(zoneOf('110020', '781001')).toBe('E'); // Guwahati
    expect(zoneOf('110020', '190001')).toBe('E'); // Srinagar
    expect(zoneOf('110020', '744101')).toBe('E'); // Port Blair
    expect(zoneOf('110020', '302001')).toBe('D'); // Jaipur
  });

  it('places a parcel within Guwahati as local, not special', () => {
    expect(zoneOf('781001', '781005')).toBe('A');
  });

  it('counts an unknown or malformed pincode as the rest of India, unless the destination is special', () => {
    expect(zoneOf(undefined, '110092')).toBe('D');
    expect(zoneOf('110020', null)).toBe('D');
    expect(zoneOf('110020', '11009')).toBe('D');
    expect(zoneOf(undefined, '795001')).toBe('E');
  });
});

describe('weight slabs', () => {
  it('charges every slab a parcel starts, and one for an unknown weight', () => {
    expect(slabsOf(1, 500)).toBe(1);
    expect(slabsOf(500, 500)).toBe(1);
    expect(slabsOf(501, 500)).toBe(2);
    expect(slabsOf(2300, 500)).toBe(5);
    expect(slabsOf(null, 500)).toBe(1);
    expect(slabsOf(0, 500)).toBe(1);
  });
});

describe("a parcel's freight", () => {
  it("uses the courier's own figures when it reports them, to the paisa", () => {
    const charges = shipmentCharges(
      { status: ShipmentStatus.RTO_DELIVERED, reported: { forward: '61.36', return: '58.4' }, weightGrams: 1200, destinationPincode: '302001' },
      card,
    );
    expect(charges).toEqual({ shippingCost: '61.36', rtoCost: '58.40', estimated: false });
  });

  it('estimates the forward leg from the card by slab and zone when the courier says nothing', () => {
    // Delhi → Jaipur is D; 1,200 g is 3 slabs: 47.45 + 2 × 43.35.
    expect(shipmentCharges({ status: ShipmentStatus.IN_TRANSIT, weightGrams: 1200, destinationPincode: '302001' }, card)).toEqual({
      shippingCost: '134.15',
      rtoCost: null,
      estimated: true,
    });
    // Delhi → Delhi is A, 450 g one slab.
    expect(shipmentCharges({ status: ShipmentStatus.DELIVERED, weightGrams: 450, destinationPincode: '110092' }, card)).toEqual({
      shippingCost: '29.50',
      rtoCost: null,
      estimated: true,
    });
  });

  it('costs the return leg of an RTO parcel from the RTO rates, once it turns back', () => {
    // Delhi → Bengaluru is C; 900 g is 2 slabs. Forward 41.99 + 37.01, return 38.40 + 33.30.
    const parcel = { weightGrams: 900, destinationPincode: '560001' };
    expect(shipmentCharges({ ...parcel, status: ShipmentStatus.RTO_INITIATED }, card)).toEqual({ shippingCost: '79.00', rtoCost: '71.70', estimated: true });
    expect(shipmentCharges({ ...parcel, status: ShipmentStatus.RTO_DELIVERED }, card)).toEqual({ shippingCost: '79.00', rtoCost: '71.70', estimated: true });
  });

  it("says estimated when one leg is the courier's and the other the card's", () => {
    expect(
      shipmentCharges({ status: ShipmentStatus.RTO_DELIVERED, reported: { forward: '52.00' }, weightGrams: 2600, destinationPincode: '781001' }, card),
    ).toEqual({
      shippingCost: '52.00',
      rtoCost: '337.75', // E, 6 slabs: 60.00 + 5 × 55.55
      estimated: true,
    });
  });

  it('keeps a return the courier charged even before the parcel reads as RTO', () => {
    expect(shipmentCharges({ status: ShipmentStatus.IN_TRANSIT, reported: { forward: '40.00', return: '40.00' } }, card)).toEqual({
      shippingCost: '40.00',
      rtoCost: '40.00',
      estimated: false,
    });
  });

  it('charges nothing for a parcel cancelled before pickup', () => {
    expect(shipmentCharges({ status: ShipmentStatus.CANCELLED, weightGrams: 800 }, card)).toEqual({ shippingCost: '0.00', rtoCost: null, estimated: false });
  });

  it('prices a parcel of unknown weight and destination as one slab to the rest of India', () => {
    expect(shipmentCharges({ status: ShipmentStatus.PICKED_UP }, card)).toEqual({ shippingCost: '47.45', rtoCost: null, estimated: true });
  });

  it('falls back to the documented default card: a 500 g RTO to zone D costs 48.00 each way', () => {
    expect(shipmentCharges({ status: ShipmentStatus.RTO_DELIVERED, weightGrams: 500, destinationPincode: '302001' }, DEFAULT_RATE_CARD)).toEqual({
      shippingCost: '48.00',
      rtoCost: '48.00',
      estimated: true,
    });
  });
});

describe('the stored rate card', () => {
  it('accepts the default card and refuses amounts with a third decimal place or a bad pincode', () => {
    expect(rateCardSchema.parse(DEFAULT_RATE_CARD)).toEqual(DEFAULT_RATE_CARD);
    const bad = { ...card, forward: { ...card.forward, A: { first: '29.505', additional: '1' } } };
    expect(rateCardSchema.safeParse(bad).success).toBe(false);
    expect(rateCardSchema.safeParse({ ...card, originPincode: '012345' }).success).toBe(false);
  });
});
