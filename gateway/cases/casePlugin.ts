import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { GatewayGraphQLRequestContext } from '@apollo/server-gateway-interface';
import type { GatewayContext } from '../context';
import { gatewayError } from '../errors';
import { caseKindOf } from './caseKinds';
import { caseStanding, referenceOutsideJurisdiction } from './caseStanding';
import { CaseUnverifiable, readCaseFile, type SubgraphQuery } from './caseVerification';
import { rootLookupsOutsideScope } from './rootScope';
import type { VerificationCache } from './verificationCache';
import { loggerFor } from '@govgraph/observability';

export interface CasePluginOptions {
  /** The gateway's data source for a subgraph: verification queries are signed and sent like any fetch. */
  dataSource(subgraph: string): GraphQLDataSource<GatewayContext> | undefined;
  cache: VerificationCache;
}

/**
 * Step 4 of the request flow, after the operation's decisions (a FORBIDDEN_FIELDS refusal costs no
 * verification) and before anything executes: the case reference of a case-bound purpose is verified
 * with the agency that owns such cases — found, within the caller's jurisdiction, open — and the
 * operation's root lookups must name the case's subjects or records. Any refusal refuses the whole
 * operation before a data agency is asked; the audit plugin records it with its code.
 */
export function casePlugin(options: CasePluginOptions): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(requestContext) {
          const context = requestContext.contextValue;
          const { policy, caseRef, identity, purpose } = context;
          // Apollo runs the plugins' hooks together: reserved names' and enforcement's (synchronous) have decided by now.
          if (context.refused || !policy || policy.denied.length > 0 || !requestContext.operation || caseRef === undefined) return;
          const kind = caseKindOf(purpose.name);
          if (!kind) return;
          const worker = { agency: identity.agency, district: identity.district };
          const early = referenceOutsideJurisdiction(kind, caseRef, worker);
          if (early && !early.ok) throw gatewayError(early.code, early.message, { caseRef });
          let file;
          try {
            file = await options.cache.get(
              { user: identity.subject, agency: identity.agency, district: identity.district, purpose: purpose.name, caseRef },
              () => readCaseFile(kind, caseRef, subgraphQuery(options, requestContext)),
            );
          } catch (error) {
            // The case reference is the caller's literal: not in the log (the audit record keeps it under a pseudonym).
            loggerFor('gateway').error({ caseKind: kind.name, error: (error as Error).message }, 'case verification failed');
            throw gatewayError('CASE_UNVERIFIABLE', `The ${kind.ownerAgency} service could not verify ${kind.name} ${caseRef}; retry later.`, { caseRef });
          }
          const standing = caseStanding(kind, caseRef, file, worker);
          if (!standing.ok) throw gatewayError(standing.code, standing.message, { caseRef });
          context.caseFile = file;
          const violations = rootLookupsOutsideScope(requestContext.document!, requestContext.operation, requestContext.request.variables ?? {}, file!);
          if (violations.length === 0) return;
          if (context.breakGlass) {
            if (!context.breakGlass.exceeded.includes('OUTSIDE_CASE_SCOPE')) context.breakGlass.exceeded.push('OUTSIDE_CASE_SCOPE');
            return;
          }
          throw gatewayError('OUTSIDE_CASE_SCOPE', `Outside the ${kind.name} ${caseRef}: ${violations.map((violation) => violation.message).join('; ')}.`, {
            caseRef,
            paths: violations.map((violation) => violation.path),
          });
        },
      };
    },
  };
}

/**
 * Queries one subgraph through the gateway's own data source, so the fetch carries a signed access context
 * bound to it. The context is the caller's, marked as the gateway's case verification: the agency answers
 * it unmasked (the names are needed to mask them inside narratives) and the gateway keeps it to itself.
 */
function subgraphQuery(options: CasePluginOptions, requestContext: GraphQLRequestContext<GatewayContext>): SubgraphQuery {
  const context = requestContext.contextValue;
  const verifying: GatewayContext = { ...context, access: { ...context.access, caseVerification: true } };
  return async (subgraph, query, variables) => {
    const source = options.dataSource(subgraph);
    if (!source) throw new CaseUnverifiable(`no ${subgraph} service is configured`);
    // GraphQLDataSourceRequestKind.INCOMING_OPERATION: the enum is not exported from @apollo/gateway's index.
    const response = await source.process({
      kind: 'incoming operation',
      request: { query, variables },
      context: verifying,
      incomingRequestContext: requestContext as unknown as GatewayGraphQLRequestContext<GatewayContext>,
    } as GraphQLDataSourceProcessOptions<GatewayContext>);
    if (response.errors?.length || !response.data) {
      throw new CaseUnverifiable(`the ${subgraph} service answered ${response.errors?.map((error) => error.extensions?.code ?? error.message).join(', ') ?? 'nothing'}`);
    }
    return response.data;
  };
}
