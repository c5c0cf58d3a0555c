import { durationMs, normalizeDays, quotaRefusal } from '../../src/providers/google-ads/normalize.js';
import { fromMicros } from '../../src/providers/money.js';
import { daysOf } from '../../src/providers/spend-window.js';
import { dayStream } from '../../src/providers/google-ads/payloads.js';

/**
 * Google Ads daily cost, read (docs/providers.md §6.2, §6.3): costMicros to the paisa without a
 * float, a day without a row as 0, int64 strings as numbers, and the quota refusal's wait.
 */

// docs/providers.md §6.2: the PatrykDachwitz/E-commerce-raport fixture, as SearchStream answers it.
const FIXTURE = [
  {
    results: [
      { customer: { resourceName: 'customers/123321321' }, metrics: { clicks: '204', costMicros: '1061083620' }, segments: { date: '2024-06-01' } },
      { customer: { resourceName: 'customers/123321321' }, metrics: { clicks: '220', costMicros: '1109219997' }, segments: { date: '2024-06-02' } },
    ],
    fieldMask: 'metrics.clicks,metrics.costMicros,segments.date',
    requestId: 'V_YzUHhkv35zqntp',
  },
];

// docs/providers.md §6.3: Google's quota refusal (PipedreamHQ/pipedream#21554).
const QUOTA_BODY = {
  error: {
    code: 429,
    message: 'Resource has been exhausted (e.g. check quota).',
    status: 'RESOURCE_EXHAUSTED',
    details: [
      {
        '@type': 'type.googleapis.com/google.ads.googleads.v21.errors.GoogleAdsFailure',
        errors: [
          {
            errorCode: { quotaError: 'RESOURCE_EXHAUSTED' },
            message: 'Too many requests. Retry in 40591 seconds.',
            details: { quotaErrorDetails: { rateScope: 'DEVELOPER', rateName: 'Number of operations for basic access', retryDelay: '40591s' } },
          },
        ],
        requestId: 'xN_KaZRHZuU6Rlgt3cM2uQ',
      },
    ],
  },
};

describe('the daily cost answer', () => {
  it('reads the public fixture: micros to rupees, clicks as numbers, the missing day as 0', () => {
    const batches = dayStream.parse(FIXTURE);
    const rows = normalizeDays(batches, { id: '123321321', currency: 'INR', timezone: 'Asia/Calcutta' }, { from: '2024-06-01', to: '2024-06-03' });
    expect(rows).toEqual([
      { date: '2024-06-01', accountId: '123321321', spend: '1061.08', currency: 'INR', timezone: 'Asia/Calcutta', clicks: 204 },
      { date: '2024-06-02', accountId: '123321321', spend: '1109.22', currency: 'INR', timezone: 'Asia/Calcutta', clicks: 220 },
      { date: '2024-06-03', accountId: '123321321', spend: '0.00', currency: 'INR', timezone: 'Asia/Calcutta', impressions: 0, clicks: 0 },
    ]);
  });

  it('fills every day of the window without a row, across a month end, and takes the currency the rows name', () => {
    const batches = dayStream.parse([
      {
        results: [
          {
            customer: { resourceName: 'customers/5550002222', id: '5550002222', currencyCode: 'USD', timeZone: 'America/New_York' },
            segments: { date: '2026-11-30' },
            metrics: { costMicros: '2500000', impressions: '9000', clicks: '81' },
          },
          // Not this account's, and outside the window: left out.
          { customer: { id: '1111111111' }, segments: { date: '2026-11-30' }, metrics: { costMicros: '99000000' } },
          { customer: { id: '5550002222' }, segments: { date: '2026-11-20' }, metrics: { costMicros: '99000000' } },
        ],
      },
    ]);
    const rows = normalizeDays(batches, { id: '5550002222', currency: 'INR' }, { from: '2026-11-29', to: '2026-12-02' });
    expect(rows.map((r) => [r.date, r.spend, r.currency, r.impressions, r.clicks])).toEqual([
      ['2026-11-29', '0.00', 'USD', 0, 0],
      ['2026-11-30', '2.50', 'USD', 9000, 81],
      ['2026-12-01', '0.00', 'USD', 0, 0],
      ['2026-12-02', '0.00', 'USD', 0, 0],
    ]);
    expect(rows.every((r) => r.timezone === 'America/New_York')).toBe(true);
  });

  it('answers an empty window of a quiet account with a zero row a day', () => {
    const rows = normalizeDays(
      dayStream.parse([{ fieldMask: 'segments.date', requestId: 'x' }]),
      { id: '1', currency: 'INR' },
      { from: '2026-12-01', to: '2026-12-01' },
    );
    expect(rows).toEqual([{ date: '2026-12-01', accountId: '1', spend: '0.00', currency: 'INR', impressions: 0, clicks: 0 }]);
  });

  it('refuses an int64 count past the exact range of a number, and a cost that is not an integer', () => {
    expect(dayStream.safeParse([{ results: [{ segments: { date: '2026-12-01' }, metrics: { impressions: '9007199254740993' } }] }]).success).toBe(false);
    expect(dayStream.safeParse([{ results: [{ segments: { date: '2026-12-01' }, metrics: { costMicros: '1.5' } }] }]).success).toBe(false);
    expect(
      dayStream.parse([{ results: [{ segments: { date: '2026-12-01' }, metrics: { impressions: '9007199254740991' } }] }])[0]!.results![0]!.metrics.impressions,
    ).toBe(9007199254740991);
  });
});

