import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { amazonSandbox } from './amazon.js';
import { SandboxFaults, type Fault, type SandboxProvider } from './commerce/faults.js';
import { OrderBook } from './commerce/order-book.js';
import { ParcelBook, type ParcelBookOptions } from './commerce/parcels.js';
import type { SandboxState } from './commerce/state.js';
import { AdSpendBook } from './commerce/ad-spend.js';
import { sandboxEnv } from './credentials.js';
import { delhiverySandbox } from './delhivery.js';
import { DelhiveryScanPush } from './delhivery-scan-push.js';
import { flipkartSandbox } from './flipkart.js';
import { GoogleAdsControls, googleAdsSandbox, googleOAuthSandbox } from './google-ads.js';
import { metaAdsSandbox } from './meta-ads.js';
import { SelloshipControls, selloshipSandbox } from './selloship.js';
import { shopifySandbox } from './shopify.js';
import { ShopifyInstalls } from './shopify-oauth.js';
import { ShopifyWebhookSender } from './shopify-webhook-sender.js';
import type { ShopifyBulkControls } from './commerce/shopify-bulk.js';
import { IssuedTokens } from './tokens.js';

export interface SandboxOptions {
  port?: number;
  host?: string;
  /** Size of the order book every commerce API serves (default SANDBOX_ORDERS, else 200). */
  orders?: number;
  /** Multiplies every usage plan (default SANDBOX_RATE_SCALE, else 1: the real limits). */
  rateScale?: number;
  seed?: number;
  /** Book time between two orders (default 20 s). */
  stepMs?: number;
  /** The couriers' parcel book: its stage time (`stepMs`), clock and seed (parcels.ts). */
  parcels?: ParcelBookOptions;
  /** Multiplies every sandbox ad account's daily spend (default 1: ₹1,500–6,000 a day). */
  adSpendScale?: number;
}

export interface Sandbox {
  url: string;
  /** The variables that point Sutra at this sandbox. */
  env: Record<string, string>;
  book: OrderBook;
  /** Every AWB Delhivery and Selloship know, moving through its lifecycle. */
  parcels: ParcelBook;
  /** Every sandbox ad account's daily spend (the Meta and Google sandboxes read it). */
  adSpend: AdSpendBook;
  faults: SandboxFaults;
  /** The shops that installed the sandbox's Shopify app: tests expire a token now, install one the old way, count grants. */
  shopifyInstalls: ShopifyInstalls;
  /** Shopify's webhook subscriptions per shop and the sender of signed deliveries (tests call deliver/send). */
  shopifyWebhooks: ShopifyWebhookSender;
  /** Shopify's bulk operations: tests set `accessDenied` for an app whose bulk access is off (docs/providers.md §1.9). */
  shopifyBulk: ShopifyBulkControls;
  /** Selloship's open behaviours (tracking method, status key, token lifetime) and what it answered (selloship.ts). */
  selloship: SelloshipControls;
  /** Delhivery's scan push: tests push a parcel's scans to Sutra's receiver with the header it handed out. */
  delhiveryPush: DelhiveryScanPush;
  /** Google Ads: quota refusals on demand and every call answered (google-ads.ts). */
  googleAds: GoogleAdsControls;
  /** Refuse every credential and token, as after a seller revoked the app; `restore` undoes it. */
  revoke(): void;
  restore(): void;
  stop(): Promise<void>;
}

const PROVIDERS: SandboxProvider[] = ['amazon', 'flipkart', 'shopify', 'selloship', 'delhivery'];

/**
 * A local stand-in for every provider's API, one path prefix each, answering as the real
 * services do (docs/providers.md), over a deterministic order book. Tests start it in-process;
 * `npm run sandbox` runs it alone. `/_sandbox/*` sets faults and revocation over HTTP.
 */
