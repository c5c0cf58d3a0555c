import type { z } from 'zod';
import type { ProviderError } from '../../domain/errors.js';
import type { HttpClient } from '../http.js';
import type { CredentialFields, SpendPage, SpendWindow, SyncSession } from '../types.js';
import { adsApi, adsFailure, adsHeaders, refreshAccessToken } from './client.js';
import { waitIn } from '../session-wait.js';
import { windowLength } from '../spend-window.js';
import { normalizeDays, quotaRefusal, type AdsAccount, type QuotaRefusal } from './normalize.js';
import { customerClientStream, customerStream, dayStream } from './payloads.js';

/**
 * The longest quota wait the sync sits out. A short-term refusal
 * (RESOURCE_TEMPORARILY_EXHAUSTED) asks for seconds; the daily operations quota asks for hours
 * ("Retry in 40591 seconds", docs/providers.md §6.3): past 5 minutes (the ceiling http.ts sets
 * on a Retry-After) the job fails with Google's words and when it may run again.
 */
export const MAX_QUOTA_WAIT_MS = 5 * 60_000;
/** Quota refusals in a row before one call gives up, however short each wait. */
const QUOTA_TRIES = 6;
/** The wait when Google names none: 1 s, 2 s, 4 s … (UNVERIFIED: Google asks for exponential backoff without figures). */
const backoffMs = (attempt: number) => 1000 * 2 ** (attempt - 1);

const DAYS_QUERY = (w: SpendWindow) =>
  'SELECT customer.id, customer.currency_code, customer.time_zone, segments.date, metrics.cost_micros, metrics.impressions, metrics.clicks' +
  ` FROM customer WHERE segments.date BETWEEN '${w.from}' AND '${w.to}' ORDER BY segments.date`;
const CUSTOMER_QUERY = 'SELECT customer.id, customer.manager, customer.currency_code, customer.time_zone FROM customer';
// Level 0 is the manager itself, level 1 its direct clients (developers.google.com/google-ads/api/docs/account-management/get-account-hierarchy).
const CLIENTS_QUERY =
  'SELECT customer_client.id, customer_client.descriptive_name, customer_client.manager, customer_client.status, customer_client.level,' +
  ' customer_client.currency_code, customer_client.time_zone FROM customer_client WHERE customer_client.level <= 1';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** "11 h 17 min" for a wait the seller reads. */