describe('micros to money', () => {
  it('is exact to the paisa, rounding half up, as every stored amount (two places)', () => {
    expect(fromMicros('1061083620')).toBe('1061.08');
    expect(fromMicros('1109219997')).toBe('1109.22');
    expect(fromMicros('4999')).toBe('0.00');
    expect(fromMicros('5000')).toBe('0.01');
    expect(fromMicros('15000')).toBe('0.02');
    expect(fromMicros('0')).toBe('0.00');
    expect(fromMicros('-5000')).toBe('-0.01');
    expect(fromMicros('-4999')).toBe('0.00');
    expect(fromMicros('2500000')).toBe('2.50');
    // Far past 2^53 micros: still exact.
    expect(fromMicros('123456789012345678')).toBe('123456789012.35');
  });
});

describe('the window', () => {
  it('lists each calendar day once, both ends included', () => {
    expect(daysOf({ from: '2026-02-27', to: '2026-03-02' })).toEqual(['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
    expect(daysOf({ from: '2026-12-07', to: '2026-12-07' })).toEqual(['2026-12-07']);
  });
});

describe('the quota refusal', () => {
  it('reads Google’s body: the QuotaError, its scope and the wait it asks for', () => {
    expect(quotaRefusal(QUOTA_BODY)).toEqual({
      code: 'RESOURCE_EXHAUSTED',
      retryDelayMs: 40_591_000,
      rateScope: 'DEVELOPER',
      rateName: 'Number of operations for basic access',
      said: ['Resource has been exhausted (e.g. check quota).', 'Too many requests. Retry in 40591 seconds.'],
    });
  });

  it('is absent from other refusals', () => {
    const denied = {
      error: { code: 403, status: 'PERMISSION_DENIED', details: [{ errors: [{ errorCode: { authorizationError: 'USER_PERMISSION_DENIED' } }] }] },
    };
    expect(quotaRefusal(denied)).toBeUndefined();
    expect(quotaRefusal('Not Found')).toBeUndefined();
  });

  it('reads protobuf durations', () => {
    expect(durationMs('40591s')).toBe(40_591_000);
    expect(durationMs('1.5s')).toBe(1_500);
    expect(durationMs('0.050s')).toBe(50);
    expect(durationMs('40591')).toBeUndefined();
    expect(durationMs(undefined)).toBeUndefined();
  });
});
