import type { AuditSubject } from '../audit/record';
import type { AccessContext } from '@govgraph/access-context';
import type { MaskedPath, Purpose } from '../policies';
import type { AgreementBinding } from './agreements/agreementStep';
import type { CaseFile } from './cases/caseFile';
import type { OperationPolicy } from './enforcement/operationPolicy';
import type { Identity } from './identity';
import type { PolicyGraph } from './policyGraph';

/**
 * What the gateway knows about one request. The context function fills identity and purpose (steps 1–2),
 * the enforcement plugin the operation's policy (step 3), the data sources the agencies asked (step 4),
 * the executor the masked paths and the data subjects (step 5); the audit plugin records it all (step 6).
 */
export interface GatewayContext {
  requestId: string;
  /** When the request arrived, and a monotonic clock reading for its latency. */
  receivedAt: Date;
  startedAt: number;
  /** When the whole operation must be done (epoch ms), set as it starts executing (gateway/limits/boundedGateway.ts). */
  deadline?: number;
  identity: Identity;
  purpose: Purpose;
  caseRef: string | undefined;
  /** What the subgraphs are told about the caller: signed per fetch (gateway/subgraphDataSource.ts). */
  access: AccessContext;
  /**
   * The policy graph of the supergraph this request was validated against, pinned as it starts
   * (gateway/pipeline/servedGraphPlugin.ts): a hot reload mid-request does not change what decides and masks it.
   */
  graph?: PolicyGraph;
  /** An application token's agreed operation: the application and the agreement it runs under (gateway/agreements). */
  agreement?: AgreementBinding;
  policy?: OperationPolicy;
  /**
   * The code of a refusal raised in didResolveOperation. Apollo runs the plugins' hooks together, so a later
   * step (the case verification) reads it to do no work for an operation already refused.
   */
  refused?: string;
  /** The verified case of a case-bound purpose (gateway/cases): its subjects bound what the operation reaches. */
  caseFile?: CaseFile;
  /** Agencies fetched from. */
  touched: Set<string>;
  masked?: MaskedPath[];
  /**
   * The answer's serialised size as the executor returned it (limits/boundedGateway.ts measured it): the audit
   * records it without serialising the answer again, when what is sent is still that answer.
   */
  answerSize?: { data: unknown; bytes: number };
  subjects: AuditSubject[];
  /**
   * X-Break-Glass: the caller's justification; each check it lets a request past (case scope, budgets —
   * never a denied field) adds its refusal code to `exceeded`. Recorded in the audit record.
   */
  breakGlass?: { justification: string; exceeded: string[] };
}
