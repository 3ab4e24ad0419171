/**
 * npx tsx bench/hotReload.ts — what a hot reload costs the requests in flight. 16 clients ask the README query
 * (all five agencies) without pause; five compatible supergraphs are served one after another (recorded in
 * the registry as an accepted publish ends). Prints, per switch, the time from commit to served (NOTIFY, the
 * candidate's policy graph, @apollo/gateway's update) and the latency of the requests that finished within a
 * second of it, beside the steady state; and how many requests failed (there must be none). DATABASE_URL names
 * a server to use; without it an embedded PostgreSQL is started.
 */
import { performance } from 'node:perf_hooks';
import { reportOf } from '../registry/checks/report';
import { inRegistryTransaction, insertSupergraph, insertVersion, servedSupergraphRecord, versionsByIds } from '../registry/registryStore';
import { EXAMPLE_CASE_REF, EXAMPLE_QUERY } from '../runtime/banner';
import { composeSubgraphs } from '../schema/compose';
import { demoToken, startBenchSystem } from './support/benchSystem';

const CLIENTS = 16;
const SWITCHES = 5;

interface Sample {
  at: number;
  ms: number;
  ok: boolean;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function main(): Promise<void> {
  const { system, stop } = await startBenchSystem('bench_reload');
  try {
    const token = await demoToken(system.identityProvider.issuer, 'mediator.wang');
    const samples: Sample[] = [];
    let running = true;
    const loops = Array.from({ length: CLIENTS }, async () => {
      while (running) {
        const started = performance.now();
        let ok = false;
        try {
          const response = await fetch(system.gateway.graphqlUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, 'x-purpose': 'dispute-resolution', 'x-case-ref': EXAMPLE_CASE_REF },
            body: JSON.stringify({ query: EXAMPLE_QUERY }),
          });
          const body = (await response.json()) as { data?: { person?: unknown }; errors?: unknown[] };
          ok = response.status === 200 && !body.errors && Boolean(body.data?.person);
        } catch {
          ok = false;
        }
        samples.push({ at: performance.now(), ms: performance.now() - started, ok });
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const steady = samples.filter((sample) => sample.at > 2_000 + samples[0]!.at).map((sample) => sample.ms);
    console.log(`steady state: ${steady.length} requests, p50 ${percentile(steady, 50).toFixed(1)} ms, p99 ${percentile(steady, 99).toFixed(1)} ms`);

    for (let round = 1; round <= SWITCHES; round += 1) {
      const committed = await inRegistryTransaction(system.registry.db, async (tx) => {
        const current = (await servedSupergraphRecord(tx))!;
        const versions = await versionsByIds(tx, Object.values(current.subgraphVersions));
        const petitions = versions.find((version) => version.subgraph === 'petitions')!;
        const sdl = petitions.sdl.replace(/type Petition @key\(fields: "id"\) \{/, (head) => `${head}\n  benchField${round}: String @notPersonal(reason: "benchmark")`);
        const edited = await insertVersion(tx, { subgraph: 'petitions', sdl, url: petitions.url, publishedBy: 'bench', decision: 'accepted', report: reportOf([]) });
        const composed = composeSubgraphs(versions.map((version) => (version.subgraph === 'petitions' ? { name: 'petitions', url: edited.url, sdl } : { name: version.subgraph, url: version.url, sdl: version.sdl })));
        if (!composed.supergraphSdl) throw new Error(`does not compose: ${JSON.stringify(composed.errors)}`);
        return insertSupergraph(tx, {
          supergraphSdl: composed.supergraphSdl,
          subgraphVersions: { ...current.subgraphVersions, petitions: edited.id },
          subgraphUrls: current.subgraphUrls,
          acceptedBy: 'bench',
          reason: `bench switch ${round}`,
        });
      });
      const committedAt = performance.now();
      while (system.gateway.served().version !== committed.version) await new Promise((resolve) => setTimeout(resolve, 5));
      const servedAt = performance.now();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      const around = samples.filter((sample) => sample.at >= committedAt && sample.at <= servedAt + 1_000).map((sample) => sample.ms);
      console.log(
        `switch ${round}: version ${committed.version} served ${(servedAt - committedAt).toFixed(0)} ms after its commit; ` +
          `${around.length} requests finished meanwhile (+1 s): p50 ${percentile(around, 50).toFixed(1)} ms, max ${Math.max(...around).toFixed(1)} ms`,
      );
    }
    running = false;
    await Promise.all(loops);
    console.log(`${samples.length} requests in all, ${samples.filter((sample) => !sample.ok).length} failed`);
  } finally {
    await stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
