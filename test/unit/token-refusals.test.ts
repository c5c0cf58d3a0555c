import { jest } from '@jest/globals';
import { createLogger } from '../../src/logger.js';
import { REFUSAL_WINDOW_MS, tokenRefusals } from '../../src/http/token-refusals.js';

describe('token refusals are logged at a bounded rate', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const capture = () => {
    const lines: Array<Record<string, unknown>> = [];
    const log = createLogger({ level: 'info', pretty: false, destination: { write: (line: string) => void lines.push(JSON.parse(line)) } });
    return { log, lines };
  };

  it('logs the first of each reason at once, then one summary per window; each refusal counted once', () => {
    const { log, lines } = capture();
    const refusals = tokenRefusals(log);
    const reqLog = log.child({ reqId: 'r1' });
    for (let i = 0; i < 500; i++) refusals.refused(i % 5 ? 'the token has expired' : 'the token signature is not valid', reqLog);
    expect(lines.map((l) => [l.msg, l.reason, l.reqId])).toEqual([
      ['token refused', 'the token signature is not valid', 'r1'],
      ['token refused', 'the token has expired', 'r1'],
    ]);

    jest.advanceTimersByTime(REFUSAL_WINDOW_MS);
    expect(lines).toHaveLength(3);
    expect(lines[2]).toMatchObject({
      level: 40,
      msg: '498 more token refusals in the last 10 s, by reason',
      refused: 498,
      byReason: { 'the token has expired': 399, 'the token signature is not valid': 99 },
      refusedSinceStart: 500,
    });

    // A new window logs each reason's first again; a quiet one writes nothing.
    refusals.refused('the token has expired', reqLog);
    jest.advanceTimersByTime(REFUSAL_WINDOW_MS);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatchObject({ msg: 'token refused', reason: 'the token has expired' });
  });

  it('writes the open window’s summary when flushed (the server stopping), and nothing twice', () => {
    const { log, lines } = capture();
    const refusals = tokenRefusals(log);
    for (let i = 0; i < 3; i++) refusals.refused('the token is not a valid JWT', log);
    jest.advanceTimersByTime(2_000);
    refusals.flush();
    expect(lines.at(-1)).toMatchObject({ msg: '2 more token refusals in the last 2 s, by reason', refused: 2, refusedSinceStart: 3 });
    jest.advanceTimersByTime(REFUSAL_WINDOW_MS);
    refusals.flush();
    expect(lines).toHaveLength(2);
  });
});
