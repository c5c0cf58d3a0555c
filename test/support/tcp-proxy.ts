import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A TCP proxy a test stands between Sutra and PostgreSQL or Redis, to do to the connection
 * what a restart or a failover does: `reset()` drops every connection at once (as a
 * PostgreSQL restart does), `down()` … `up()` refuses new ones for a while, and `stall()`
 * lets nothing through and answers nothing (a host that vanished without a reset).
 */
export interface TcpProxy {
  port: number;
  /** Connections currently passing through. */
  readonly open: number;
  /** Resets every open connection (RST), as a server that went away. */
  reset(): void;
  /** From now on, every new connection is reset at once; open ones are reset too. */
  down(): void;
  /** From now on, nothing passes either way and new connections hang; `up()` resets what hung. */
  stall(): void;
  up(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }, opts: { startDown?: boolean } = {}): Promise<TcpProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let isDown = opts.startDown ?? false;
  let stalled = false;
  const hung = new Set<Socket>();
  const server: Server = createServer((client) => {
    if (isDown) {
      client.resetAndDestroy();
      return;
    }
    if (stalled) {
      hung.add(client);
      client.on('error', () => hung.delete(client));
      return;
    }
    const upstream = connect(target.port, target.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const reset = () => {
    for (const pair of pairs) for (const socket of pair) socket.resetAndDestroy();
    pairs.clear();
  };
  return {
    port: (server.address() as AddressInfo).port,
    get open() {
      return pairs.size;
    },
    reset,
    down() {
      isDown = true;
      reset();
    },
    stall() {
      stalled = true;
      for (const [client, upstream] of pairs) {
        client.unpipe(upstream);
        upstream.unpipe(client);
        client.pause();
        upstream.pause();
        hung.add(client);
      }
    },
    up() {
      isDown = false;
      if (stalled) {
        stalled = false;
        for (const socket of hung) socket.resetAndDestroy();
        hung.clear();
        reset();
      }
    },
    async close() {
      for (const socket of hung) socket.resetAndDestroy();
      reset();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The same connection string, through the proxy. */
export function throughProxy(url: string, proxy: TcpProxy): string {
  const u = new URL(url);
  u.hostname = '127.0.0.1';
  u.port = String(proxy.port);
  return u.toString();
}
