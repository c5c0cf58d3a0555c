import type { LogisticsConnector } from '../types.js';
import { book } from './booking.js';
import { label } from './label.js';
import { requestReattempt } from './reattempt.js';
import { track, TRACK_BATCH_SIZE } from './tracking.js';

/** Delhivery's tracking, labels, NDR re-attempts and bookings (docs/providers.md §7.2–§7.5). */
export const delhiveryLogistics: LogisticsConnector = {
  trackBatchSize: TRACK_BATCH_SIZE,
  track,
  label,
  requestReattempt,
  book,
};
