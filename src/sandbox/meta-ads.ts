import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { Router, type NextFunction, type Request, type Response } from 'express';
import { SANDBOX_CREDENTIALS, SANDBOX_SECOND_ACCOUNTS } from './credentials.js';

const good = SANDBOX_CREDENTIALS.meta_ads;
const trace = () => randomBytes(8).toString('base64');

/**
 * The Marketing API versions still served (docs/providers.md §5.1, checked 2026-11-25): Meta's version
 * history lists v27.0 (2026-11-04) and v26.0 (2026-07-29) with no expiration date, v25.0 expiring
 * 2027-02-23 and v24.0 expired 2026-11-10 (developers.facebook.com/documentation/ads-commerce/
 * marketing-api/marketing-api-changelog/versions).
 */
const LIVE_VERSIONS = ['v25.0', 'v26.0', 'v27.0'];
const LATEST = LIVE_VERSIONS[LIVE_VERSIONS.length - 1]!;

function graphError(res: Response, error: { message: string; type: string; code: number; error_subcode?: number }): void {
  res.status(400).json({ error: { ...error, fbtrace_id: trace() } });
}

function versionNumber(version: string): number | undefined {
  const m = /^v(\d+)\.(\d+)$/.exec(version);
  return m ? Number(m[1]) * 1000 + Number(m[2]) : undefined;
}

/**
 * A version Meta never had (or a malformed one) is read as part of the path: HTTP 400,
 * {"error":{"message":"Unknown path components: /me","type":"OAuthException","code":2500,"fbtrace_id":…}},
 * the path after the would-be version echoed back ([3P] RealmTeam/django-rest-framework-social-oauth2#180,
 * fixed by setting the version; arsduo/koala#611: "Unknown path components: /IUPATDC35/feed" with version
 * "v2.80"; owlstacks/owlstack-laravel#8: a version without its "v"). Meta documents no such body.
 */
function knownVersion(req: Request, res: Response, next: NextFunction): void {
  const n = versionNumber(req.params.version as string);
  if (n !== undefined && n <= versionNumber(LATEST)!) return next();
  graphError(res, { message: `Unknown path components: ${req.path}`, type: 'OAuthException', code: 2500 });
}

/**
 * A retired version on a Marketing API node: "(#2635) You are calling a deprecated version of the
 * Ads API …", an OAuthException (facebook-java-business-sdk#136; Meta's blog 2024-04-16). This is
 * an app that switched off the version auto-upgrade Meta added in 2024 (Ads API Version Settings):
 * the strict case, so a stale default fails here first. Core Graph nodes such as /me are instead
 * answered by the oldest live version (docs/graph-api/guides/versioning).
 */
function liveAdsVersion(req: Request, res: Response): boolean {
  if (LIVE_VERSIONS.includes(req.params.version as string)) return true;
  graphError(res, {
    message: `(#2635) You are calling a deprecated version of the Ads API. Please update to the latest version: ${LATEST}.`,
    type: 'OAuthException',
    code: 2635,
  });
  return false;
}

function token(req: Request): string | undefined {
  return /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1] ?? (req.query.access_token as string | undefined);
}

/**
 * The token, then the proof, as an app with "Require App Secret" on checks them (docs/providers.md §5.1):
 * a bad token is error 190; a call without appsecret_proof, or with a proof that is not
 * hex(HMAC-SHA256(app secret, token)), is a GraphMethodException with code 100 (texts from
 * thephpleague/oauth2-facebook#17, facebookarchive/offline-conversion-file-uploader#7 and
 * facebook/facebook-python-business-sdk#528, all HTTP 400).
 */
function authorized(req: Request, res: Response): boolean {
  const accessToken = token(req);
  if (accessToken !== good.access_token) {
    graphError(res, { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190 });
    return false;
  }
  const proof = req.query.appsecret_proof;
  if (typeof proof !== 'string' || proof === '') {
    graphError(res, { message: 'API calls from the server require an appsecret_proof argument', type: 'GraphMethodException', code: 100 });
    return false;
  }
  const expected = createHmac('sha256', good.app_secret).update(accessToken).digest();
  const given = Buffer.from(proof, 'hex');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    graphError(res, { message: 'Invalid appsecret_proof provided in the API argument', type: 'GraphMethodException', code: 100 });
    return false;
  }
  return true;
}

/** Meta's Graph API (docs/providers.md §5): /me and the ad account node. */
export function metaAdsSandbox(): Router {
  const router = Router();
  router.use('/:version', knownVersion);
  router.get('/:version/me', (req, res) => {
    if (!authorized(req, res)) return;
    res.json({ id: '100090000000001', name: 'Sutra Sandbox System User' });
  });
  router.get('/:version/:node', (req, res, next) => {
    if (!req.params.node.startsWith('act_')) return next();
    if (!liveAdsVersion(req, res) || !authorized(req, res)) return;
    const adAccounts: string[] = [good.ad_account_id, SANDBOX_SECOND_ACCOUNTS.meta_ads.ad_account_id];
    if (!adAccounts.includes(req.params.node)) {
      graphError(res, {
        message:
          `Unsupported get request. Object with ID '${req.params.node}' does not exist, cannot be loaded due to missing permissions,` +
          ' or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api',
        type: 'GraphMethodException',
        code: 100,
        error_subcode: 33,
      });
      return;
    }
    const id = req.params.node;
    res.json({
      account_id: id.slice(4),
      name: id === good.ad_account_id ? 'Sutra Sandbox Ads' : 'Sutra Sandbox Ads 2',
      currency: 'INR',
      timezone_name: 'Asia/Kolkata',
      id,
    });
  });
  return router;
}
