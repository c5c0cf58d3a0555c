import { randomBytes } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { SANDBOX_CREDENTIALS } from './credentials.js';

const good = SANDBOX_CREDENTIALS.meta_ads;
const trace = () => randomBytes(8).toString('base64');

function token(req: Request): string | undefined {
  return /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1] ?? (req.query.access_token as string | undefined);
}

/** The Graph API's token check, as a bad token meets it: error 190, an OAuthException. */
function authorized(req: Request, res: Response): boolean {
  if (token(req) === good.access_token) return true;
  res.status(400).json({ error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: trace() } });
  return false;
}

/** Meta's Graph API (REFERENCE.md §5): /me and the ad account node. */
export function metaAdsSandbox(): Router {
  const router = Router();
  router.get('/:version/me', (req, res) => {
    if (!authorized(req, res)) return;
    res.json({ id: '100090000000001', name: 'Sutra Sandbox System User' });
  });
  router.get('/:version/:node', (req, res, next) => {
    if (!req.params.node.startsWith('act_')) return next();
    if (!authorized(req, res)) return;
    if (req.params.node !== good.ad_account_id) {
      res.status(400).json({
        error: {
          message: `Unsupported get request. Object with ID '${req.params.node}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
          type: 'GraphMethodException',
          code: 100,
          error_subcode: 33,
          fbtrace_id: trace(),
        },
      });
      return;
    }
    res.json({ account_id: good.ad_account_id.slice(4), name: 'Sutra Sandbox Ads', currency: 'INR', timezone_name: 'Asia/Kolkata', id: good.ad_account_id });
  });
  return router;
}
