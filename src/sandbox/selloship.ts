import express, { Router } from 'express';
import { SANDBOX_CREDENTIALS } from './credentials.js';
import { IssuedTokens } from './tokens.js';

const good = SANDBOX_CREDENTIALS.selloship;

/** Selloship's Unicommerce-style shipper API (docs/providers.md §8). */
export function selloshipSandbox(tokens = new IssuedTokens()): Router {
  const router = Router();
  router.post('/authToken', express.json(), (req, res) => {
    const { username, password } = (req.body ?? {}) as Record<string, unknown>;
    if (username !== good.username || password !== good.password) {
      res.json({ status: 'INVALID_CREDENTIALS', message: 'Invalid username or password' });
      return;
    }
    res.json({ status: 'SUCCESS', token: tokens.issue('', 3600) });
  });
  return router;
}
