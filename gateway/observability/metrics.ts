import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { codeLabeller, type Outcome, purposeLabel } from './metricLabels';

/** Latency buckets (seconds) from a cached lookup to a timed-out fetch. */
const LATENCY_BUCKETS = [0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
const COMMIT_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1];

/** A circuit's state as the gauge holds it. */
export const CIRCUIT_STATES = Object.freeze({ closed: 0, halfOpen: 1, open: 2 });
export type CircuitState = keyof typeof CIRCUIT_STATES;

/** How a subgraph fetch ended, as the fetch histogram labels it. */
export type FetchOutcome = 'ok' | 'http_error' | 'failed' | 'circuit_open';

export interface OperationObservation {
  purpose: string | undefined;
  outcome: Outcome;
  errorCodes: readonly string[];
  seconds: number;
}

/**
 * The gateway's Prometheus metrics, in a registry of its own (one per gateway: two gateways in one test
 * process never share a series). Every label is bounded (metricLabels.ts): purposes, outcomes, codes,
 * subgraph names — never a user, a subject, a case reference or query text.
 */
export interface GatewayMetrics {
  readonly registry: Registry;
  /** One operation's outcome, whatever it was, as its audit record was committed (or not). */
  operation(observation: OperationObservation): void;
  subgraphFetch(subgraph: string, outcome: FetchOutcome, seconds: number): void;
  circuit(subgraph: string, state: CircuitState): void;
  /** audit/writer.ts `onCommit`: one batch committed. */
  auditCommitted(batch: { records: number; milliseconds: number }): void;
  /** Reads the audit backlog whenever /metrics is scraped. */
  watchAuditBacklog(backlog: () => number): void;
  /** Reads the admission gate whenever /metrics is scraped. */
  watchAdmission(gate: { readonly inFlight: number; readonly queued: number }): void;
}

export function createGatewayMetrics(options: { processMetrics?: boolean } = {}): GatewayMetrics {
  const registry = new Registry();
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'govgraph_gateway_' });
  const code = codeLabeller();
  const requests = new Counter({
    name: 'govgraph_requests_total',
    help: 'Operations by purpose, outcome (ok, partial, refused, failed) and first error code (none when none).',
    labelNames: ['purpose', 'outcome', 'code'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'govgraph_request_duration_seconds',
    help: 'Operation latency, from arrival to its audit record committed, by purpose and outcome.',
    labelNames: ['purpose', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const refusals = new Counter({
    name: 'govgraph_refusals_total',
    help: 'Error codes of operations answered without data (each code of an operation counts once).',
    labelNames: ['code'] as const,
    registers: [registry],
  });
  const fetchLatency = new Histogram({
    name: 'govgraph_subgraph_fetch_duration_seconds',
    help: 'Subgraph fetch latency by subgraph and outcome (ok, http_error, failed, circuit_open).',
    labelNames: ['subgraph', 'outcome'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  const fetchErrors = new Counter({
    name: 'govgraph_subgraph_fetch_errors_total',
    help: 'Subgraph fetches that failed (refused, timed out, 5xx, circuit open), by subgraph and outcome.',
    labelNames: ['subgraph', 'outcome'] as const,
    registers: [registry],
  });
  const circuit = new Gauge({
    name: 'govgraph_subgraph_circuit_state',
    help: 'Circuit breaker per subgraph: 0 closed, 1 half-open, 2 open.',
    labelNames: ['subgraph'] as const,
    registers: [registry],
  });
  const commitLatency = new Histogram({
    name: 'govgraph_audit_commit_duration_seconds',
    help: 'Audit batches: time from INSERT to COMMIT.',
    buckets: COMMIT_BUCKETS,
    registers: [registry],
  });
  const committed = new Counter({ name: 'govgraph_audit_records_committed_total', help: 'Audit records committed.', registers: [registry] });
  let backlogOf: (() => number) | undefined;
  new Gauge({
    name: 'govgraph_audit_queue_depth',
    help: 'Audit records waiting for their commit (queued and in the batches in flight).',
    registers: [registry],
    collect() {
      if (backlogOf) this.set(backlogOf());
    },
  });
  let gate: { readonly inFlight: number; readonly queued: number } | undefined;
  new Gauge({
    name: 'govgraph_admission_in_flight',
    help: 'Operations admitted and running (gateway/admission).',
    registers: [registry],
    collect() {
      if (gate) this.set(gate.inFlight);
    },
  });
  new Gauge({
    name: 'govgraph_admission_queued',
    help: 'Requests waiting at the door for a slot (gateway/admission).',
    registers: [registry],
    collect() {
      if (gate) this.set(gate.queued);
    },
  });

  return {
    registry,
    operation({ purpose, outcome, errorCodes, seconds }) {
      const purposeValue = purposeLabel(purpose);
      requests.inc({ purpose: purposeValue, outcome, code: errorCodes.length > 0 ? code(errorCodes[0]!) : 'none' });
      latency.observe({ purpose: purposeValue, outcome }, seconds);
      if (outcome === 'refused' || outcome === 'failed') for (const each of new Set(errorCodes)) refusals.inc({ code: code(each) });
    },
    subgraphFetch(subgraph, outcome, seconds) {
      fetchLatency.observe({ subgraph, outcome }, seconds);
      if (outcome !== 'ok') fetchErrors.inc({ subgraph, outcome });
    },
    circuit(subgraph, state) {
      circuit.set({ subgraph }, CIRCUIT_STATES[state]);
    },
    auditCommitted({ records, milliseconds }) {
      commitLatency.observe(milliseconds / 1000);
      committed.inc(records);
    },
    watchAuditBacklog(backlog) {
      backlogOf = backlog;
    },
    watchAdmission(watched) {
      gate = watched;
    },
  };
}
