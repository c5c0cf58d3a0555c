import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import type { Client } from 'graphql-ws';
import { signToken } from '../../src/services/token-verifier.js';
import { TEST_JWT_SECRET } from '../support/env.js';
import { doc, connected, gql, newUserToken, startTestServer, wsClient, type TestServer } from '../support/server.js';
import { connectSandbox, jobEnded, SYNC_MUTATION } from '../support/sync.js';

/** The close event of a socket, or a timeout. */
const closedWith = (client: Client, timeoutMs: number) =>
  new Promise<{ code: number; reason: string }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${timeoutMs} ms`)), timeoutMs);
    client.on('closed', (event) => {
      clearTimeout(timer);
      resolve(event as { code: number; reason: string });
    });
  });

describe('sessions end when their token does', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ sandbox: { orders: 20, rateScale: 500 } });
  });
  afterAll(() => server.stop());

  it('closes a live graphql-ws session with 4403 when its token expires', async () => {
    const token = await signToken(TEST_JWT_SECRET, `expiring-${randomUUID()}`, { expiresIn: '2s' });
    const client = wsClient(server, token);
    await connected(client);
    const events: unknown[] = [];
    client.subscribe({ query: 'subscription { syncProgress { jobId } }' }, { next: (e) => events.push(e), error: () => undefined, complete: () => undefined });
    const started = Date.now();
    const closed = await closedWith(client, 6_000);
    expect(closed).toMatchObject({ code: 4403, reason: 'Forbidden: the token has expired' });
    // At the token's exp (a whole second: jose rounds it), not a moment later.
    expect(Date.now() - started).toBeLessThan(3_500);
    await client.dispose();
    // Coming back with the same token is refused; the HTTP API refuses it too.
    const again = wsClient(server, token);
    await expect(connected(again)).rejects.toMatchObject({ code: 4403 });
    await again.dispose();
    const res = await gql(server, '{ channelAccounts { id } }', {}, token);
    expect(res.errors![0]).toMatchObject({ message: 'Invalid token: the token has expired', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a token that never expires, over HTTP and the websocket', async () => {
    const forever = await new SignJWT({})
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(`forever-${randomUUID()}`)
      .setIssuedAt()
      .sign(new TextEncoder().encode(TEST_JWT_SECRET));
    const res = await gql(server, '{ channelAccounts { id } }', {}, forever);
    expect(res.status).toBe(401);
    expect(res.errors![0]).toMatchObject({
      message: 'Invalid token: the token has no exp claim (tokens must expire)',
      extensions: { code: 'UNAUTHENTICATED' },
    });
    const client = wsClient(server, forever);
    await expect(connected(client)).rejects.toMatchObject({ code: 4403 });
    await client.dispose();
  });

  it('asks the seller to reconnect when a saved credential no longer opens, and marks it NEEDS_REAUTH', async () => {
    const seller = await newUserToken('sealed');
    await connectSandbox(server, seller.token, 'flipkart');
    // As after its key was dropped from CREDENTIALS_KEYS before `npm run rotate-keys` re-sealed it.
    await server.db.em
      .getConnection()
      .execute(
        `update provider_credentials set secret_key_id = 'retired' where provider_id = 'flipkart' and user_id = (select id from users where subject = ?)`,
        [seller.subject],
      );
    const queued = await gql(server, SYNC_MUTATION, { p: 'flipkart' }, seller.token);
    const job = await jobEnded(server, seller.token, queued.data!.syncProvider.id);
    const message = 'The saved Flipkart credentials can no longer be read by Sutra: reconnect Flipkart (connect it again with its current credentials)';
    expect(job).toEqual({ status: 'FAILED', error: message });
    const status = await gql(
      server,
      doc<{ providerStatus: { state: string; error: string | null } }>('{ providerStatus(providerId: "flipkart") { state error } }'),
      {},
      seller.token,
    );
    expect(status.data!.providerStatus).toEqual({ state: 'NEEDS_REAUTH', error: message });
    // Connecting again is the way out.
    await connectSandbox(server, seller.token, 'flipkart');
    const fixed = await gql(server, doc<{ providerStatus: { state: string } }>('{ providerStatus(providerId: "flipkart") { state } }'), {}, seller.token);
    expect(fixed.data!.providerStatus).toEqual({ state: 'CONNECTED' });
  });
});
