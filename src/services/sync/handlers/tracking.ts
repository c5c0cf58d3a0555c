import { sql } from 'kysely';
import { SyncScope } from '../../../domain/enums.js';
import { offers } from '../../../providers/capabilities.js';
import type { SyncSession, TrackingUpdate } from '../../../providers/types.js';
import { publishShipmentChanges } from '../../channel-shipments.js';
import { adoptUntrackedParcels } from '../../courier-accounts.js';
import { CLOSED_SHIPMENT_STATUSES, writeTrackingUpdates } from '../../shipment-tracking.js';
import type { SyncHandler, SyncPage, SyncRun } from '../handler.js';

/** One tracking call's answer (a pull), or a scan push's parcels. */
type TrackingPage = SyncPage & { updates: TrackingUpdate[] };

/**
 * A courier's tracking of the parcels its account tracks: every open shipment of the courier
 * account (closed ones, DELIVERED, RTO_DELIVERED, CANCELLED and LOST, are never asked about
 * again, once the courier itself has reported on them: a channel's word alone is checked once), in batches of the most AWBs one of the courier's calls takes, each batch one page.
 * The cursor is the last AWB of the batch written, so a job killed midway resumes after it;
 * a finished job rests at '' and the next one starts over. Channel parcels of this courier left
 * untracked (the courier connected after their orders came) are taken on first. A courier's scan push (Delhivery's)
 * is a delivery of this kind, written the same way.
 */
export const trackingHandler: SyncHandler<TrackingPage> = {
  kind: 'tracking',
  scopes: [SyncScope.SHIPMENTS],
  noun: 'shipments',

  offeredBy: (module, scope) => scope === SyncScope.SHIPMENTS && offers(module, 'shipments'),

  pages: (run, session) => trackOpenShipments(run, session),

  async write(tx, { target }, { updates }) {
    const written = await writeTrackingUpdates(tx, target, updates);
    return {
      processed: updates.length,
      created: 0,
      updated: written.updated,
      afterCommit: (events) => publishShipmentChanges(events, target, written.changes),
    };
  },

  deliveries: {
    offeredBy: (module, topic) => !!module.intake?.tracking && (module.intake.trackingTopics ?? []).includes(topic),
    async read(module, { topic, payload }) {
      const read = module.intake!.tracking!(payload, topic);
      return 'error' in read ? read : { updates: read.updates, done: true };
    },
  },
};

async function* trackOpenShipments(run: SyncRun, session: SyncSession): AsyncIterable<TrackingPage> {
  const logistics = run.module.logistics!;
  const size = logistics.trackBatchSize;
  const open = (after: string) =>
    run.transaction(async (tx) => {
      const { rows } = await sql<{ tracking_number: string }>`
        select distinct tracking_number from shipments
        where courier_account_id = ${run.target.channelAccountId}::uuid and tracked and tracking_number is not null
          and (status <> all(${CLOSED_SHIPMENT_STATUSES}::shipment_status[]) or last_event_at is null) and tracking_number > ${after}
        order by tracking_number limit ${size}`.execute(tx.getKysely());
      return rows.map((r) => r.tracking_number);
    });
  const total = await run.transaction(async (tx) => {
    const { target } = run;
    const adopted = await adoptUntrackedParcels(tx, target.userId, target.channelAccountId, target.providerId);
    if (adopted) run.log.info({ adopted }, 'untracked parcels of this courier now tracked by the account');
    const { rows } = await sql<{ n: number }>`
      select count(distinct tracking_number)::int as n from shipments
      where courier_account_id = ${run.target.channelAccountId}::uuid and tracked and tracking_number is not null
        and (status <> all(${CLOSED_SHIPMENT_STATUSES}::shipment_status[]) or last_event_at is null)`.execute(tx.getKysely());
    return rows[0]!.n;
  });
  let after = session.cursor ?? '';
  for (;;) {
    const awbs = await open(after);
    if (!awbs.length) break;
    after = awbs[awbs.length - 1]!;
    // The AWBs the courier does not know are left out of its answer: they stay as they are.
    yield { updates: await logistics.track(session, awbs), cursor: after, done: false, total };
  }
  yield { updates: [], cursor: '', done: true, total };
}
