import { randomBytes } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { hash, type AdSpendBook } from './commerce/ad-spend.js';
import { SANDBOX_CREDENTIALS, SANDBOX_GOOGLE_ADS_MANAGED, SANDBOX_GOOGLE_ADS_USD } from './credentials.js';
import type { IssuedTokens } from './tokens.js';

const good = SANDBOX_CREDENTIALS.google_ads;

/** Google's OAuth token endpoint (docs/providers.md §6.1). */
export function googleOAuthSandbox(tokens: IssuedTokens): Router {
  const router = Router();
  router.post('/token', express.urlencoded({ extended: false }), (req, res) => {
    const { grant_type, client_id, client_secret, refresh_token } = (req.body ?? {}) as Record<string, string | undefined>;
    if (grant_type !== 'refresh_token') {
      res.status(400).json({ error: 'unsupported_grant_type', error_description: 'Invalid grant_type: ' + (grant_type ?? '') });
      return;
    }
    if (client_id !== good.client_id || client_secret !== good.client_secret) {
      res.status(401).json({ error: 'invalid_client', error_description: 'The OAuth client was not found.' });
      return;
    }
    if (refresh_token !== good.refresh_token) {
      res.status(400).json({ error: 'invalid_grant', error_description: 'Token has been expired or revoked.' });
      return;
    }
    res.json({ access_token: tokens.issue('ya29.', 3599), expires_in: 3599, scope: 'https://www.googleapis.com/auth/adwords', token_type: 'Bearer' });
  });
  return router;
}

interface SandboxCustomer {
  id: string;
  descriptiveName: string;
  manager: boolean;
  /** The manager it is reached through; absent for an account the user was invited to directly. */
  managedBy?: string;
  currencyCode: string;
  timeZone: string;
  /** CustomerStatus: ENABLED, CANCELED, SUSPENDED, CLOSED. */
  status: string;
}

// Google's time zone list names India's zone Asia/Calcutta (UNVERIFIED for REST output).
const IST = 'Asia/Calcutta';
const MANAGER = SANDBOX_GOOGLE_ADS_MANAGED.login_customer_id;

/**
 * The accounts of the sandbox's Google user: one it reaches directly, one manager (MCC) account
 * it belongs to, and that manager's clients, reached only with `login-customer-id`
 * (docs/providers.md §6.1): one billed in INR, one in USD, and one cancelled.
 */
const CUSTOMERS: SandboxCustomer[] = [
  { id: good.customer_id, descriptiveName: 'Sutra Sandbox Ads', manager: false, currencyCode: 'INR', timeZone: IST, status: 'ENABLED' },
  { id: MANAGER, descriptiveName: 'Sutra Sandbox Agency (MCC)', manager: true, currencyCode: 'INR', timeZone: IST, status: 'ENABLED' },
  {
    id: SANDBOX_GOOGLE_ADS_MANAGED.customer_id,
    descriptiveName: 'Sutra Sandbox Client Store',
    manager: false,
    managedBy: MANAGER,
    currencyCode: 'INR',
    timeZone: IST,
    status: 'ENABLED',
  },
  {
    id: SANDBOX_GOOGLE_ADS_USD.customer_id,
    descriptiveName: 'Sutra Sandbox US Store',
    manager: false,
    managedBy: MANAGER,
    currencyCode: 'USD',
    timeZone: 'America/New_York',
    status: 'ENABLED',
  },
  {
    id: '5550003333',
    descriptiveName: 'Sutra Sandbox Closed Store',
    manager: false,
    managedBy: MANAGER,
    currencyCode: 'INR',
    timeZone: IST,
    status: 'CANCELED',
  },
];

/**
 * Versions Google serves (docs/providers.md §6.1): v23 to v26; v20–v22 are sunset. Google keeps
 * serving every unsunset major, so the sandbox does too (the connector uses GOOGLE_ADS_API_VERSION, v26).
 */
const LIVE_VERSIONS = ['v23', 'v24', 'v25', 'v26'];
const LATEST = 26;

/** A quota refusal the sandbox answers the next calls with (docs/providers.md §6.3). */
export interface QuotaFault {
  /** The QuotaError value. */
  error: 'RESOURCE_EXHAUSTED' | 'RESOURCE_TEMPORARILY_EXHAUSTED';
  /** A protobuf Duration, as Google writes it: "40591s", "0.2s". */
  retryDelay?: string;
}

