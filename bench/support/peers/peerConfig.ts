import type { AccessContext } from '@govgraph/access-context';

/** The four gateways the peer benchmark compares (bench/peers.ts). */
export type PeerKind = 'govgraph' | 'apollo' | 'hive' | 'replay';

/** One subgraph fetch of a recorded query plan: where it went and its exact body. */
export interface RecordedFetch {
  subgraph: string;
  url: string;
  body: string;
  /** The access context the govgraph gateway signed for it (re-signed per replay: a context is used once). */
  access: Omit<AccessContext, 'requestId'>;
}

/** A query plan as replayed: waves in sequence, the fetches of one wave in parallel. */
export type RecordedPlan = RecordedFetch[][];

/** What a peer gateway child process is started with (a JSON file named on its command line). */
export interface PeerConfig {
  kind: PeerKind;
  /** Worker processes (node:cluster); 1 runs the gateway in the child itself. */
  workers: number;
  port: number;
  subgraphUrls: Record<string, string>;
  /** The access-context signing key (PKCS#8 PEM) the subgraphs trust. */
  accessContextPrivateKeyPem: string;
  /** govgraph only: the identity provider, the databases (already migrated) and this gateway's audit chain. */
  issuer: string;
  serverUrl: string;
  databasePrefix: string;
  chainId: string;
  /** govgraph only, a diagnostic: parts taken out (the audit commit, the budgets) to show what each costs. */
  without?: readonly ('audit' | 'budgets')[];
  /** replay only: the plan per query name (the `x-bench-query` header). */
  plans: Record<string, RecordedPlan>;
}

/** Messages between bench/peers.ts and a peer child. */
export type ToPeer = { type: 'cpu' } | { type: 'stop' };
export type FromPeer = { type: 'ready'; url: string } | { type: 'cpu'; micros: number; processes: number } | { type: 'failed'; message: string };

/**
 * The baselines (apollo, hive, replay) do not authenticate anyone: the benchmark tells them, in this header,
 * the access context govgraph derived for the same caller (base64url JSON), and they sign it per fetch as the
 * agencies require. Only benchmark processes read it.
 */
export const BENCH_ACCESS_HEADER = 'x-bench-access';
export const BENCH_QUERY_HEADER = 'x-bench-query';

export function encodeBenchAccess(access: Omit<AccessContext, 'requestId'>): string {
  return Buffer.from(JSON.stringify(access)).toString('base64url');
}

export function decodeBenchAccess(header: string | null | undefined): Omit<AccessContext, 'requestId'> {
  if (!header) throw new Error(`${BENCH_ACCESS_HEADER} missing`);
  return JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as Omit<AccessContext, 'requestId'>;
}
