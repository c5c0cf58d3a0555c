import { Router } from 'express';
import { SANDBOX_CREDENTIALS } from './credentials.js';

const good = SANDBOX_CREDENTIALS.delhivery;

/** Delhivery's B2C API (REFERENCE.md §7): `Authorization: Token <token>` on every call. */
export function delhiverySandbox(): Router {
  const router = Router();
  router.use((req, res, next) => {
    const token = /^Token (.+)$/.exec(req.header('authorization') ?? '')?.[1] ?? (req.query.token as string | undefined);
    // The exact body of a refused token is not documented publicly; this is the common DRF shape.
    if (token !== good.api_token) {
      res.status(401).json({ detail: 'Invalid token.' });
      return;
    }
    next();
  });
  router.get('/c/api/pin-codes/json/', (req, res) => {
    const pins = String(req.query.filter_codes ?? '').split(',').filter(Boolean);
    res.json({
      delivery_codes: pins.map((pin) => ({
        postal_code: { pin: Number(pin), city: 'New Delhi', state_code: 'DL', district: 'New Delhi', cod: 'Y', pre_paid: 'Y', pickup: 'Y', repl: 'Y', is_oda: 'N' },
      })),
    });
  });
  return router;
}
