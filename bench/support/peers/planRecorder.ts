import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { ACCESS_CONTEXT_HEADER, type AccessContext } from '@govgraph/access-context';
import type { RecordedFetch, RecordedPlan } from './peerConfig';

interface TimedFetch extends RecordedFetch {
  requestId: string;
  started: number;
  ended: number;
}

export interface PlanRecorder {
  /** Subgraph name → the recorder's URL for it, to give the gateway in place of the subgraph's. */
  urls: Record<string, string>;
  /** The fetches made on behalf of one client request (its x-request-id), as waves. */
  planOf(requestId: string, targets: Record<string, string>): RecordedPlan;
  close(): Promise<void>;
}

/** The claims of a signed access context, read without verifying (the recorder only copies what the gateway sent). */
function accessOf(header: string | undefined): Omit<AccessContext, 'requestId'> {
  const payload = JSON.parse(Buffer.from(String(header).split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
  const { sub, username, roles, agency, district, purpose, caseRef, caseVerification } = payload as {
    sub: string;
    username: string;
    roles: string[];
    agency?: string;
    district?: string;
    purpose: string;
    caseRef?: string;
    caseVerification?: true;
  };
  return {
    user: sub,
    username,
    roles,
    purpose,
    ...(agency !== undefined ? { agency } : {}),
    ...(district !== undefined ? { district } : {}),
    ...(caseRef !== undefined ? { caseRef } : {}),
    ...(caseVerification ? { caseVerification } : {}),
  };
}

/**
 * Waves from timings: a fetch that started after one of the current wave had finished depends on it (the
 * plan's Sequence), the others ran beside it (Parallel). A plan that nests a sequence inside a parallel
 * branch is replayed slightly more sequential than it ran: the floor errs high, never low.
 */
export function wavesOf(fetches: readonly TimedFetch[]): TimedFetch[][] {
  const waves: TimedFetch[][] = [];
  let current: TimedFetch[] = [];
  for (const fetchRecord of [...fetches].sort((a, b) => a.started - b.started)) {
    const firstEnd = Math.min(...current.map((item) => item.ended));
    if (current.length > 0 && fetchRecord.started >= firstEnd) {
      waves.push(current);
      current = [];
    }
    current.push(fetchRecord);
  }
  if (current.length > 0) waves.push(current);
  return waves;
}

/** A recording proxy in front of each subgraph: passes every fetch on, keeps its body, claims and timing. */
export async function startPlanRecorder(subgraphUrls: Record<string, string>): Promise<PlanRecorder> {
  const seen: TimedFetch[] = [];
  const servers: http.Server[] = [];
  const urls: Record<string, string> = {};
  for (const [subgraph, target] of Object.entries(subgraphUrls)) {
    const server = http.createServer((req, res) => {
      void (async () => {
        const started = performance.now();
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const body = Buffer.concat(chunks).toString('utf8');
        const headers = Object.fromEntries(
          Object.entries(req.headers).filter((entry): entry is [string, string] => typeof entry[1] === 'string' && !['host', 'content-length', 'connection'].includes(entry[0])),
        );
        const answer = await fetch(target, { method: req.method, headers, ...(req.method === 'POST' ? { body } : {}) });
        const bytes = Buffer.from(await answer.arrayBuffer());
        const context = req.headers[ACCESS_CONTEXT_HEADER];
        if (req.method === 'POST' && typeof context === 'string') {
          seen.push({ subgraph, url: target, body, access: accessOf(context), requestId: String(req.headers['x-request-id']), started, ended: performance.now() });
        }
        res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/json' }).end(bytes);
      })().catch(() => res.writeHead(502).end());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    urls[subgraph] = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }
  return {
    urls,
    planOf: (requestId, targets) =>
      wavesOf(seen.filter((item) => item.requestId === requestId)).map((wave) =>
        wave.map(({ subgraph, body, access }) => ({ subgraph, url: targets[subgraph]!, body, access })),
      ),
    close: async () => {
      await Promise.all(
        servers.map(
          (server) =>
            new Promise<void>((resolve) => {
              server.close(() => resolve());
              server.closeAllConnections();
            }),
        ),
      );
    },
  };
}