function spell(ms: number): string {
  const minutes = Math.ceil(ms / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
}

/** The job's failure on a quota Google will not lift soon: its words, and when the sync may run again. */
function quotaExhausted(quota: QuotaRefusal, waitMs: number | undefined, status: number): ProviderError {
  const words = quota.said.join('; ');
  const when =
    waitMs === undefined
      ? 'try again later'
      : `Google asks to wait ${spell(waitMs)}: the sync may run again after ${new Date(Date.now() + waitMs).toISOString().slice(0, 16)}Z`;
  // UNVERIFIED: which Cloud project access level the seller's OAuth client has; a daily quota is that level's (docs/providers.md §6.1).
  const scope = quota.rateName ? ` (${quota.rateName})` : '';
  return adsApi.error('unavailable', `Google refused the daily cost query (HTTP ${status}): ${words}${scope}. ${when}`, status);
}

/** One sync's calls to GoogleAdsService.SearchStream, with the access token it was handed. */
class AdsStream {
  private readonly http: HttpClient;
  private readonly base: string;

  constructor(
    private readonly session: SyncSession,
    private readonly fields: CredentialFields,
    private readonly accessToken: string,
  ) {
    // got retries 5xx and network errors (http.ts); quota refusals are read here.
    this.http = adsApi.connect(session, { retries: 3 });
    const { googleAdsBaseUrl, googleAdsApiVersion } = session.endpoints;
    this.base = `${googleAdsBaseUrl.replace(/\/$/, '')}/${googleAdsApiVersion}`;
  }

  /** The whole answer of `query` on `customerId`, called as `login` (the manager's id, when through one). */
  async query<T>(schema: z.ZodType<T>, customerId: string, login: string | undefined, query: string, what: string): Promise<T> {
    const url = `${this.base}/customers/${encodeURIComponent(customerId)}/googleAds:searchStream`;
    const headers = { ...adsHeaders({ ...this.fields, login_customer_id: login ?? '' }, this.accessToken), 'content-type': 'application/json' };
    for (let attempt = 1; ; attempt++) {
      const res = await this.http.send(url, { method: 'POST', headers, body: JSON.stringify({ query }) });
      if (res.status === 200) return adsApi.parse(schema, res.body, what);
      const quota = quotaRefusal(res.body);
      if (!quota) throw adsFailure(res, { ...this.fields, login_customer_id: login ?? '' }, customerId);
      const waitMs = quota.retryDelayMs ?? (quota.code === 'RESOURCE_TEMPORARILY_EXHAUSTED' ? backoffMs(attempt) : undefined);
      if (waitMs === undefined || waitMs > MAX_QUOTA_WAIT_MS || attempt >= QUOTA_TRIES) throw quotaExhausted(quota, waitMs, res.status);
      this.session.log.warn(
        { provider: adsApi.id, customerId, quotaError: quota.code, rateScope: quota.rateScope, waitMs, attempt },
        'Google Ads quota refused the call; waiting as Google asks',
      );
      await waitIn(this.session, waitMs);
    }
  }
}

/**
 * The accounts the connection reads: the connected customer itself, or, when it is a manager
 * (MCC) account, which has no metrics of its own (queryError REQUESTED_METRICS_FOR_MANAGER), each
 * of its enabled direct client accounts that is not itself a manager, called through it.
 */
async function accountsToRead(calls: AdsStream, session: SyncSession, fields: CredentialFields): Promise<Array<AdsAccount & { login?: string }>> {
  const id = fields.customer_id!;
  const login = fields.login_customer_id || undefined;
  const [self] = (await calls.query(customerStream, id, login, CUSTOMER_QUERY, 'the customer query')).flatMap((b) => b.results ?? []);
  if (!self) throw adsApi.error('unavailable', `Google answered the query on customer ${id} without the customer; try again later`);
  const { customer } = self;
  if (!customer.manager) return [{ id, currency: customer.currencyCode, timezone: customer.timeZone, login }];
  const links = (await calls.query(customerClientStream, id, login ?? id, CLIENTS_QUERY, 'the client accounts query')).flatMap((b) => b.results ?? []);
  const clients = links.map((l) => l.customerClient).filter((c) => c.id !== id && c.level !== '0');
  for (const sub of clients.filter((c) => c.manager)) {
    // Only direct clients are read (level 1): a sub-manager's own clients need their own connection (UNVERIFIED how common that is for a seller).
    session.log.warn(
      { provider: adsApi.id, manager: id, subManager: sub.id },
      'Google Ads: a sub-manager account is left out; connect its client accounts on their own',
    );
  }
  return clients
    .filter((c) => !c.manager && c.status === 'ENABLED')
    .map((c) => ({ id: c.id, currency: c.currencyCode ?? customer.currencyCode, timezone: c.timeZone, login: login ?? id }));
}

/**
 * MarketingConnector.spend: each account's days of the window, one page per account
 * (docs/providers.md §6.2). One access token per sync: Google's refresh token does not expire
 * with use, so nothing is stored back (renewCredentials only hands the current fields).
 */
export async function* spend(session: SyncSession, window: SpendWindow): AsyncIterable<SpendPage> {
  if (!DAY.test(window.from) || !DAY.test(window.to) || window.from > window.to) throw new RangeError(`not a window of days: ${window.from}..${window.to}`);
  const fields = (await session.renewCredentials?.()) ?? session.credentials;
  const { accessToken } = await refreshAccessToken(fields, session);
  const calls = new AdsStream(session, fields, accessToken);
  const accounts = await accountsToRead(calls, session, fields);
  const total = accounts.length * windowLength(window);
  for (const account of accounts) {
    const batches = await calls.query(dayStream, account.id, account.login, DAYS_QUERY(window), 'the daily cost query');
    yield { rows: normalizeDays(batches, account, window), total };
  }
}
