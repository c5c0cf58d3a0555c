import { SyncScope } from '../../../domain/enums.js';
import { offers, SCOPE_NEEDS } from '../../../providers/capabilities.js';
import type { CommonOrder } from '../../../providers/types.js';
import { publishShipmentChanges } from '../../channel-shipments.js';
import { ordersSeenBy, writeOrderPage } from '../../order-persistence.js';
import { feesWindow, markFeesRead, writeOrderFees } from '../../order-fees.js';
import { markOrderDaysStale } from '../../profit/stale-days.js';
import { writeStockLevels } from '../../stock-persistence.js';
import { writeBatches } from '../../write-batches.js';
import type { SyncHandler, SyncPage } from '../handler.js';

/** A write batch of a pull's pages (an OrderPage), or a push's orders, which move no cursor. */
type OrdersPage = SyncPage & { orders: CommonOrder[] };

const SCOPES = [SyncScope.ORDERS, SyncScope.ORDERS_AND_INVENTORY, SyncScope.INVENTORY] as const;

const withStock = (scope: SyncScope) => scope === SyncScope.INVENTORY || scope === SyncScope.ORDERS_AND_INVENTORY;

/**
 * A sales channel's orders, and its stock where it keeps any: pulled from the module's
 * `commerce` connector page by page, or read from a push its `intake` understands (Myntra).
 * Pages arriving fast are written together (write-batches.ts); each batch's orders, lines,
 * reservations and shipments are written in bulk (order-persistence.ts).
 */
export const ordersHandler: SyncHandler<OrdersPage> = {
  kind: 'orders',
  scopes: SCOPES,
  noun: 'orders',

  offeredBy: (module, scope) => (SCOPES as readonly SyncScope[]).includes(scope) && offers(module, SCOPE_NEEDS[scope]),

  pages: (run, session) => (run.scope === SyncScope.INVENTORY ? noPages() : writeBatches(run.module.commerce!.pages(session))),

  /**
   * "Orders seen" counts orders, not the parts a Flipkart order arrives in: each order is
   * marked with the job that wrote it, so one the job already wrote (on an earlier page, or
   * before a crash it resumed from) is not counted again.
   */
  async write(tx, { jobId, target }, page) {
    const ids = [...new Set(page.orders.map((o) => o.externalId))];
    const alreadySeen = await ordersSeenBy(tx, target, jobId, ids);
    const { created, updated, shipmentChanges } = await writeOrderPage(tx, target, page.orders, { id: jobId, alreadySeen });
    await markOrderDaysStale(tx, target.userId, { channelAccountId: target.channelAccountId, externalIds: ids });
    return { processed: ids.length - alreadySeen.size, created, updated, afterCommit: (events) => publishShipmentChanges(events, target, shipmentChanges) };
  },

  /**
   * After the orders: the marketplace's fees on them, from its finances (Amazon's), and the
   * channel's stock at its own locations (a snapshot, so a re-run simply writes it again).
   */
  async finish(run, session) {
    const commerce = run.module.commerce!;
    const said: string[] = [];
    const postedAfter = run.scope !== SyncScope.INVENTORY && commerce.fees ? await feesWindow(run, session) : undefined;
    if (postedAfter) {
      let priced = 0;
      for await (const page of commerce.fees!(session, postedAfter)) {
        priced += await run.transaction((tx) => writeOrderFees(tx, run.target, page, postedAfter));
        await run.heartbeat();
      }
      await run.transaction((tx) => markFeesRead(tx, run.target));
      said.push(`fees: ${priced} orders' fees updated`);
    }
    if (withStock(run.scope) && commerce.inventory) {
      let levels = 0;
      for await (const page of commerce.inventory(session)) {
        levels += await run.transaction((tx) => writeStockLevels(tx, run.target.userId, run.target.providerId, page));
        await run.heartbeat();
      }
      said.push(`stock: ${levels} levels updated`);
    }
    return said.length ? said.join('; ') : undefined;
  },

  deliveries: {
    offeredBy: (module, topic) => !!module.intake?.orders && (module.intake.orderTopics ?? [module.intake.topic]).includes(topic),
    async read(module, { topic, payload }, session) {
      const read = await module.intake!.orders!(payload, topic, session);
      return 'error' in read ? read : { orders: read.orders, done: true };
    },
  },
};

/** An INVENTORY sync reads no orders. */
const noPages = (): AsyncIterable<OrdersPage> => ({ [Symbol.asyncIterator]: () => ({ next: async () => ({ done: true, value: undefined }) }) });