/** One Ads API call the sandbox answered (tests count them). */
export interface AdsCall {
  method: string;
  customerId: string;
  login?: string;
  query?: string;
  status: number;
}

/** What tests set and read on the Google Ads sandbox: quota refusals on demand, and every call made. */
export class GoogleAdsControls {
  readonly calls: AdsCall[] = [];
  private faults: QuotaFault[] = [];

  /** The next `count` Ads API calls are refused for quota, each as `fault` says. */
  refuseQuota(count: number, fault: QuotaFault): void {
    for (let i = 0; i < count; i++) this.faults.push(fault);
  }

  /** The next pending quota refusal, if any. */
  takeQuotaFault(): QuotaFault | undefined {
    return this.faults.shift();
  }

  clear(): void {
    this.faults = [];
    this.calls.length = 0;
  }
}

const requestId = () => randomBytes(16).toString('base64url').slice(0, 22);

interface FailureError {
  errorCode: Record<string, string>;
  message: string;
  details?: Record<string, unknown>;
}

/**
 * Google's error body (docs/providers.md §6.3): the RPC status, and a GoogleAdsFailure naming the
 * error code family and value with Google's message.
 */
function adsFailure(res: Response, version: string, http: number, status: string, message: string, errors: FailureError[]): void {
  res.status(http).json({
    error: {
      code: http,
      message,
      status,
      details: [{ '@type': `type.googleapis.com/google.ads.googleads.${version}.errors.GoogleAdsFailure`, errors, requestId: requestId() }],
    },
  });
}

const permissionDenied = (res: Response, version: string) =>
  // Texts from googleads/google-ads-php#721 and #804 (REST: "The caller does not have permission", PERMISSION_DENIED).
  adsFailure(res, version, 403, 'PERMISSION_DENIED', 'The caller does not have permission', [
    {
      errorCode: { authorizationError: 'USER_PERMISSION_DENIED' },
      message:
        "User doesn't have permission to access customer. Note: If you're accessing a client customer," +
        " the manager's customer id must be set in the 'login-customer-id' header." +
        ' See https://developers.google.com/google-ads/api/docs/concepts/call-structure#cid',
    },
  ]);

const invalidArgument = (res: Response, version: string, errorCode: Record<string, string>, message: string) =>
  adsFailure(res, version, 400, 'INVALID_ARGUMENT', 'Request contains an invalid argument.', [{ errorCode, message }]);

/** A GAQL refusal: queryError and its value, with Google's words. */
class QueryRefusal extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The customer the call may read, or undefined after answering with Google's refusal. */
function reachableCustomer(req: Request, res: Response, version: string, customerId: string): SandboxCustomer | undefined {
  // A customer id is 10 digits, no dashes: "Invalid customer ID '249-801-4556'." (googleads/google-ads-php#167).
  if (!/^\d{10}$/.test(customerId)) {
    invalidArgument(res, version, { requestError: 'INVALID_CUSTOMER_ID' }, `Invalid customer ID '${customerId}'.`);
    return undefined;
  }
  const login = req.header('login-customer-id');
  // A login-customer-id that is not 10 digits: INVALID_LOGIN_CUSTOMER_ID (googleads/google-ads-php#591, for one with dashes),
  // "The login customer id header '<value>' could not be validated." ([3P] GoogleCloudPlatform/cloud-for-marketing#37).
  // UNVERIFIED: the error code family (requestError) beside that text; the issue prints the message only.
  if (login !== undefined && !/^\d{10}$/.test(login)) {
    invalidArgument(res, version, { requestError: 'INVALID_LOGIN_CUSTOMER_ID' }, `The login customer id header '${login}' could not be validated.`);
    return undefined;
  }
  const customer = CUSTOMERS.find((c) => c.id === customerId);
  // With login-customer-id the call is made as that account (one the user reaches directly): it
  // reaches itself and its own clients. Without it, only accounts the user was invited to directly.
  // An id nobody can reach is refused the same way as one this user may not read (UNVERIFIED:
  // Google does not document the two apart).
  const loginAccount = login === undefined || CUSTOMERS.some((c) => c.id === login && !c.managedBy);
  const reachable = customer && (login ? customer.id === login || customer.managedBy === login : !customer.managedBy);
  if (!reachable || !loginAccount) {
    permissionDenied(res, version);
    return undefined;
  }
  if (customer.status !== 'ENABLED') {
    // [3P] text and code from public connectors that met a cancelled account (CUSTOMER_NOT_ENABLED); UNVERIFIED: the HTTP status.
    adsFailure(res, version, 403, 'PERMISSION_DENIED', 'The caller does not have permission', [
      {
        errorCode: { authorizationError: 'CUSTOMER_NOT_ENABLED' },
        message: "The customer account can't be accessed because it is not yet enabled or has been deactivated.",
      },
    ]);
    return undefined;
  }
  return customer;
}

