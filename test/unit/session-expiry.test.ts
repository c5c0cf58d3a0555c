import { jest } from '@jest/globals';
import { whenExpired } from '../../src/http/session-expiry.js';

describe('a session timer', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('fires at the expiry, even 30 days ahead (past setTimeout’s 24.8-day limit)', () => {
    const expire = jest.fn();
    whenExpired(new Date(Date.now() + 30 * 86_400_000), expire);
    jest.advanceTimersByTime(29 * 86_400_000);
    expect(expire).not.toHaveBeenCalled();
    jest.advanceTimersByTime(86_400_000);
    expect(expire).toHaveBeenCalledTimes(1);
  });

  it('fires at once for a past expiry, and never once cancelled', () => {
    const past = jest.fn();
    whenExpired(new Date(Date.now() - 1), past);
    expect(past).toHaveBeenCalledTimes(1);
    const cancelled = jest.fn();
    whenExpired(new Date(Date.now() + 1_000), cancelled).cancel();
    jest.advanceTimersByTime(2_000);
    expect(cancelled).not.toHaveBeenCalled();
  });
});
