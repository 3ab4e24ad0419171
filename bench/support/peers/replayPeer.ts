import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { ACCESS_CONTEXT_HEADER, type AccessContextSigner } from '@govgraph/access-context';
import { operationDigestOf } from '@govgraph/access-context';
import { BENCH_QUERY_HEADER, type PeerConfig, type RecordedFetch } from './peerConfig';

/**
 * D, the floor: no GraphQL at all. Each request replays the subgraph fetches govgraph's query plan made for
 * that query (recorded by bench/peers.ts), wave after wave, a wave's fetches in parallel, each with a freshly
 * signed access context; the answer is a small fixed JSON. What is left is HTTP in, the fetches, HTTP out.
 */
export async function startReplayPeer(config: PeerConfig, signer: AccessContextSigner): Promise<{ url: string; close(): Promise<void> }> {
  const send = async (fetchRecord: RecordedFetch): Promise<void> => {
    const signed = await signer.sign({ ...fetchRecord.access, requestId: randomUUID() }, fetchRecord.subgraph, operationDigestOf(fetchRecord.body));
    const response = await fetch(fetchRecord.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [ACCESS_CONTEXT_HEADER]: signed },
      body: fetchRecord.body,
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`${fetchRecord.subgraph} answered ${response.status}: ${text.slice(0, 200)}`);
  };
  const server = http.createServer((req, res) => {
    void (async () => {
      for await (const _chunk of req);
      const plan = config.plans[String(req.headers[BENCH_QUERY_HEADER])];
      try {
        if (!plan) throw new Error(`no recorded plan for ${String(req.headers[BENCH_QUERY_HEADER])}`);
        for (const wave of plan) await Promise.all(wave.map(send));
        res.writeHead(200, { 'content-type': 'application/json' }).end(`{"data":{"fetches":${plan.flat().length}}}`);
      } catch (error) {
        res.writeHead(502, { 'content-type': 'application/json' }).end(JSON.stringify({ errors: [{ message: (error as Error).message }] }));
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(config.port, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/graphql`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
