import type { Client } from 'graphql-ws';
import { SANDBOX_CREDENTIALS } from '../../src/sandbox/credentials.js';
import { doc, gql, type GraphQLResponse, type TestServer } from './server.js';

export interface ProgressEvent {
  jobId: string;
  status: string;
  processed: number;
  created: number;
  updated: number;
  total: number | null;
  message: string | null;
}

/** Connects a provider with the sandbox's known account. */
export async function connectSandbox(server: Pick<TestServer, 'url'>, token: string, providerId: keyof typeof SANDBOX_CREDENTIALS): Promise<void> {
  const res = await gql(
    server,
    'mutation($p: ID!, $c: JSONObject!) { connectProvider(providerId: $p, credentials: $c) { status { state } } }',
    { p: providerId, c: SANDBOX_CREDENTIALS[providerId] },
    token,
  );
  if (res.errors) throw new Error(`connect ${providerId}: ${res.errors[0]!.message}`);
}

/** Collects a user's syncProgress events until a job ends (SUCCEEDED or FAILED). */
export function collectProgress(client: Client, timeoutMs = 60_000): { events: ProgressEvent[]; ended: Promise<ProgressEvent> } {
  const events: ProgressEvent[] = [];
  const ended = new Promise<ProgressEvent>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no end of sync within ${timeoutMs} ms: ${JSON.stringify(events.at(-1))}`)), timeoutMs);
    client.subscribe<{ syncProgress: ProgressEvent }>(
      { query: 'subscription { syncProgress { jobId status processed created updated total message } }' },
      {
        next: ({ data }) => {
          const event = data!.syncProgress;
          events.push(event);
          if (event.status === 'SUCCEEDED' || event.status === 'FAILED') {
            clearTimeout(timer);
            resolve(event);
          }
        },
        error: reject,
        complete: () => undefined,
      },
    );
  });
  return { events, ended };
}

export interface EndedJob {
  status: string;
  error: string | null;
}

/**
 * Reads a job until it has ended (SUCCEEDED or FAILED). A subscription opened just before the
 * job was queued may start only after a quick job ended, on a loaded machine; the job's own
 * record cannot miss its end.
 */
export async function jobEnded(server: { url: string }, token: string, jobId: string, timeoutMs = 50_000): Promise<EndedJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const res = await gql(server, doc<{ syncJob: EndedJob | null }>('query($id: ID!) { syncJob(id: $id) { status error } }'), { id: jobId }, token);
    if (res.errors) throw new Error(res.errors[0]!.message);
    const job = res.data!.syncJob!;
    if (job.status === 'SUCCEEDED' || job.status === 'FAILED') return job;
    if (Date.now() > deadline) throw new Error(`job ${jobId} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Sums what `orders` returns for the user, page by page (the frontend's way). */
export async function readAllOrders(
  server: TestServer,
  token: string,
  providerId: string,
): Promise<{ count: number; totalPaise: number; lines: number; totalCount: number }> {
  let after: string | null = null;
  let count = 0;
  let totalPaise = 0;
  let lines = 0;
  let totalCount: number;
  type OrdersPage = {
    orders: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      edges: Array<{ node: { total: { amount: string; currencyCode: string }; items: unknown[] } }>;
    };
  };
  for (;;) {
    const res: GraphQLResponse<OrdersPage> = await gql<OrdersPage>(
      server,
      `query($f: OrderFilter, $after: String) { orders(filter: $f, first: 100, after: $after) {
        totalCount pageInfo { hasNextPage endCursor } edges { node { total { amount currencyCode } items { sku quantity } } } } }`,
      { f: { providerId }, after },
      token,
    );
    if (res.errors) throw new Error(res.errors[0]!.message);
    const page: OrdersPage['orders'] = res.data!.orders;
    totalCount = page.totalCount;
    for (const { node } of page.edges) {
      count++;
      lines += node.items.length;
      const [rupees, paise = '0'] = node.total.amount.split('.');
      totalPaise += Number(rupees) * 100 + Number(paise.padEnd(2, '0'));
    }
    if (!page.pageInfo.hasNextPage) return { count, totalPaise, lines, totalCount };
    after = page.pageInfo.endCursor;
  }
}

export const SYNC_MUTATION = doc<{ syncProvider: { id: string; status: string; trigger: string; scope: string } }>(
  'mutation($p: ID!) { syncProvider(providerId: $p) { id status trigger scope } }',
);
