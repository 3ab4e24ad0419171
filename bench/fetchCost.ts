/**
 * What one call to an agency costs the gateway's process: Node's fetch (as the data sources used it, with an
 * AbortSignal deadline) against undici's request (gateway/subgraphFetcher.ts), on a real HTTP server in the
 * same process answering an agency-sized JSON document; 8 callers, alternating rounds. CPU per call counts
 * both sides, the server's being the same for both.
 *
 *   npx tsx bench/fetchCost.ts [calls per round=4000] [rounds=4]
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { agencyConnections, DEFAULT_SUBGRAPH_MAX_RESPONSE_BYTES, subgraphFetcher } from '../gateway/subgraphFetcher';

const calls = Number(process.argv[2] ?? 4000);
const rounds = Number(process.argv[3] ?? 4);
const answer = JSON.stringify({
  data: { enterprise: { creditCode: '91331004MA2J8L4Q7U', name: '台州市路桥区某化工有限公司', status: 'ACTIVE', registeredCapital: 1_000_000, district: '331004', industry: 'chemicals' } },
});
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.setHeader('content-type', 'application/json');
    res.end(answer);
  });
});

async function main(): Promise<void> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  const body = JSON.stringify({ query: 'query($code: ID!) { enterprise(creditCode: $code) { creditCode name } }', variables: { code: '91331004MA2J8L4Q7U' } });
  const headers = { 'content-type': 'application/json', 'x-access-context': 'x'.repeat(400) };
  const viaUndici = subgraphFetcher({ timeoutMs: 10_000, connections: agencyConnections(DEFAULT_SUBGRAPH_MAX_RESPONSE_BYTES) });
  const ways = {
    'fetch + AbortSignal.timeout': async () => void (await (await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) })).json()),
    'undici request (subgraphFetcher)': async () => void (await (await viaUndici(url, { method: 'POST', headers, body })).json()),
  };
  console.log(`node ${process.version}, ${calls} calls a round by 8 callers, ${rounds} rounds after a warm-up`);
  for (let round = 0; round <= rounds; round += 1) {
    for (const [name, call] of Object.entries(ways)) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      await Promise.all(Array.from({ length: 8 }, async () => {
        for (let index = 0; index < calls / 8; index += 1) await call();
      }));
      const used = process.cpuUsage(cpu);
      if (round === 0) continue;
      const seconds = (performance.now() - started) / 1000;
      console.log(`round ${round}  ${name.padEnd(34)} ${Math.round(calls / seconds)} calls/s  ${((used.user + used.system) / calls).toFixed(0)} µs CPU a call`);
    }
  }
  server.close();
}

void main();
