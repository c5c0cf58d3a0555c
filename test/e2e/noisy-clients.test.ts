import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import WebSocket from 'ws';
import { TEST_JWT_SECRET } from '../support/env.js';
import { startSutraProcess, type SutraProcess } from '../support/process.js';
import { connected, newUserToken, wsClient } from '../support/server.js';

type LogLine = Record<string, unknown>;

/** Resolves with what `find` returns once it returns something, polling the child's log. */
async function eventually<T>(find: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  for (const until = Date.now() + timeoutMs; Date.now() < until; await new Promise((r) => setTimeout(r, 20))) {
    const found = find();
    if (found !== undefined) return found;
  }
  throw new Error(`not found within ${timeoutMs} ms`);
}

/** pino-http's line for each request: one per request by design (access-log.ts). */
const isAccessLine = (line: LogLine) => line.msg === 'request completed';

// The built server in its own process: its stderr and stdout are what an operator's log collector reads.
describe('a noisy client leaves the log readable', () => {
  let sutra: SutraProcess;
  let url: string;
  beforeAll(async () => {
    sutra = await startSutraProcess({ ROLE: 'api' });
    url = `127.0.0.1:${sutra.port}`;
  });
  afterAll(() => sutra.kill());

  it('a websocket message over the size limit closes that socket with 1009 and writes one JSON line, nothing on stderr', async () => {
    const { token } = await newUserToken('oversize');
    const send = async () => {
      const socket = new WebSocket(`ws://${url}/graphql`, 'graphql-transport-ws');
      await once(socket, 'open');
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${token}` } }));
      const [ack] = (await once(socket, 'message')) as [Buffer];
      expect(JSON.parse(String(ack))).toEqual({ type: 'connection_ack' });
      const closed = once(socket, 'close') as Promise<[number, Buffer]>;
      // Over REQUEST_BODY_LIMIT (1 MB by default), the websocket's maxPayload.
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ __typename }', variables: { padding: 'x'.repeat(1_100_000) } } }));
      const [code] = await closed;
      return code;
    };
    const logged = sutra.logs.length;
    expect(await Promise.all([send(), send(), send()])).toEqual([1009, 1009, 1009]);

    const faults = await eventually(() => {
      const lines = sutra.logs.slice(logged).filter((l) => l.msg === 'websocket closed on a client fault');
      return lines.length === 3 ? lines : undefined;
    });
    for (const line of faults) {
      expect(line).toMatchObject({ level: 30, transport: 'ws', fault: 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH', reason: 'Max payload size exceeded' });
      expect(line).not.toHaveProperty('err');
    }
    // Before: graphql-ws's adapter printed each as a multi-line stack with console.error.
    await new Promise((r) => setTimeout(r, 200));
    expect(sutra.stderr).toEqual([]);
  });

  it('a flood of bad tokens is counted, in a handful of lines that add up to every refusal', async () => {
    const wrongKey = new TextEncoder().encode('another-secret-that-is-long-enough-for-hs256');
    const key = new TextEncoder().encode(TEST_JWT_SECRET);
    const bad = {
      'the token is not a valid JWT': 'not-a-jwt',
      'the token signature is not valid': await new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setSubject('flood').setExpirationTime('1h').sign(wrongKey),
      'the token has expired': await new SignJWT({})
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(`flood-${randomUUID()}`)
        .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
        .sign(key),
    };
    const reasons = Object.keys(bad) as Array<keyof typeof bad>;
    const HTTP = 2_000;
    const WS = 30;
    const logged = sutra.logs.length;
    const started = Date.now();

    let sent = 0;
    const senders = Array.from({ length: 20 }, async () => {
      while (sent < HTTP) {
        const reason = reasons[sent++ % reasons.length]!;
        const res = await fetch(`http://${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${bad[reason]}` },
          body: JSON.stringify({ query: '{ channelAccounts { id } }' }),
        });
        expect(res.status).toBe(401);
        await res.arrayBuffer();
      }
    });
    await Promise.all(senders);
    for (let i = 0; i < WS; i++) {
      const client = wsClient({ wsUrl: `ws://${url}/graphql` }, bad[reasons[i % reasons.length]!]);
      await expect(connected(client)).rejects.toMatchObject({ code: 4403 });
      await client.dispose();
    }
    const duringFlood = sutra.logs.slice(logged).filter((l) => !isAccessLine(l));
    const seconds = (Date.now() - started) / 1000;
    // Stopping writes the open window's summary: the count is not lost with the process.
    expect(await sutra.kill()).toBe(0);
    const refusalLines = sutra.logs.slice(logged).filter((l) => l.msg === 'token refused' || typeof l.refused === 'number');

    // Before: one warn line per refusal (2,030 here). Now each 10 s window has a line per reason and a summary.
    const windows = Math.ceil(seconds / 10) + 1;
    expect(duringFlood.length).toBeLessThanOrEqual(windows * (reasons.length + 1));
    expect(refusalLines.length).toBeLessThanOrEqual(windows * (reasons.length + 1));
    const counted: Record<string, number> = {};
    for (const line of refusalLines) {
      expect(line.level).toBe(40);
      if (line.msg === 'token refused') counted[line.reason as string] = (counted[line.reason as string] ?? 0) + 1;
      else for (const [reason, n] of Object.entries(line.byReason as Record<string, number>)) counted[reason] = (counted[reason] ?? 0) + n;
    }
    const expected = Object.fromEntries(reasons.map((r, i) => [r, Math.ceil((HTTP - i) / 3) + Math.ceil((WS - i) / 3)]));
    expect(counted).toEqual(expected);
    expect(Object.values(counted).reduce((a, b) => a + b)).toBe(HTTP + WS);
    const summaries = refusalLines.filter((l) => typeof l.refused === 'number');
    expect(summaries.at(-1)).toMatchObject({
      refusedSinceStart: HTTP + WS,
      msg: expect.stringMatching(/^\d+ more token refusals in the last \d+ s, by reason$/),
    });
    expect(refusalLines.find((l) => l.msg === 'token refused')).toHaveProperty('reqId');
    console.log(`${HTTP + WS} token refusals in ${seconds.toFixed(1)} s: ${refusalLines.length} log lines (and ${HTTP} access-log lines)`);
  });
});
