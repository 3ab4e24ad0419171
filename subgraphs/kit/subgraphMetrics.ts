import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler, Response } from 'express';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { PURPOSE_LIST } from '@govgraph/policies';
import { tracerFor, tracingOn } from '@govgraph/observability';
import type { Database } from './database';

const KNOWN_PURPOSES = new Set(PURPOSE_LIST.map((purpose) => purpose.name));
const BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/** How a subgraph request ended: answered, answered with errors, or refused before execution (gate, shield). */
type SubgraphOutcome = 'ok' | 'errors' | 'refused';

/**
 * One agency's Prometheus metrics (GET /metrics on the subgraph): operations by purpose and outcome, their
 * latency, and SQL statements with their latency. Labels are the agency, a purpose of policies/ (or
 * `unknown`) and the outcome: nothing of the caller, the query or a row.
 */
export interface SubgraphMetrics {
  readonly registry: Registry;
  /** First on /graphql: times the request and counts it when its response has gone. */
  readonly observeRequest: RequestHandler;
  /** Notes the purpose and outcome of an executed operation on its response (see `remember`). */
  plugin(responseOf: (context: object) => Response | undefined): ApolloServerPlugin;
  /** The database as the loaders use it: each statement counted and timed (and a span when tracing is on). */
  observedDatabase(db: Database): Database;
}

export function createSubgraphMetrics(agency: string, options: { processMetrics?: boolean } = {}): SubgraphMetrics {
  const registry = new Registry();
  registry.setDefaultLabels({ agency });
  if (options.processMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'govgraph_subgraph_' });
  const operations = new Counter({
    name: 'govgraph_subgraph_operations_total',
    help: 'Requests to /graphql by purpose and outcome (ok, errors, refused).',
    labelNames: ['purpose', 'outcome'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'govgraph_subgraph_operation_duration_seconds',
    help: 'Request latency at the agency, by outcome.',
    labelNames: ['outcome'] as const,
    buckets: BUCKETS,
    registers: [registry],
  });
  const statements = new Counter({ name: 'govgraph_subgraph_sql_statements_total', help: 'SQL statements sent to the agency database.', registers: [registry] });
  const statementLatency = new Histogram({
    name: 'govgraph_subgraph_sql_duration_seconds',
    help: 'SQL statement latency.',
    buckets: BUCKETS,
    registers: [registry],
  });

  return {
    registry,
    observeRequest(_req, res, next) {
      const started = performance.now();
      res.once('finish', () => {
        const noted = res.locals.observed as { purpose: string; outcome: SubgraphOutcome } | undefined;
        const outcome: SubgraphOutcome = noted?.outcome ?? (res.statusCode < 400 ? 'ok' : 'refused');
        operations.inc({ purpose: noted?.purpose ?? 'unknown', outcome });
        latency.observe({ outcome }, (performance.now() - started) / 1000);
      });
      next();
    },
    plugin(responseOf) {
      return {
        async requestDidStart() {
          return {
            async willSendResponse({ contextValue, response }) {
              const res = responseOf(contextValue);
              if (!res) return;
              const purpose = (contextValue as { access?: { purpose?: string } }).access?.purpose;
              const errors = response.body.kind === 'single' ? (response.body.singleResult.errors?.length ?? 0) : 0;
              const hasData = response.body.kind === 'single' && response.body.singleResult.data != null;
              res.locals.observed = {
                purpose: purpose && KNOWN_PURPOSES.has(purpose) ? purpose : 'unknown',
                outcome: errors === 0 ? 'ok' : hasData ? 'errors' : 'refused',
              };
            },
          };
        },
      };
    },
    observedDatabase(db) {
      return {
        get pool() {
          return db.pool;
        },
        get statementCount() {
          return db.statementCount;
        },
        resetStatementCount: () => db.resetStatementCount(),
        close: () => db.close(),
        // A transaction's statements are the work's own; it is not timed as one statement.
        transaction: (work) => db.transaction(work),
        async copyIn(statement: string, data: string) {
          const started = performance.now();
          try {
            await db.copyIn(statement, data);
          } finally {
            statements.inc();
            statementLatency.observe((performance.now() - started) / 1000);
          }
        },
        async query<Row>(text: string, values?: readonly unknown[]) {
          const started = performance.now();
          // The statement's text stays out of the span: only that one ran, and how long it took.
          const span = tracingOn() ? tracerFor(agency).startSpan('govgraph.sql', { attributes: { 'db.system.name': 'postgresql' } }) : undefined;
          try {
            return await db.query<Row>(text, values);
          } finally {
            span?.end();
            statements.inc();
            statementLatency.observe((performance.now() - started) / 1000);
          }
        },
      };
    },
  };
}
