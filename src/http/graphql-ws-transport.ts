import { CloseCode, handleProtocols, makeServer, type ConnectionInitMessage, type Disposable, type ServerOptions } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import type { Logger } from '../logger.js';

/** How often an idle socket is pinged, and how long its pong may take (graphql-ws's default). */
const KEEP_ALIVE_MS = 12_000;

/**
 * graphql-ws on a ws server, as graphql-ws/use/ws does it (its docs invite copying it), with
 * its errors logged as one pino line each. The library's adapter printed them with
 * console.error: a multi-line stack on stderr, outside the JSON log, for as little as a
 * client's message over the size limit. Close reasons never carry an error's message.
 */
export function serveGraphqlWs<P extends ConnectionInitMessage['payload'], E extends Record<PropertyKey, unknown>>(
  options: ServerOptions<P, Extra & Partial<E>>,
  ws: WebSocketServer,
  log: Logger,
): Disposable {
  const server = makeServer(options);
  ws.options.handleProtocols = handleProtocols;
  // The HTTP server's own errors arrive here too (ws re-emits them); unhandled, they would throw.
  ws.on('error', (err) => log.error({ err, transport: 'ws' }, 'websocket server error'));

  ws.on('connection', (socket, request) => {
    // ws has closed the socket already, with the code its fault calls for: a client's frame it
    // refuses (WS_ERR_…: 1009 for a message over maxPayload, 1002, 1007…), or a failed write.
    socket.on('error', (err: Error & { code?: string }) => {
      const fault = { transport: 'ws', fault: err.code ?? err.name, reason: err.message };
      if (err.code?.startsWith('WS_ERR_')) log.info(fault, 'websocket closed on a client fault');
      else log.warn(fault, 'websocket closed on an error');
    });

    let pongWait: NodeJS.Timeout | undefined;
    const pingInterval = setInterval(() => {
      if (socket.readyState !== socket.OPEN) return;
      pongWait = setTimeout(() => socket.terminate(), KEEP_ALIVE_MS);
      socket.once('pong', () => clearTimeout(pongWait));
      socket.ping();
    }, KEEP_ALIVE_MS);

    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(data, (err) => (err ? reject(err) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            try {
              await handle(String(data));
            } catch (err) {
              log.error({ err, transport: 'ws' }, 'websocket message handling failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      // E's fields are all optional (Partial): the hooks fill them in later.
      { socket, request } as Extra & Partial<E>,
    );

    socket.once('close', (code, reason) => {
      clearTimeout(pongWait);
      clearInterval(pingInterval);
      closed(code, String(reason)).catch((err: unknown) => log.error({ err, transport: 'ws' }, 'websocket close handling failed'));
    });
  });

  return {
    async dispose() {
      for (const client of ws.clients) client.close(1001, 'Going away');
      ws.removeAllListeners();
      await new Promise<void>((resolve, reject) => ws.close((err) => (err ? reject(err) : resolve())));
    },
  };
}
