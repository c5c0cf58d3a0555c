import { CLOSED_STAGES, NDR_CODES, ParcelBook, type ParcelLifecycle } from '../../src/sandbox/commerce/parcels.js';

/** The sandbox couriers' parcel book: deterministic, moving with time, every lifecycle present. */

const NOW = new Date('2026-12-07T10:00:00Z');
const STEP = 1_000;

describe('the parcel book', () => {
  const book = new ParcelBook({ size: 1_000, seed: 3, stepMs: STEP, now: NOW, clock: () => NOW });

  it('gives the same parcel under the same AWB on every run, and knows only its own AWBs', () => {
    const again = new ParcelBook({ size: 1_000, seed: 3, stepMs: STEP, now: NOW });
    expect(again.get('delhivery', 7)).toEqual(book.get('delhivery', 7));
    expect(book.awb('delhivery', 7)).toBe('14900000000007');
    expect(book.awb('selloship', 7)).toBe('SLSC0000000007');
    expect(book.parcel('delhivery', '14900000000007')?.index).toBe(7);
    expect(book.parcel('delhivery', 'SLSC0000000007')).toBeUndefined();
    expect(book.parcel('delhivery', '14900000001000')).toBeUndefined();
  });

  it('holds every lifecycle, each ending as it should, with NDR codes on failed attempts only', () => {
    const ends: Record<ParcelLifecycle, string> = {
      delivered: 'delivered',
      attempt_then_delivered: 'delivered',
      attempts_then_rto: 'rto_delivered',
      lost: 'lost',
      cancelled: 'cancelled',
    };
    const seen = new Set<ParcelLifecycle>();
    for (let i = 0; i < 300; i++) {
      const p = book.get('delhivery', i);
      seen.add(p.lifecycle);
      expect(p.plan.at(-1)!.stage).toBe(ends[p.lifecycle]);
      const failures = p.plan.filter((s) => s.stage === 'failed_attempt');
      expect(failures.every((s) => NDR_CODES.includes(s.ndr!))).toBe(true);
      expect(p.plan.filter((s) => s.ndr).length).toBe(failures.length);
      if (p.lifecycle === 'attempt_then_delivered') expect(failures).toHaveLength(1);
      if (p.lifecycle === 'attempts_then_rto') expect(failures.length).toBeGreaterThanOrEqual(2);
      // Returns are costed both ways; the rest one way.
      expect(p.chargesPaise.rto !== undefined).toBe(p.lifecycle === 'attempts_then_rto');
    }
    expect([...seen].sort()).toEqual(['attempt_then_delivered', 'attempts_then_rto', 'cancelled', 'delivered', 'lost']);
  });

  it('moves a parcel a stage per step, and never after it closed', () => {
    const awb = book.awb(
      'delhivery',
      book.find('delhivery', (v) => v.current.stage === 'manifested' && v.parcel.lifecycle === 'delivered')!,
    );
    const at = (ms: number) => book.view('delhivery', awb, new Date(NOW.getTime() + ms))!;
    expect(at(0).closed).toBe(false);
    const end = at(60 * STEP);
    expect([end.current.stage, end.closed, CLOSED_STAGES.has(end.current.stage)]).toEqual(['delivered', true, true]);
    expect(at(600 * STEP).scans).toHaveLength(end.scans.length);
  });

  it('charges ₹45 for the first 500 g and ₹38 for each further 500 g, plus COD at 1.5% (at least ₹35)', () => {
    const p = book.get(
      'delhivery',
      book.find('delhivery', (v) => v.parcel.cod && v.parcel.weightGrams > 1_000 && v.parcel.weightGrams <= 1_500)!,
    );
    expect(p.chargesPaise.forward).toBe(4_500 + 2 * 3_800 + Math.max(3_500, Math.round(p.codPaise * 0.015)));
  });
});