/** GAQL field → REST (camelCase) name: "metrics.cost_micros" → "costMicros". */
const camel = (field: string) => field.split('.')[1]!.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

/** The fields the sandbox serves, per resource of the FROM clause. */
const CUSTOMER_ATTRIBUTES = [
  'customer.resource_name',
  'customer.id',
  'customer.descriptive_name',
  'customer.currency_code',
  'customer.time_zone',
  'customer.manager',
  'customer.status',
];
const METRICS = ['metrics.cost_micros', 'metrics.impressions', 'metrics.clicks'];
const CLIENT_ATTRIBUTES = [
  'customer_client.resource_name',
  'customer_client.client_customer',
  'customer_client.id',
  'customer_client.descriptive_name',
  'customer_client.manager',
  'customer_client.status',
  'customer_client.level',
  'customer_client.currency_code',
  'customer_client.time_zone',
];
const SELECTABLE: Record<string, string[]> = {
  customer: [...CUSTOMER_ATTRIBUTES, 'segments.date', ...METRICS],
  customer_client: CLIENT_ATTRIBUTES,
};

interface ParsedQuery {
  resource: 'customer' | 'customer_client';
  fields: string[];
  /** segments.date BETWEEN from AND to, inclusive. */
  dates?: { from: string; to: string };
  /** customer_client conditions, all to hold. */
  conditions: Array<{ field: string; op: string; value: string }>;
  descending: boolean;
}

const isDay = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s) && new Date(`${s}T00:00:00Z`).toISOString().slice(0, 10) === s;

