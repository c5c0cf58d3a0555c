import 'reflect-metadata';
import { startApp } from '../app.js';
import { ConfigError, loadConfig, loadTokenSettings } from '../config.js';
import { developmentTokenSecret } from '../local-secrets.js';
import { createLogger } from '../logger.js';
import { SANDBOX_CREDENTIALS } from '../sandbox/credentials.js';
import { pushMyntraOrders } from '../sandbox/myntra-push.js';
import { CATALOG_SKUS } from '../sandbox/commerce/order-book.js';
import { startSandbox } from '../sandbox/server.js';
import { addDays, dayIn } from '../services/calendar-days.js';
import { signToken } from '../services/token-verifier.js';

/**
 * `npm run demo`: Sutra on the embedded database with every provider's sandbox in the same
 * process, a demo seller with all eight providers connected, three weeks of orders, a first
 * sync of every sales channel, then a token and queries to paste. Nothing leaves this
 * machine: every provider URL points at the in-process sandbox. Tokens are those of
 * `npm run token` (same JWT settings, same secret), so a token made there works here too.
 */

const DEMO_ORDERS = 1_500;
const DEMO_DAYS = 21;
const DEMO_SELLER = 'demo-seller';

if (process.env.NODE_ENV === 'production') {
  console.error('npm run demo refuses to start with NODE_ENV=production: the demo talks to a sandbox, never to real sellers');
  process.exit(1);
}

let tokens: ReturnType<typeof loadTokenSettings>;
try {
  tokens = loadTokenSettings();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}
// Read before the demo's own data folder replaces SUTRA_DATA_DIR: it is where `npm run token` looks.
const secret = await developmentTokenSecret(tokens.jwt, tokens.dataDir);

// The demo seller sells about ₹14 lakh a day: its ad accounts spend like it (₹60,000 to ₹2.4 lakh a day each).
const sandbox = await startSandbox({ orders: DEMO_ORDERS, stepMs: (DEMO_DAYS * 86_400_000) / DEMO_ORDERS, rateScale: 20, adSpendScale: 40 });
// The demo's own data folder and the embedded database, whatever the shell says.
const config = loadConfig({
  ...process.env,
  ...sandbox.env,
  NODE_ENV: 'development',
  DATABASE_URL: undefined,
  // The demo verifies the tokens it and `npm run token` sign, not an identity provider's.
  JWT_JWKS_URL: undefined,
  JWT_SECRET: secret,
  SUTRA_DATA_DIR: process.env.SUTRA_DEMO_DATA_DIR ?? './.sutra-demo',
  PORT: process.env.PORT ?? '4000',
});
const log = createLogger({ ...config.log, level: process.env.LOG_LEVEL ?? 'warn' });
const app = await startApp(config, log);
const stop = async () => {
  await app.stop();
  await sandbox.stop();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());

const token = await signToken(secret, DEMO_SELLER, { issuer: tokens.jwt.issuer, audience: tokens.jwt.audience, expiresIn: '30d' });

async function graphql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(`${app.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data!;
}

const connect = `mutation($p: ID!, $c: JSONObject!) {
  connectProvider(providerId: $p, credentials: $c) { status { state accountName } push { url token } }
}`;
type Connected = { connectProvider: { status: { state: string; accountName?: string }; push?: { url: string; token: string } | null } };

console.log('\nSutra demo: connecting the sandbox accounts …');
for (const [providerId, credentials] of Object.entries(SANDBOX_CREDENTIALS)) {
  if (providerId === 'shopify_app') continue;
  const { connectProvider } = await graphql<Connected>(connect, { p: providerId, c: credentials });
  console.log(
    `  ${providerId.padEnd(11)} ${connectProvider.status.state}${connectProvider.status.accountName ? ` · ${connectProvider.status.accountName}` : ''}`,
  );
  if (providerId === 'myntra' && connectProvider.push) {
    // Myntra pushes its orders: the sandbox plays Myntra and sends the book's orders. (Delhivery's push
    // URL is for its scans, which it pushes only once the seller has asked it to.)
    const orders = Array.from({ length: sandbox.book.size }, (_, i) => sandbox.book.get(i));
    for (let i = 0; i < orders.length; i += 100) {
      const answer = await pushMyntraOrders(connectProvider.push.url, connectProvider.push.token, orders.slice(i, i + 100));
      if (answer.status !== 200) throw new Error(`Myntra push refused: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    }
  }
}

