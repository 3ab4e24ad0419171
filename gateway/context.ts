import type { AccessContext } from '../identity/accessContext';
import type { Purpose } from '../policies';
import type { Identity } from './identity';
import type { MaskedPath } from './enforcement/maskResult';
import type { OperationPolicy } from './enforcement/operationPolicy';

/**
 * What the gateway knows about one request. The context function fills identity and purpose (steps 1–2),
 * the enforcement plugin the operation's policy (step 3), the executor the masked paths (step 5).
 */
export interface GatewayContext {
  requestId: string;
  identity: Identity;
  purpose: Purpose;
  caseRef: string | undefined;
  /** What the subgraphs are told about the caller: signed per fetch (gateway/subgraphDataSource.ts). */
  access: AccessContext;
  policy?: OperationPolicy;
  masked?: MaskedPath[];
}
