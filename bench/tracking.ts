import { createServer, request, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { startApp } from '../src/app.js';
import { loadConfig } from '../src/config.js';
import { createLogger } from '../src/logger.js';
import { parcelAwb } from '../src/sandbox/commerce/parcels.js';
import { SANDBOX_CREDENTIALS } from '../src/sandbox/credentials.js';
import { startSandbox } from '../src/sandbox/server.js';
import { newKeyEntry } from '../src/services/credential-vault.js';
import { signToken } from '../src/services/token-verifier.js';
import { graphqlAs, scratchDatabase } from './bench-server.js';

/**
 * `DATABASE_URL=postgres://… npm run bench:tracking -- [shipments]`: one seller with N open
 * Delhivery shipments (default 5,000, parcels the sandbox has not closed) on a scratch database,
 * tracked by one `syncProvider("delhivery")` against the sandbox through a counting proxy. Prints
 * the Delhivery tracking calls made (the target: at most N / 50, here 100), the most made in any
 * 5 minutes (Delhivery's limit: 750 per IP), the AWBs per call, the shipments that moved and the
 * time the job took.
 */
const N = Number(process.argv[2] ?? 5_000);
const baseUrl = process.env.DATABASE_URL;
if (!baseUrl || !Number.isInteger(N) || N <= 0) {
  console.error('usage: DATABASE_URL=postgres://… npm run bench:tracking -- [shipments]');
  process.exit(2);
}
const TRACK_PATH = '/delhivery/api/v1/packages/json/';
const WINDOW_MS = 300_000;

const scratch = await scratchDatabase(baseUrl, 'tracking');

const sandbox = await startSandbox({ orders: 10 });
// Every call to the sandbox passes here: tracking calls are counted, with the AWBs each asked.
const calls: Array<{ at: number; awbs: number }> = [];
const proxy = createServer((req: IncomingMessage, res: ServerResponse) => {
  const target = new URL(req.url!, sandbox.url);
  if (target.pathname === TRACK_PATH) calls.push({ at: Date.now(), awbs: (target.searchParams.get('waybill') ?? '').split(',').length });
  const forward = request(target, { method: req.method, headers: req.headers }, (answer) => {
    res.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(res);
  });
  req.pipe(forward);
});
await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
const proxyUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
const providerEnv = Object.fromEntries(Object.entries(sandbox.env).map(([k, v]) => [k, v.replace(sandbox.url, proxyUrl)]));

const jwtSecret = 'bench-secret-that-is-long-enough-for-hs256';
const config = loadConfig({
  ...providerEnv,
  DATABASE_URL: scratch.url,
  JWT_SECRET: jwtSecret,
  CREDENTIALS_KEYS: newKeyEntry('bench'),
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'warn',
  LOG_FORMAT: 'json',
  ORDER_SYNC_INTERVAL: 'off',
  SHIPMENT_SYNC_INTERVAL: 'off',
});
const app = await startApp(config, createLogger({ level: config.log.level, pretty: false }));

try {
  const token = await signToken(jwtSecret, 'bench-tracking-seller');
  const ask = graphqlAs(app.url!, token);
  const connected = await ask<{ connectProvider: { status: { channelAccountId: string } } }>(
    'mutation($c: JSONObject!) { connectProvider(providerId: "delhivery", credentials: $c) { status { channelAccountId } } }',
    { c: SANDBOX_CREDENTIALS.delhivery },
  );
  const accountId = connected.connectProvider.status.channelAccountId;
  calls.length = 0;

  // N parcels the sandbox has not closed, registered as the seller's Delhivery shipments (in SQL: trackShipment N times would bench GraphQL).
  const awbs: string[] = [];
  for (let i = 0; awbs.length < N; i++) {
    const awb = parcelAwb('delhivery', i);
    if (!sandbox.parcels.view('delhivery', awb)!.closed) awbs.push(awb);
  }
  const db = new pg.Client({ connectionString: scratch.url });
  await db.connect();
  await db.query(
    `insert into shipments (id, user_id, provider_id, tracking_number, carrier, courier_account_id, tracked, status, currency, created_at, updated_at)
     select gen_random_uuid(), a.user_id, 'delhivery', awb, 'Delhivery', a.id, true, 'CREATED', 'INR', now(), now()
     from channel_accounts a, unnest($2::text[]) as awb where a.id = $1`,
    [accountId, awbs],
  );

  const started = Date.now();
  const { syncProvider } = await ask<{ syncProvider: { id: string } }>('mutation { syncProvider(providerId: "delhivery") { id } }');
  let job: { status: string; processed: number; updated: number; error: string | null } | undefined;
  for (;;) {
    job = (await ask<{ syncJob: typeof job }>('query($id: ID!) { syncJob(id: $id) { status processed updated error } }', { id: syncProvider.id })).syncJob;
    if (job!.status === 'SUCCEEDED' || job!.status === 'FAILED') break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const seconds = (Date.now() - started) / 1000;
  const { rows } = await db.query<{ status: string; n: number }>(`select status, count(*)::int as n from shipments group by status order by status`);
  const { rows: budget } = await db.query<{ calls: number }>(
    `select coalesce(sum(calls), 0)::int as calls from call_budget_calls where name = 'delhivery:track'`,
  );
  await db.end();
  const busiest = Math.max(0, ...calls.map((c) => calls.filter((d) => d.at >= c.at && d.at < c.at + WINDOW_MS).length));
  const result = {
    shipments: N,
    job: job!.status,
    error: job!.error,
    seen: job!.processed,
    updated: job!.updated,
    delhiveryCalls: calls.length,
    target: `<= ${Math.ceil(N / 50)}`,
    mostAwbsPerCall: Math.max(...calls.map((c) => c.awbs)),
    busiestFiveMinutes: busiest,
    limitPerFiveMinutes: 750,
    countedInSharedBudget: budget[0]!.calls,
    seconds,
    byStatus: Object.fromEntries(rows.map((r) => [r.status, r.n])),
  };
  console.log(JSON.stringify(result, null, 2));
  if (job!.status !== 'SUCCEEDED' || calls.length > Math.ceil(N / 50) || busiest > 750) process.exitCode = 1;
} finally {
  await app.stop();
  proxy.closeAllConnections();
  await new Promise<void>((resolve) => proxy.close(() => resolve()));
  await sandbox.stop();
  await scratch.drop();
}
// Everything above is closed; a keep-alive timer of the in-process server's clients would still hold the process for minutes.
process.exit();
