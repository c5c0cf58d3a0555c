/**
 * Every document the console sends, in one place. The catalog's buttons are not here: their
 * documents are built from what the catalog names (operations.ts).
 */

const STATUS = 'providerId channelAccountId state connected accountName connectedAt lastSyncAt lastSyncStatus error';

export const CATALOG = `query Catalog { integrationCatalog { sections { id title kind providers {
  id name icon color kind connectType
  oauth { mutation queryKey available unavailableReason }
  setupFormFields { key label type required secret placeholder helpText pattern options }
  setupSteps
  actions { id label operation variables available unavailableReason }
  status { ${STATUS} }
  accounts { ${STATUS} }
} } } }`;

export const CONNECT = `mutation Connect($providerId: ID!, $credentials: JSONObject!) {
  connectProvider(providerId: $providerId, credentials: $credentials) {
    status { ${STATUS} } push { url token header }
  }
}`;

export const SYNC_JOB = `query SyncJob($id: ID!) { syncJob(id: $id) {
  id providerId scope status processed created updated failed total error queuedAt startedAt finishedAt
  logs(first: 100) { at level message }
} }`;

export const SYNC_PROGRESS = `subscription SyncProgress($jobId: ID) { syncProgress(jobId: $jobId) {
  jobId providerId status processed created updated failed total message at
} }`;

export const CHANNEL_ACCOUNTS = `query ChannelAccounts { channelAccounts { id providerId displayName } }`;

export const ORDERS = `query Orders($first: Int!, $after: String, $filter: OrderFilter) {
  orders(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id providerId channelAccountId orderNumber externalId status paymentMethod orderedAt priced total { amount currencyCode } } }
  }
}`;

const MONEY = '{ amount currencyCode }';
const PROFIT_MONEY = ['revenue', 'gst', 'cogs', 'channelFees', 'paymentFees', 'shippingCost', 'rtoCost', 'adSpend', 'netProfit']
  .map((f) => `${f} ${MONEY}`)
  .join(' ');

const ORDER_FIELDS = `id providerId channelAccountId orderNumber externalId status paymentMethod orderedAt priced total ${MONEY}
  items { sku title quantity unitPrice ${MONEY} }
  shipments { id trackingNumber carrier status rawStatus lastEventAt tracked attempts lastAttemptAt lastAttemptReason
    shippingCost ${MONEY} rtoCost ${MONEY} chargesEstimated events { at status rawStatus location } }`;

export const ORDER = `query Order($id: ID!) { order(id: $id) { ${ORDER_FIELDS}
  profit { ${PROFIT_MONEY} flags complete estimated computedAt sources { gst cogs channelFees paymentFees shippingCost rtoCost } }
} }`;

export const PROFIT_SUMMARY = `query ProfitSummary($from: LocalDate!, $to: LocalDate!) { profitSummary(from: $from, to: $to) {
  date orders ${PROFIT_MONEY} incompleteOrders estimatedOrders adSpendIncomplete rtoOrders rtoRate roas poas cac ${MONEY}
} }`;

export const PROFIT_BREAKDOWN = `query ProfitBreakdown($from: LocalDate!, $to: LocalDate!, $by: ProfitDimension!) {
  profitBreakdown(from: $from, to: $to, by: $by, first: 50) {
    key label orders rtoOrders rtoRate incompleteOrders estimatedOrders ${PROFIT_MONEY}
  }
}`;

const SHIPMENT = `id orderId providerId trackingNumber carrier status rawStatus lastEventAt tracked attempts lastAttemptAt lastAttemptReason`;

export const SHIPMENTS = `query Shipments($first: Int!, $after: String, $filter: ShipmentFilter) {
  shipments(first: $first, after: $after, filter: $filter) {
    pageInfo { hasNextPage endCursor }
    edges { node { ${SHIPMENT} } }
  }
}`;

export const SHIPMENT_CHANGED = `subscription ShipmentChanged { shipmentStatusChanged {
  shipmentId trackingNumber providerId status previousStatus at
} }`;
