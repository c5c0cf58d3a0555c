import { InputError } from '../domain/errors.js';

export const MAX_RANGE_DAYS = 366;

/** `from`..`to` (inclusive LocalDates) in order and at most a year long. */
export function checkRange(from: string, to: string): void {
  if (from > to) throw new InputError(`from (${from}) must not be after to (${to})`, 'from');
  const days = (Date.parse(to) - Date.parse(from)) / 86_400_000;
  if (days >= MAX_RANGE_DAYS) throw new InputError(`the range may span at most ${MAX_RANGE_DAYS} days (asked for ${days + 1})`, 'to');
}