/** A quoted GAQL date ('2026-08-01' or "2026-08-01"), as BETWEEN takes it. */
function dateLiteral(text: string): string {
  const m = /^(['"])(.*)\1$/.exec(text.trim());
  // The enum texts of QueryErrorEnum (googleapis google/ads/googleads/v22/errors/query_error.proto) stand in for
  // Google's messages, which the public sources do not quote (UNVERIFIED wording).
  if (!m) throw new QueryRefusal('INVALID_STRING_VALUE', `Error in query: ${text.trim()}: value passed was not a string when it should have been.`);
  if (!isDay(m[2]!))
    throw new QueryRefusal(
      'INVALID_VALUE_WITH_BETWEEN_OPERATOR',
      `Error in query: ${text.trim()}: a string value passed to the BETWEEN operator does not parse as a date.`,
    );
  return m[2]!;
}

/**
 * GAQL, as far as the connect check and the spend sync need it: attributes of `customer`, the
 * day's cost, impressions and clicks segmented by `segments.date` over a BETWEEN range, and a
 * manager's `customer_client` links filtered by level, status or manager. Anything else is refused
 * with a queryError, though Google would answer much more (a sandbox limit, UNVERIFIED texts
 * beyond "Unrecognized field in the query: 'x'." [3P]).
 */
export function parseQuery(query: unknown): ParsedQuery {
  if (typeof query !== 'string' || !/^\s*SELECT\s/i.test(query))
    throw new QueryRefusal('EXPECTED_SELECT', 'Error in query: SELECT is missing at the beginning of query.');
  const m = /^\s*SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER\s+BY\s+(.+?))?(?:\s+LIMIT\s+(\d+))?\s*$/is.exec(query);
  if (!m) throw new QueryRefusal('EXPECTED_FROM', 'Error in query: missing FROM clause.');
  const [, select, from, where, orderBy] = m;
  const resource = from!.toLowerCase();
  if (!(resource in SELECTABLE))
    throw new QueryRefusal('BAD_RESOURCE_TYPE_IN_FROM_CLAUSE', `Error in query: invalid resource type '${from}' in the FROM clause.`);
  const fields = select!.split(',').map((f) => f.trim());
  const unknown = fields.find((f) => !SELECTABLE[resource]!.includes(f));
  if (unknown) throw new QueryRefusal('UNRECOGNIZED_FIELD', `Unrecognized field in the query: '${unknown}'.`);
  const parsed: ParsedQuery = { resource: resource as ParsedQuery['resource'], fields, conditions: [], descending: false };
  if (where && resource === 'customer') {
    const between = /^segments\.date\s+BETWEEN\s+(.+?)(?:\s+AND\s+(.+))?$/is.exec(where.trim());
    if (!between)
      throw new QueryRefusal('UNRECOGNIZED_FIELD', `Error in query: the sandbox filters customer by segments.date BETWEEN only: '${where.trim()}'.`);
    if (!between[2]) throw new QueryRefusal('EXPECTED_AND', 'Error in query: expected AND between values with BETWEEN operator.');
    const dates = { from: dateLiteral(between[1]!), to: dateLiteral(between[2]) };
    if (dates.from > dates.to) throw new QueryRefusal('DATE_RANGE_TOO_NARROW', 'Error in query: filters on date have a start date after end date.');
    parsed.dates = dates;
  } else if (where) {
    for (const part of where.split(/\s+AND\s+/i)) {
      const c = /^(customer_client\.\w+)\s*(<=|>=|!=|=|<|>)\s*('?[\w]+'?)$/.exec(part.trim());
      if (!c || !CLIENT_ATTRIBUTES.includes(c[1]!)) throw new QueryRefusal('UNRECOGNIZED_FIELD', `Unrecognized field in the query: '${part.trim()}'.`);
      parsed.conditions.push({ field: c[1]!, op: c[2]!, value: c[3]!.replace(/'/g, '') });
    }
  }
  const hasMetrics = fields.some((f) => f.startsWith('metrics.'));
  const hasDate = fields.includes('segments.date');
  if ((hasMetrics || hasDate) && !parsed.dates)
    throw new QueryRefusal('EXPECTED_FILTERS_ON_DATE_RANGE', 'Error in query: missing filters on date related fields.');
  if (hasMetrics && !hasDate) {
    throw new QueryRefusal('EXPECTED_DIMENSION_FIELD_IN_SELECT_CLAUSE', 'Error in query: the sandbox serves metrics by segments.date only; select it.');
  }
  if (orderBy) {
    const o = /^([\w.]+)(?:\s+(ASC|DESC))?$/i.exec(orderBy.trim());
    if (!o) throw new QueryRefusal('EXPECTED_BY', `Error in query: ORDER BY ${orderBy.trim()}.`);
    if (!fields.includes(o[1]!)) {
      throw new QueryRefusal('EXPECTED_REFERENCED_FIELD_IN_SELECT_CLAUSE', `Error in query: '${o[1]}' is used in ORDER BY but missing from the SELECT clause.`);
    }
    parsed.descending = o[2]?.toUpperCase() === 'DESC';
  }
  return parsed;
}

/** Micros per minor unit: 10,000 for a currency of 2 places (INR, USD). */
const MICROS_PER_MINOR = 10_000;

/**
 * The day's cost in micros: the book's figure in minor units, plus a remainder below half a minor
 * unit either way, as real costMicros carry (1061083620 in §6.2's fixture): rounded half up or
 * half even to the paisa, it is the book's figure again.
 */
export const costMicros = (accountId: string, date: string, spendMinor: number): string =>
  String(BigInt(spendMinor) * BigInt(MICROS_PER_MINOR) + BigInt((hash(`${accountId}/${date}/micros`) % 9_999) - 4_999));

/** Every day from..to (YYYY-MM-DD). */
function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += 86_400_000) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/** The rows of a parsed query on `customer`, in REST's shape (camelCase, int64 as strings). */
function answerRows(q: ParsedQuery, customer: SandboxCustomer, adSpend: AdSpendBook): Array<Record<string, unknown>> {
  const pick = (values: Record<string, unknown>, prefix: string) =>
    Object.fromEntries(q.fields.filter((f) => f.startsWith(prefix)).map((f) => [camel(f), values[camel(f)]]));
  if (q.resource === 'customer_client') {
    // CustomerClients exist only for a manager: itself at level 0, its clients at level 1 (developers.google.com/google-ads/api/fields/v26/customer_client).
    if (!customer.manager) return [];
    const links = [{ c: customer, level: 0 }, ...CUSTOMERS.filter((c) => c.managedBy === customer.id).map((c) => ({ c, level: 1 }))];
    return links
      .map(({ c, level }) => ({
        resourceName: `customers/${customer.id}/customerClients/${c.id}`,
        clientCustomer: `customers/${c.id}`,
        id: c.id,
        descriptiveName: c.descriptiveName,
        manager: c.manager,
        status: c.status,
        level: String(level),
        currencyCode: c.currencyCode,
        timeZone: c.timeZone,
      }))
      .filter((link) => q.conditions.every((cond) => holds(link as Record<string, unknown>, cond)))
      .map((link) => ({ customerClient: { resourceName: link.resourceName, ...pick(link, 'customer_client.') } }));
  }
  const values = { ...customer, resourceName: `customers/${customer.id}` };
  const head = { customer: { resourceName: values.resourceName, ...pick(values, 'customer.') } };
  if (!q.dates) return [head];
  const selected = (f: string) => q.fields.includes(f);
  const rows = days(q.dates.from, q.dates.to).flatMap((date) => {
    const d = adSpend.delivery(customer.id, date);
    // A day without delivery has no row (docs/providers.md §6.2).
    if (!d) return [];
    const metrics: Record<string, string> = {};
    if (selected('metrics.cost_micros')) metrics.costMicros = costMicros(customer.id, date, d.spendMinor);
    if (selected('metrics.impressions')) metrics.impressions = String(d.impressions);
    if (selected('metrics.clicks')) metrics.clicks = String(d.clicks);
    return [{ ...head, segments: { date }, ...(Object.keys(metrics).length ? { metrics } : {}) }];
  });
  return q.descending ? rows.reverse() : rows;
}

function holds(link: Record<string, unknown>, cond: { field: string; op: string; value: string }): boolean {
  const actual = link[camel(cond.field)];
  const [a, b] = typeof actual === 'boolean' ? [String(actual).toUpperCase(), cond.value.toUpperCase()] : [String(actual), cond.value];
  const numeric = /^-?\d+$/.test(a) && /^-?\d+$/.test(b);
  const [x, y] = numeric ? [Number(a), Number(b)] : [a, b];
  switch (cond.op) {
    case '=':
      return x === y;
    case '!=':
      return x !== y;
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    default:
      return x >= y;
  }
}

/** Rows of one SearchStream batch (UNVERIFIED size: Search pages hold 10,000 rows, docs/providers.md §6.2). */
const BATCH = 10_000;

/** The Google Ads sandbox's needs: its issued tokens, the shared ad spend book, and its test controls. */
export interface GoogleAdsSandboxDeps {
  tokens: IssuedTokens;
  adSpend: AdSpendBook;
  controls: GoogleAdsControls;
}

/** The Google Ads REST API (docs/providers.md §6): GoogleAdsService.Search and SearchStream over the resources above. */
export function googleAdsSandbox({ tokens, adSpend, controls }: GoogleAdsSandboxDeps): Router {
  const router = Router();
  router.post('/:version/customers/:customerId/:method', express.json(), (req, res, next) => {
    const method = req.params.method;
    if (method !== 'googleAds:search' && method !== 'googleAds:searchStream') return next();
    const version = req.params.version;
    const call: AdsCall = {
      method,
      customerId: req.params.customerId,
      login: req.header('login-customer-id'),
      query: (req.body as { query?: string })?.query,
      status: 0,
    };
    controls.calls.push(call);
    res.on('finish', () => (call.status = res.statusCode));
    const major = /^v(\d+)$/.exec(version)?.[1];
    if (!major || Number(major) > LATEST) {
      // UNVERIFIED: a version Google never had is a path it does not serve; [3P] google-marketing-solutions/adios#47 met a bare "Not Found".
      res.status(404).type('text/html').send('Not Found');
      return;
    }
    if (!LIVE_VERSIONS.includes(version)) {
      // A sunset version: requestError UNSUPPORTED_VERSION, "Version v14 is deprecated. Requests to this version will be blocked."
      // ([3P] google-marketing-solutions/adios#47, with Google's body; the same words in googleads/google-ads-python#332).
      invalidArgument(res, version, { requestError: 'UNSUPPORTED_VERSION' }, `Version ${version} is deprecated. Requests to this version will be blocked.`);
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1];
    // Texts from googleads/googleads-php-lib#671 (a bad token) and #778 (none at all).
    if (!tokens.isValid(bearer)) {
      res.status(401).json({
        error: {
          code: 401,
          message: bearer
            ? 'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.' +
              ' See https://developers.google.com/identity/sign-in/web/devconsole-project.'
            : 'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential.' +
              ' See https://developers.google.com/identity/sign-in/web/devconsole-project.',
          status: 'UNAUTHENTICATED',
        },
      });
      return;
    }
    const fault = controls.takeQuotaFault();
    if (fault) {
      // Google's quota refusal as quoted in docs/providers.md §6.3 (PipedreamHQ/pipedream#21554). UNVERIFIED for
      // RESOURCE_TEMPORARILY_EXHAUSTED: the same status and body shape, and its rate name.
      const seconds = Math.max(1, Math.ceil(Number.parseFloat(fault.retryDelay ?? '0') || 0));
      const daily = fault.error === 'RESOURCE_EXHAUSTED';
      res.status(429).json({
        error: {
          code: 429,
          message: 'Resource has been exhausted (e.g. check quota).',
          status: 'RESOURCE_EXHAUSTED',
          details: [
            {
              '@type': `type.googleapis.com/google.ads.googleads.${version}.errors.GoogleAdsFailure`,
              errors: [
                {
                  errorCode: { quotaError: fault.error },
                  message: fault.retryDelay ? `Too many requests. Retry in ${seconds} seconds.` : 'Too many requests.',
                  details: {
                    quotaErrorDetails: {
                      rateScope: 'DEVELOPER',
                      rateName: daily ? 'Number of operations for basic access' : 'Number of requests per minute',
                      ...(fault.retryDelay ? { retryDelay: fault.retryDelay } : {}),
                    },
                  },
                },
              ],
              requestId: requestId(),
            },
          ],
        },
      });
      return;
    }
    // developer-token is optional and ignored since 2026-09-09 (docs/providers.md §6.1): accepted with or without it.
    const customer = reachableCustomer(req, res, version, req.params.customerId);
    if (!customer) return;
    let q: ParsedQuery;
    try {
      q = parseQuery((req.body as { query?: unknown } | undefined)?.query);
    } catch (err) {
      if (!(err instanceof QueryRefusal)) throw err;
      invalidArgument(res, version, { queryError: err.code }, err.message);
      return;
    }
    if (customer.manager && q.fields.some((f) => f.startsWith('metrics.'))) {
      // A manager account has no metrics of its own (QueryErrorEnum REQUESTED_METRICS_FOR_MANAGER, whose proto comment is this text).
      invalidArgument(
        res,
        version,
        { queryError: 'REQUESTED_METRICS_FOR_MANAGER' },
        'Metrics cannot be requested for a manager account. To retrieve metrics, issue separate requests against each client account under the manager account.',
      );
      return;
    }
    const rows = answerRows(q, customer, adSpend);
    const fieldMask = q.fields.map((f) => `${f.split('.')[0]!.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())}.${camel(f)}`).join(',');
    if (method === 'googleAds:search') {
      res.json({ ...(rows.length ? { results: rows } : {}), fieldMask, requestId: requestId() });
      return;
    }
    const id = requestId();
    const batches: Array<Record<string, unknown>> = [];
    for (let i = 0; i < Math.max(rows.length, 1); i += BATCH) {
      const results = rows.slice(i, i + BATCH);
      batches.push({ ...(results.length ? { results } : {}), fieldMask, requestId: id });
    }
    res.json(batches);
  });
  return router;
}
