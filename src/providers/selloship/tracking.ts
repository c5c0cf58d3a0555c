import type { LogisticsConnector } from '../types.js';
import { TRACK_BATCH_SIZE } from './assumptions.js';
import { noLabel, waybillDetails } from './client.js';
import { labelUrl, trackingUpdate } from './normalize.js';

/**
 * Selloship's tracking (docs/providers.md §8): waybillDetails, 50 AWBs a call, each AWB's current
 * status. Selloship has no NDR action in its API (failed deliveries are handled in its panel), so
 * no requestReattempt.
 */
export const selloshipTracking: LogisticsConnector = {
  trackBatchSize: TRACK_BATCH_SIZE,

  async track(session, trackingNumbers) {
    const asked = new Set(trackingNumbers);
    const details = await waybillDetails(session, trackingNumbers);
    return details.filter((d) => asked.has(d.waybill.trim())).map((d) => trackingUpdate(d, session.log));
  },

  /** The label link from the AWB's waybill answer (assumptions.ts LABEL_FIELDS). */
  async label(session, trackingNumber) {
    const detail = (await waybillDetails(session, [trackingNumber])).find((d) => d.waybill.trim() === trackingNumber);
    const url = detail && labelUrl(detail);
    if (!url) throw noLabel(trackingNumber, detail !== undefined);
    return url;
  },
};
