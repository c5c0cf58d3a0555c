import { Router } from 'express';
import { SANDBOX_CREDENTIALS, SANDBOX_DELHIVERY_STAGING } from './credentials.js';

/**
 * One Delhivery host: `Authorization: Token <token>` on every call, and only the tokens issued
 * for that host. A staging token works only on the staging host and a production token only on
 * production (docs/providers.md §7.1).
 */
function delhiveryHost(token: string): Router {
  const router = Router();
  router.use((req, res, next) => {
    const given = /^Token (.+)$/.exec(req.header('authorization') ?? '')?.[1] ?? (req.query.token as string | undefined);
    if (given !== token) {
      // UNVERIFIED body: Delhivery does not publish its refusal. The one reported text for a refused
      // key is "Login or API Key Required" with HTTP 401 (a third-party setup note); its JSON-or-text
      // shape is unknown, so it is sent as text.
      res.status(401).type('text/plain').send('Login or API Key Required');
      return;
    }
    next();
  });
  router.get('/c/api/pin-codes/json/', (req, res) => {
    const pins = String(req.query.filter_codes ?? '')
      .split(',')
      .filter(Boolean);
    res.json({
      delivery_codes: pins.map((pin) => ({
        postal_code: {
          pin: Number(pin),
          city: 'New Delhi',
          state_code: 'DL',
          district: 'New Delhi',
          cod: 'Y',
          pre_paid: 'Y',
          pickup: 'Y',
          repl: 'Y',
          is_oda: 'N',
        },
      })),
    });
  });
  // Ends here, so a staging path never falls through to the production host.
  router.use((req, res) => {
    res.status(404).json({ error: `the sandbox has no route ${req.method} ${req.originalUrl}` });
  });
  return router;
}

/**
 * Delhivery's B2C API (docs/providers.md §7) on both of its hosts: staging under `/staging`
 * (DELHIVERY_STAGING_BASE_URL) and production at the root (DELHIVERY_BASE_URL).
 */
export function delhiverySandbox(): Router {
  const router = Router();
  router.use('/staging', delhiveryHost(SANDBOX_DELHIVERY_STAGING.api_token));
  router.use(delhiveryHost(SANDBOX_CREDENTIALS.delhivery.api_token));
  return router;
}
