import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { AuditTrail } from '../../gateway/audit/auditTrail';
import type { RegistryContext } from './registryResolvers';

/**
 * Every registry operation — a publish, a check, a decision, a read, a refusal — leaves its record in the
 * audit log before its answer leaves, as every gateway operation does (gateway/pipeline/auditPlugin.ts).
 * No purpose and no subjects: it is about schemas. The SDL travels as a variable, so the record holds its
 * keyed pseudonym, not its text; the registry keeps the SDL itself.
 */
export function registryAuditPlugin(trail: AuditTrail): ApolloServerPlugin<RegistryContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue: context, response, request, document, operation }) {
          if (response.body.kind !== 'single') return;
          const result = response.body.singleResult;
          try {
            await trail.commit({
              id: randomUUID(),
              time: context.receivedAt,
              requestId: context.requestId,
              identity: context.identity,
              ...(document ? { document } : request.query ? { rawQuery: request.query } : {}),
              ...(operation ? { operation } : {}),
              variables: request.variables ?? null,
              errorCodes: (result.errors ?? []).map((error) => String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR')),
              hasData: result.data !== undefined && result.data !== null,
              latencyMs: performance.now() - context.startedAt,
              responseBytes: 0,
            });
          } catch (error) {
            // AUDIT_UNAVAILABLE or AUDIT_OVERLOADED: the answer does not leave without its record.
            const { message, extensions = {} } = error as { message: string; extensions?: Record<string, unknown> };
            const { http: _http, ...details } = extensions;
            const refusal: GraphQLFormattedError = { message, extensions: { ...details, code: String(details.code ?? 'AUDIT_UNAVAILABLE') } };
            response.body = { kind: 'single', singleResult: { errors: [refusal] } };
            response.http.status = 503;
          }
        },
      };
    },
  };
}
