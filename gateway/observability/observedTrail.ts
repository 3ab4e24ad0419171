import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import type { AuditTrail } from '../audit/auditTrail';
import type { OperationFacts } from '../audit/auditRecord';
import { activeRequestSpan } from '../../subgraphs/kit/requestSpan';
import { inSpan } from '@govgraph/observability';
import { outcomeOf, purposeLabel } from './metricLabels';
import type { GatewayMetrics } from './metrics';

/**
 * Every operation reaches the audit trail exactly once — allowed, refused at the door or failed — so that
 * is where it is counted, timed and logged: the metrics, one request log line, the request span's outcome.
 * What is taken from the facts is bounded and impersonal: the purpose (or `unknown`), the codes, the
 * outcome, the latency, the request and audit record ids. Never the caller, the variables, the case
 * reference or the query.
 */
export function observedTrail(trail: AuditTrail, metrics: GatewayMetrics | undefined, log: () => Logger): AuditTrail {
  const observe = (facts: OperationFacts, errorCodes: readonly string[], hasData: boolean, seconds: number, auditRecordId: string | undefined) => {
    const outcome = outcomeOf(errorCodes, hasData);
    const purpose = purposeLabel(facts.purpose?.name ?? facts.attemptedPurpose);
    metrics?.operation({ purpose, outcome, errorCodes, seconds });
    const span = activeRequestSpan();
    if (span) {
      span.setAttributes({ 'govgraph.purpose': purpose, 'govgraph.outcome': outcome, ...(errorCodes[0] ? { 'govgraph.code': errorCodes[0] } : {}) });
      if (facts.operation?.name) span.setAttribute('graphql.operation.name', facts.operation.name.value);
    }
    const logger = log();
    if (logger.isLevelEnabled('info')) {
      logger.info(
        {
          requestId: facts.requestId,
          purpose,
          outcome,
          ...(errorCodes.length > 0 ? { codes: errorCodes } : {}),
          ms: Math.round(seconds * 10_000) / 10,
          ...(auditRecordId ? { auditRecordId } : {}),
        },
        'request',
      );
    }
  };
  return {
    async commit(facts) {
      const started = performance.now();
      const elapsed = () => (facts.latencyMs + performance.now() - started) / 1000;
      try {
        const id = await inSpan('gateway', 'govgraph.audit.commit', {}, () => trail.commit(facts));
        observe(facts, facts.errorCodes, facts.hasData, elapsed(), id);
        return id;
      } catch (error) {
        // The answer became AUDIT_UNAVAILABLE (or AUDIT_OVERLOADED): that is the outcome the caller saw.
        const code = String((error as { extensions?: { code?: unknown } }).extensions?.code ?? 'AUDIT_UNAVAILABLE');
        observe(facts, [code], false, elapsed(), undefined);
        throw error;
      }
    },
    admitting: () => trail.admitting(),
    overloaded(facts) {
      observe(facts, ['AUDIT_OVERLOADED'], false, facts.latencyMs / 1000, undefined);
      return trail.overloaded(facts);
    },
  };
}
