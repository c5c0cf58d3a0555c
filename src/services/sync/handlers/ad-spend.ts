import { SyncScope } from '../../../domain/enums.js';
import { offers } from '../../../providers/capabilities.js';
import type { SpendRow } from '../../../providers/types.js';
import { defaultWindow } from '../../ad-spend-days.js';
import { writeSpendRows } from '../../ad-spend-persistence.js';
import type { SyncHandler, SyncPage } from '../handler.js';

/** A page of days of spend; the last page rests the account's cursor on the last day read. */
type SpendPage = SyncPage & { rows: SpendRow[] };

/**
 * An ad platform's daily spend (ProviderModule.marketing): the days the job was given
 * (syncAdSpend, the nightly schedule), or, for a plain syncProvider, the default window
 * (ad-spend-days.ts). A job reads its window whole: each page is an idempotent upsert, so a
 * job killed midway simply reads the window again. The cursor is the last day read, which tells
 * a first sync (a backfill) from the next ones.
 */
export const adSpendHandler: SyncHandler<SpendPage> = {
  kind: 'adSpend',
  scopes: [SyncScope.AD_SPEND],
  noun: 'days of spend',

  offeredBy: (module, scope) => scope === SyncScope.AD_SPEND && offers(module, 'adSpend'),

  async *pages(run, session) {
    const marketing = run.module.marketing!;
    const window = run.days ?? defaultWindow({ lastDayRead: session.cursor || undefined, since: session.since, restated: run.restatementDays });
    run.log.info({ window }, 'reading ad spend');
    for await (const page of marketing.spend(session, window)) {
      yield { rows: page.rows, done: false, total: page.total };
    }
    // A window ending before the last day read (a re-read of one old day) leaves the cursor where it was.
    const rest = session.cursor && session.cursor > window.to ? session.cursor : window.to;
    yield { rows: [], done: true, cursor: rest };
  },

  async write(tx, { target }, { rows }) {
    const { processed, created, updated } = await writeSpendRows(tx, target, rows);
    return { processed, created, updated };
  },
};