console.log("\nThe seller's own figures: product costs, commission and gateway rates …");
// What a unit costs the demo seller, by product (the sandbox's SKUs are PRODUCT-COLOUR-SIZE).
const UNIT_COST: Record<string, string> = {
  TSHIRT: '210.00',
  KURTA: '420.00',
  JEANS: '640.00',
  SAREE: '980.00',
  MUG: '95.00',
  BOTTLE: '160.00',
  CAP: '120.00',
  SNEAKER: '1150.00',
  WATCH: '1350.00',
  WALLET: '260.00',
};
await graphql('mutation($c: [ProductCostInput!]!) { setProductCosts(costs: $c) }', {
  c: CATALOG_SKUS.map((sku) => ({ sku, cost: UNIT_COST[sku.split('-')[0]!] ?? '200.00', gstPercent: sku.startsWith('SNEAKER') ? '18' : '12' })),
});
await graphql(`
  mutation {
    setProfitSettings(
      input: {
        commissionRates: { flipkart: "16", myntra: "22", amazon: "15" }
        gatewayFeeRates: { razorpay: "2", payu: "2.1" }
        gatewayFeePercent: "2.5"
        codFee: "35"
        defaultGstPercent: "12"
      }
    ) {
      codFee
    }
  }
`);

console.log('\nFirst sync of every sales channel that Sutra pulls …');
// The channels Sutra pulls are those whose catalog card offers "Sync orders" (Myntra pushes); where
// the card also offers orders with stock, that button is pressed, so the demo's inventory is read.
type Action = { id: string; available: boolean; variables: { providerId: string; scope: string } };
type Catalog = { integrationCatalog: { sections: Array<{ providers: Array<{ actions: Action[] }> }> } };
const { integrationCatalog } = await graphql<Catalog>('{ integrationCatalog { sections { providers { actions { id available variables } } } } }');
const buttons = integrationCatalog.sections
  .flatMap((s) => s.providers)
  .map((p) => p.actions.filter((a) => a.available))
  .flatMap((actions) => actions.find((a) => a.id === 'sync_inventory') ?? actions.find((a) => a.id === 'sync_orders') ?? []);
type Job = { providerId: string; scope: string; status: string; processed: number; error?: string };

/** Polls a job until it ends. */
async function ended(id: string): Promise<Job> {
  for (;;) {
    const { syncJob } = await graphql<{ syncJob: Job }>('query($id: ID!) { syncJob(id: $id) { providerId scope status processed error } }', { id });
    if (syncJob.status === 'SUCCEEDED' || syncJob.status === 'FAILED') return syncJob;
    await new Promise((r) => setTimeout(r, 500));
  }
}

/**
 * Presses a sync button. An account already syncing answers with its running job: the schedule's
 * sync may have started first (a busy machine), without the stock; it is let end and the button
 * pressed again.
 */
async function press(variables: Action['variables']): Promise<string> {
  for (;;) {
    const { syncProvider } = await graphql<{ syncProvider: { id: string; scope: string } }>(
      'mutation($providerId: ID!, $scope: SyncScope) { syncProvider(providerId: $providerId, scope: $scope) { id scope } }',
      variables,
    );
    if (syncProvider.scope === variables.scope) return syncProvider.id;
    await ended(syncProvider.id);
  }
}

