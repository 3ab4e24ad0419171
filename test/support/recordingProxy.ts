import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request the proxy saw: its headers and its exact body. */
export interface RecordedRequest {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

export interface RecordingProxy {
  /** The proxy's /graphql URL, to give the gateway in place of the subgraph's. */
  readonly graphqlUrl: string;
  /** Every request seen so far, oldest first. */
  readonly recorded: RecordedRequest[];
  /** When true, requests are kept and not passed on (answered 502), as an attacker who takes a context unused. */
  intercept: boolean;
  close(): Promise<void>;
}

/**
 * A man in the middle between the gateway and one subgraph, as an attacker on the network would sit:
 * it passes every request on unchanged (or, intercepting, keeps it) and keeps a copy of what the gateway
 * sent (the signed access context header and the body), so a test can replay or alter it.
 */
export async function startRecordingProxy(target: string): Promise<RecordingProxy> {
  const recorded: RecordedRequest[] = [];
  const state = { intercept: false };
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    recorded.push({ headers: req.headers, body });
    if (state.intercept) {
      res.writeHead(502).end();
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        (entry): entry is [string, string] => typeof entry[1] === 'string' && !['host', 'content-length', 'connection'].includes(entry[0]),
      ),
    );
    try {
      const answer = await fetch(target, { method: req.method, headers, ...(req.method === 'POST' ? { body } : {}) });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    } catch {
      res.writeHead(502).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    graphqlUrl: `http://127.0.0.1:${port}/graphql`,
    recorded,
    get intercept() {
      return state.intercept;
    },
    set intercept(value: boolean) {
      state.intercept = value;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
