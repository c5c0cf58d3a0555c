import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { Router, type Request, type Response } from 'express';
import type { Logger } from '../logger.js';

/** Where `npm run build:web` puts the console and the explorer (web/vite.config.ts): beside dist/ and src/ alike. */
export const CONSOLE_DIR = fileURLToPath(new URL('../../dist-web/', import.meta.url));

/**
 * What the pages may load: this server only (scripts, styles, fonts, workers, the API and its
 * websocket); inline styles for the chart and the editor, which set them on elements. A page that
 * tried a CDN would be refused by the browser, not only left without it.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

const wantsHtml = (req: Request) => (req.method === 'GET' || req.method === 'HEAD') && !!req.accepts('html') && req.accepts(['json', 'html']) === 'html';

/** Paths the server answers itself: never the console's page, whatever the browser accepts. */
const SERVER_PATHS = /^\/(graphql|api|healthz|readyz|channels|assets|explorer)(\/|$)/;

export interface ConsoleOptions {
  /** Production serves the console, never the API explorer (like the schema, it is for development). */
  production: boolean;
  log: Logger;
}

/**
 * The seller's console at `/` and the API explorer at `/explorer` (development and demo only),
 * both static files built by Vite. Hashed assets are cached for a year; the pages are revalidated
 * on every load so a new build is picked up at once. Any other path a browser navigates to gets
 * the console's page (its router shows the page or says it has none).
 */
export function consoleRoutes({ production, log }: ConsoleOptions): Router {
  const router = Router();
  const built = existsSync(`${CONSOLE_DIR}index.html`);
  if (!built) log.warn({ dir: CONSOLE_DIR }, 'the console is not built (npm run build:web): / answers 503');

  const page = (file: string) => (_req: Request, res: Response) => {
    if (!built) return res.status(503).type('text/plain').send('The console is not built: run npm run build:web (npm start does it).');
    res.setHeader('cache-control', 'no-cache');
    res.setHeader('content-security-policy', CONTENT_SECURITY_POLICY);
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('referrer-policy', 'no-referrer');
    res.sendFile(file, { root: CONSOLE_DIR });
  };

  // A browser opening the API's address lands on the explorer; the API itself is POST (and the websocket).
  if (!production) {
    router.get('/graphql', (req, res, next) => (wantsHtml(req) && !req.query.query ? res.redirect(302, '/explorer') : next()));
    router.get('/explorer', page('explorer.html'));
  }
  router.use(
    '/assets',
    express.static(`${CONSOLE_DIR}assets`, {
      index: false,
      fallthrough: false,
      // Vite names every asset by its content's hash: a new build makes new names.
      immutable: true,
      maxAge: '365d',
    }),
  );
  router.get('/', page('index.html'));
  router.get(/.*/, (req, res, next) => (wantsHtml(req) && !SERVER_PATHS.test(req.path) ? page('index.html')(req, res) : next()));
  return router;
}
