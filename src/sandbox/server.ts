import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { amazonSandbox } from './amazon.js';
import { sandboxEnv } from './credentials.js';
import { delhiverySandbox } from './delhivery.js';
import { flipkartSandbox } from './flipkart.js';
import { googleAdsSandbox, googleOAuthSandbox } from './google-ads.js';
import { metaAdsSandbox } from './meta-ads.js';
import { selloshipSandbox } from './selloship.js';
import { shopifySandbox } from './shopify.js';
import { IssuedTokens } from './tokens.js';

export interface Sandbox {
  url: string;
  /** The variables that point Sutra at this sandbox. */
  env: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * A local stand-in for every provider's API, one path prefix each, answering as the real
 * services do (REFERENCE.md). Tests start it in-process; `npm run sandbox` runs it alone.
 */
export async function startSandbox({ port = 0, host = '127.0.0.1' } = {}): Promise<Sandbox> {
  const googleTokens = new IssuedTokens();
  const app = express();
  app.disable('x-powered-by');
  app.use('/shopify', shopifySandbox());
  app.use('/amazon', amazonSandbox());
  app.use('/flipkart', flipkartSandbox());
  app.use('/meta', metaAdsSandbox());
  app.use('/google-oauth', googleOAuthSandbox(googleTokens));
  app.use('/google-ads', googleAdsSandbox(googleTokens));
  app.use('/delhivery', delhiverySandbox());
  app.use('/selloship/api/lock_actvs/channels', selloshipSandbox());
  app.use((req, res) => {
    res.status(404).json({ error: `the sandbox has no route ${req.method} ${req.path}` });
  });

  const server: Server = createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const url = `http://${host}:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: sandboxEnv(url),
    stop: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
