import { randomBytes } from 'node:crypto';
import express, { Router, type Request, type Response } from 'express';
import { SANDBOX_CREDENTIALS, SANDBOX_GOOGLE_ADS_MANAGED } from './credentials.js';
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
}

/**
 * The accounts of the sandbox's Google user: one it reaches directly, one manager (MCC) account
 * it belongs to, and that manager's client, reached only with `login-customer-id` (docs/providers.md §6.1).
 */
const CUSTOMERS: SandboxCustomer[] = [
  { id: good.customer_id, descriptiveName: 'Sutra Sandbox Ads', manager: false },
  { id: SANDBOX_GOOGLE_ADS_MANAGED.login_customer_id, descriptiveName: 'Sutra Sandbox Agency (MCC)', manager: true },
  {
    id: SANDBOX_GOOGLE_ADS_MANAGED.customer_id,
    descriptiveName: 'Sutra Sandbox Client Store',
    manager: false,
    managedBy: SANDBOX_GOOGLE_ADS_MANAGED.login_customer_id,
  },
];

/** The `customer` fields this sandbox serves, GAQL name → REST (camelCase) name. */
const CUSTOMER_FIELDS: Record<string, keyof SandboxCustomer | 'currencyCode' | 'timeZone' | 'resourceName'> = {
  'customer.resource_name': 'resourceName',
  'customer.id': 'id',
  'customer.descriptive_name': 'descriptiveName',
  'customer.currency_code': 'currencyCode',
  'customer.time_zone': 'timeZone',
  'customer.manager': 'manager',
};

const requestId = () => randomBytes(16).toString('base64url').slice(0, 22);

/**
 * Google's error body (docs/providers.md §6.3): the RPC status, and a GoogleAdsFailure naming the
 * error code family and value with Google's message.
 */
function adsFailure(
  res: Response,
  version: string,
  http: number,
  status: string,
  message: string,
  errors: Array<{ errorCode: Record<string, string>; message: string }>,
): void {
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
  return customer;
}

/**
 * GAQL, only as far as the connect check needs: `SELECT <customer fields> FROM customer`.
 * Texts from the GAQL errors seen in public fixtures ("Unrecognized field in the query: 'x'.",
 * queryError UNRECOGNIZED_FIELD); UNVERIFIED: the sandbox knows only the customer fields above, so
 * a real field outside them is refused here although Google would answer it.
 */
function selectedFields(query: unknown, res: Response, version: string): string[] | undefined {
  const m = typeof query === 'string' ? /^\s*SELECT\s+(.+?)\s+FROM\s+(\w+)\s*$/is.exec(query) : null;
  if (!m) {
    // UNVERIFIED text: Google's exact words for a query without SELECT … FROM are not in the public sources.
    invalidArgument(res, version, { queryError: 'EXPECTED_FROM' }, 'Error in query: expected SELECT <fields> FROM <resource>.');
    return undefined;
  }
  const fields = m[1]!.split(',').map((f) => f.trim());
  const unknown = fields.find((f) => !(f in CUSTOMER_FIELDS)) ?? (m[2]!.toLowerCase() === 'customer' ? undefined : m[2]!);
  if (unknown) {
    invalidArgument(res, version, { queryError: 'UNRECOGNIZED_FIELD' }, `Unrecognized field in the query: '${unknown}'.`);
    return undefined;
  }
  return fields;
}

/** The Google Ads REST API (docs/providers.md §6): GoogleAdsService.Search over the customer resource. */
export function googleAdsSandbox(tokens: IssuedTokens): Router {
  const router = Router();
  router.post('/:version/customers/:customerId/:method', express.json(), (req, res, next) => {
    if (req.params.method !== 'googleAds:search') return next();
    const version = req.params.version;
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
    // developer-token is optional and ignored since 2026-09-09 (docs/providers.md §6.1): accepted with or without it.
    const customer = reachableCustomer(req, res, version, req.params.customerId);
    if (!customer) return;
    const fields = selectedFields((req.body as { query?: unknown } | undefined)?.query, res, version);
    if (!fields) return;
    const row: Record<string, unknown> = {};
    // Google's time zone list names India's zone Asia/Calcutta (UNVERIFIED for REST output).
    const values = { ...customer, resourceName: `customers/${customer.id}`, currencyCode: 'INR', timeZone: 'Asia/Calcutta' };
    for (const f of fields) row[CUSTOMER_FIELDS[f]!] = values[CUSTOMER_FIELDS[f]!];
    res.json({
      results: [{ customer: { resourceName: values.resourceName, ...row } }],
      fieldMask: fields.map((f) => `customer.${CUSTOMER_FIELDS[f]}`).join(','),
      requestId: requestId(),
    });
  });
  return router;
}