const jobs = await Promise.all(buttons.map(({ variables }) => press(variables)));
for (const id of jobs) {
  const job = await ended(id);
  console.log(`  ${job.providerId.padEnd(11)} ${job.status}: ${job.processed} orders${job.error ? ` (${job.error})` : ''}`);
}

console.log('\nAd spend of every ad account, yesterday and the days the platforms may still revise …');
const { syncAdSpend } = await graphql<{ syncAdSpend: Array<{ id: string }> }>('mutation { syncAdSpend { id } }');
for (const { id } of syncAdSpend) {
  const job = await ended(id);
  console.log(`  ${job.providerId.padEnd(11)} ${job.status}: ${job.processed} days${job.error ? ` (${job.error})` : ''}`);
}
const { orders } = await graphql<{ orders: { totalCount: number } }>('{ orders { totalCount } }');
// The last 7 days as the seller's calendar has them: today and the 6 before.
const { profitSettings } = await graphql<{ profitSettings: { timezone: string } }>('{ profitSettings { timezone } }');
const today = dayIn(profitSettings.timezone);
const weekAgo = addDays(today, -6);
type Day = { orders: number; revenue: { amount: string }; adSpend: { amount: string }; netProfit: { amount: string } };
const { profitSummary } = await graphql<{ profitSummary: Day[] }>(
  'query($from: LocalDate!, $to: LocalDate!) { profitSummary(from: $from, to: $to) { orders revenue { amount } adSpend { amount } netProfit { amount } } }',
  { from: weekAgo, to: today },
);
const sum = (pick: (d: Day) => string) => profitSummary.reduce((total, d) => total + Number(pick(d)), 0).toLocaleString('en-IN', { maximumFractionDigits: 0 });
console.log(
  `\nThe last 7 days: ${profitSummary.reduce((n, d) => n + d.orders, 0)} orders, revenue ₹${sum((d) => d.revenue.amount)}, ` +
    `ad spend ₹${sum((d) => d.adSpend.amount)}, net profit ₹${sum((d) => d.netProfit.amount)}.`,
);

console.log(`
The demo seller has ${orders.totalCount} orders from four sales channels.

GraphQL endpoint (HTTP and graphql-ws): ${app.url}/graphql
Token (30 days):
${token}
(\`npm run token -- <userId>\` makes tokens for other users that this server accepts.)

Sandbox (every provider's API, played on this machine): ${sandbox.url}
  faults:  curl -s -X POST ${sandbox.url}/_sandbox/faults -H 'content-type: application/json' -d '{"provider":"amazon","kind":"500","count":3}'
  revoke:  curl -s -X POST ${sandbox.url}/_sandbox/revoke   (refuses every credential; -X DELETE restores them)

Try it:
curl -s ${app.url}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${token}' \\
  -d '{"query":"{ orders(first: 5) { totalCount edges { node { providerId orderNumber status total { amount currencyCode } items { sku quantity } } } } }"}'

A subscription (graphql-ws, connectionParams { "authorization": "Bearer <token>" }), then start a sync:
subscription { syncProgress { providerId status processed total message } }
mutation { syncProvider(providerId: "flipkart") { id status } }

What every day earned, and where money is lost:
curl -s ${app.url}/graphql -H 'content-type: application/json' -H 'authorization: Bearer ${token}' \\
  -d '{"query":"{ profitSummary(from: \\"${weekAgo}\\", to: \\"${today}\\") { date orders revenue { amount } adSpend { amount } netProfit { amount } roas rtoRate incompleteOrders } profitBreakdown(from: \\"${weekAgo}\\", to: \\"${today}\\", by: PINCODE, first: 5) { label orders rtoRate netProfit { amount } } }"}'

API explorer (GraphiQL, subscriptions included): ${app.url}/explorer

Ctrl-C stops the demo; its data stays in ${config.database.dataDir}.

Open the seller's console (this address signs in the demo seller; the token stays in the address's fragment, which no server sees):
${app.url}/#token=${token}
`);
