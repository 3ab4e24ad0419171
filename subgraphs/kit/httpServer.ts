import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:4001 */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * How long an idle keep-alive socket stays open. Node's default (5 s) is close to its clients' reuse window
 * (fetch reuses a socket for up to 3 s after a `timeout=5` hint), and a server whose event loop is late runs its
 * timers before it reads a request already waiting on the socket: it closes that socket and the client sees
 * "other side closed" on a POST it cannot retry (CI saw it once: one of 1,000 requests from 200 clients on 2 cores).
 * Longer than the clients' window and than the usual proxy idle timeout (60 s), the client is the one to close.
 */
export const KEEP_ALIVE_TIMEOUT_MS = 65_000;

/**
 * Listens on `port` (0 = any free port). Closing drains: idle keep-alive sockets close at once, a request in
 * flight is answered with `Connection: close`, and a socket that falls idle while closing is closed then, so
 * a close waits for the answers in flight and not for the clients' keep-alive.
 */
export async function listen(app: Express, port: number, host: string): Promise<RunningServer & { server: http.Server }> {
  const server = http.createServer({ keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS }, app);
  let closing = false;
  const inFlight = new Set<http.ServerResponse>();
  server.on('request', (_request: http.IncomingMessage, response: http.ServerResponse) => {
    if (closing) response.shouldKeepAlive = false;
    inFlight.add(response);
    response.once('close', () => {
      inFlight.delete(response);
      // Node marks the socket idle after this answer's own 'finish' handling: close it on the next turn.
      if (closing) setImmediate(() => server.closeIdleConnections());
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  return {
    server,
    port: address.port,
    url: `http://${shownHost}:${address.port}`,
    close: () =>
      new Promise<void>((resolve, reject) => {
        closing = true;
        for (const response of inFlight) if (!response.headersSent) response.shouldKeepAlive = false;
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
