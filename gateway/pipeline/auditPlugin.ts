import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { AuditTrail } from '../audit/auditTrail';
import type { GatewayContext } from '../context';

/**
 * Step 6, the last thing before an answer leaves: its audit record is committed — allowed, refused or
 * failed — and only then does the answer go, with `extensions.privacy` saying what was masked and under
 * which record. When the record cannot be committed the answer is replaced by AUDIT_UNAVAILABLE (503)
 * and carries no data.
 */
export function auditPlugin(trail: AuditTrail): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue: context, response, request, document, operation }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          const errorCodes = (result.errors ?? []).map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'));
          let auditRecordId: string;
          try {
            auditRecordId = await trail.commit({
              id: randomUUID(),
              time: context.receivedAt,
              requestId: context.requestId,
              sentRequestId: request.http?.headers.get('x-request-id'),
              identity: context.identity,
              purpose: context.purpose,
              ...(context.caseRef ? { caseRef: context.caseRef } : {}),
              ...(document ? { document } : request.query ? { rawQuery: request.query } : {}),
              ...(operation ? { operation } : {}),
              variables: request.variables ?? null,
              decisions: context.policy?.decisions ?? [],
              subgraphs: context.touched,
              subjects: context.subjects,
              errorCodes,
              ...(context.breakGlass ? { breakGlass: context.breakGlass } : {}),
              ...(context.agreement ? { application: context.agreement.application, agreementId: context.agreement.agreementId } : {}),
              hasData: result.data !== undefined && result.data !== null,
              latencyMs: performance.now() - context.startedAt,
              responseBytes: byteLength(result),
            });
          } catch (error) {
            // AUDIT_UNAVAILABLE, or AUDIT_OVERLOADED with its Retry-After: either way no data leaves.
            const { message, extensions = {} } = error as { message: string; extensions?: Record<string, unknown> };
            const { http, ...details } = extensions as { http?: { headers?: Map<string, string> } } & Record<string, unknown>;
            const refusal: GraphQLFormattedError = { message, extensions: { ...details, code: String(details.code ?? 'AUDIT_UNAVAILABLE') } };
            response.body = { kind: 'single', singleResult: { errors: [refusal] } };
            response.http.status = 503;
            for (const [name, value] of http?.headers ?? []) response.http.headers.set(name, value);
            return;
          }
          result.extensions = {
            ...result.extensions,
            privacy: {
              requestId: context.requestId,
              purpose: context.purpose.name,
              ...(context.caseRef ? { caseRef: context.caseRef } : {}),
              auditRecordId,
              masked: context.masked ?? [],
              ...(context.agreement ? { application: context.agreement.application, agreementId: context.agreement.agreementId, agreedOperation: context.agreement.operationName } : {}),
            },
          };
        },
      };
    },
  };
}

/** The answer's size as sent; an answer that cannot be serialised counts as 0 rather than losing its record. */
function byteLength(result: unknown): number {
  try {
    return Buffer.byteLength(JSON.stringify(result));
  } catch {
    return 0;
  }
}