export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { port = 0, host = '127.0.0.1', seed } = options;
  const state: SandboxState = {
    book: new OrderBook({ size: options.orders ?? (Number(process.env.SANDBOX_ORDERS) || 200), seed, stepMs: options.stepMs }),
    parcels: new ParcelBook({ seed, ...options.parcels }),
    adSpend: new AdSpendBook(seed ?? 7, options.adSpendScale),
    faults: new SandboxFaults(),
    rateScale: options.rateScale ?? (Number(process.env.SANDBOX_RATE_SCALE) || 1),
    revoked: false,
    tokens: { amazon: new IssuedTokens(), flipkart: new IssuedTokens(), google: new IssuedTokens() },
    shopifyInstalls: new ShopifyInstalls(),
    shopifyWebhooks: new ShopifyWebhookSender(),
    shopifyBulk: { accessDenied: false },
  };
  const revoke = () => {
    state.revoked = true;
    for (const tokens of Object.values(state.tokens)) tokens.revokeAll();
  };
  const restore = () => {
    state.revoked = false;
  };

  const app = express();
  app.disable('x-powered-by');
  app.use(
    '/shopify',
    state.faults.middleware('shopify', {
      throttled: (res) => void res.json({ errors: [{ message: 'Throttled', extensions: { code: 'THROTTLED' } }] }),
      serverError: (res) => void res.status(500).json({ errors: 'Internal Server Error' }),
    }),
    shopifySandbox(state),
  );
  app.use(
    '/amazon/sp-api',
    state.faults.middleware('amazon', {
      // Amazon's 429 carries no Retry-After (docs/providers.md §2.4): a client waits by its usage plan.
      throttled: (res) =>
        void res.status(429).json({ errors: [{ code: 'QuotaExceeded', message: 'You exceeded your quota for the requested resource.', details: '' }] }),
      serverError: (res) =>
        void res.status(500).json({ errors: [{ code: 'InternalFailure', message: 'We encountered an internal error. Please try again.', details: '' }] }),
    }),
  );
  app.use('/amazon', amazonSandbox(state));
  app.use(
    '/flipkart/sellers',
    state.faults.middleware('flipkart', {
      throttled: (res, after) =>
        void res
          .status(429)
          .setHeader('Retry-After', String(after))
          .json({ errors: [{ severity: 'ERROR', code: 429, description: 'Too many requests' }] }),
      serverError: (res) => void res.status(503).json({ errors: [{ severity: 'ERROR', code: 503, description: 'Service Unavailable' }] }),
    }),
  );
  app.use('/flipkart', flipkartSandbox(state));
  app.use('/meta', metaAdsSandbox(state));
  app.use('/google-oauth', googleOAuthSandbox(state.tokens.google));
  const googleAds = new GoogleAdsControls();
  app.use('/google-ads', googleAdsSandbox({ tokens: state.tokens.google, adSpend: state.adSpend, controls: googleAds }));
  app.use(
    '/delhivery',
    // UNVERIFIED bodies: Delhivery publishes no throttling or server-error body (docs/providers.md §7.7).
    state.faults.middleware('delhivery', {
      throttled: (res) => void res.status(429).json({ detail: 'Request was throttled.' }),
      serverError: (res) => void res.status(500).type('text/html').send('<h1>Server Error (500)</h1>'),
    }),
    delhiverySandbox(state),
  );
  const selloship = new SelloshipControls();
  app.use(
    '/selloship/api/lock_actvs/channels',
    // UNVERIFIED bodies: Selloship documents no throttling or server error; its refusals carry status FAILED and a message.
    state.faults.middleware('selloship', {
      throttled: (res, after) => void res.status(429).setHeader('Retry-After', String(after)).json({ status: 'FAILED', message: 'Too many requests' }),
      serverError: (res) => void res.status(500).json({ status: 'FAILED', message: 'Internal Server Error' }),
    }),
    selloshipSandbox(state, selloship),
  );

  app.post('/_sandbox/faults', express.json(), (req, res) => {
    const { provider, ...fault } = (req.body ?? {}) as Fault & { provider?: SandboxProvider };
    if (!provider || !PROVIDERS.includes(provider) || !['429', '500', 'slow', 'malformed'].includes(fault.kind)) {
      res.status(400).json({ error: `provider must be one of ${PROVIDERS.join(', ')} and kind one of 429, 500, slow, malformed` });
      return;
    }
    state.faults.set(provider, fault);
    res.status(204).end();
  });
  app.delete('/_sandbox/faults', (_req, res) => {
    state.faults.clear();
    res.status(204).end();
  });
  app.post('/_sandbox/revoke', (_req, res) => {
    revoke();
    res.status(204).end();
  });
  app.delete('/_sandbox/revoke', (_req, res) => {
    restore();
    res.status(204).end();
  });
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
    book: state.book,
    parcels: state.parcels,
    adSpend: state.adSpend,
    faults: state.faults,
    shopifyInstalls: state.shopifyInstalls,
    shopifyWebhooks: state.shopifyWebhooks,
    shopifyBulk: state.shopifyBulk,
    selloship,
    delhiveryPush: new DelhiveryScanPush(state.parcels),
    googleAds,
    revoke,
    restore,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }).then(() => state.shopifyBulk.close?.()),
  };
}
