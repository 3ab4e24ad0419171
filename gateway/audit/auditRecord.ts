import { createHash, createHmac } from 'node:crypto';
import { print, visit, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import type { AuditRecordInput, AuditSubject } from '../../audit/record';
import type { Decision, Purpose } from '../../policies';
import type { Identity } from '../identity';

/** Everything the gateway knows about one operation when its answer is ready (or it was refused). */
export interface OperationFacts {
  id: string;
  /** When the request arrived. */
  time: Date;
  requestId: string;
  identity?: Identity;
  purpose?: Purpose;
  /** The X-Purpose a refused caller stated, when it was not a purpose they may use. */
  attemptedPurpose?: string;
  caseRef?: string;
  /** The parsed operation, when it got that far… */
  document?: DocumentNode;
  operation?: OperationDefinitionNode;
  /** …otherwise the query text as sent. */
  rawQuery?: string;
  variables?: Record<string, unknown> | null;
  decisions?: readonly Decision[];
  subgraphs?: Iterable<string>;
  subjects?: Iterable<AuditSubject>;
  errorCodes: readonly string[];
  hasData: boolean;
  latencyMs: number;
  responseBytes: number;
}

export interface AuditRecordSettings {
  /** AUDIT_SUBJECT_KEY: values in variables and literals become keyed pseudonyms. */
  subjectKey: string;
  policyRevision: string;
}

/** Errors that mean the request was refused (by identity, purpose, policy or as malformed), not that serving it failed. */
const REFUSAL_CODES = new Set([
  'UNAUTHENTICATED',
  'PURPOSE_REQUIRED',
  'PURPOSE_NOT_PERMITTED',
  'CASE_REF_REQUIRED',
  'FORBIDDEN_FIELDS',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  // Refused at the door (gateway/http/auditedRefusals.ts) or by an operation limit (gateway/limits); a
  // deadline that passed (REQUEST_TIMEOUT) is a failure to serve, not a refusal.
  'PAYLOAD_TOO_LARGE',
  'UNSUPPORTED_MEDIA_TYPE',
  'QUERY_TOO_DEEP',
  'TOO_MANY_ALIASES',
  'TOO_MANY_ROOT_FIELDS',
  'TOO_MANY_DIRECTIVES',
  'TOO_MANY_TOKENS',
  'TOO_MANY_SELECTIONS',
  'QUERY_TOO_COSTLY',
  'RESPONSE_TOO_LARGE',
]);

const MAX_DOCUMENT_LENGTH = 20_000;

export function outcomeOf(hasData: boolean, errorCodes: readonly string[]): AuditRecordInput['outcome'] {
  if (hasData) return 'allowed';
  return errorCodes.length > 0 && errorCodes.every((code) => REFUSAL_CODES.has(code)) ? 'refused' : 'failed';
}

/** The audit record of one operation, as the writer takes it. Pure. */
export function buildAuditRecord(facts: OperationFacts, settings: AuditRecordSettings): AuditRecordInput {
  const subjects = uniqueSubjects(facts.subjects ?? []);
  return {
    v: 1,
    id: facts.id,
    time: facts.time.toISOString(),
    requestId: facts.requestId,
    user: facts.identity
      ? {
          subject: facts.identity.subject,
          username: facts.identity.username,
          ...(facts.identity.agency ? { agency: facts.identity.agency } : {}),
          ...(facts.identity.district ? { district: facts.identity.district } : {}),
          roles: [...facts.identity.roles],
        }
      : null,
    client: facts.identity?.clientId ?? null,
    purpose: facts.purpose?.name ?? facts.attemptedPurpose?.slice(0, 64) ?? null,
    legalBasis: facts.purpose ? [...facts.purpose.legalBasis] : [],
    caseRef: facts.caseRef ?? null,
    operation: operationOf(facts, settings.subjectKey),
    variables: pseudonymised(facts.variables ?? {}, settings.subjectKey) as Record<string, unknown>,
    fields: (facts.decisions ?? []).map((decision) => ({
      coordinate: decision.coordinate,
      effect: decision.effect,
      ...(decision.effect === 'mask' ? { strategy: decision.strategy } : {}),
      ...(decision.effect === 'deny' ? { reason: decision.reason } : {}),
    })),
    subgraphs: [...new Set(facts.subgraphs ?? [])].sort(),
    subjects,
    subjectPseudonyms: subjects.map((subject) => subject.pseudonym),
    outcome: outcomeOf(facts.hasData, facts.errorCodes),
    errorCodes: [...new Set(facts.errorCodes)],
    latencyMs: Math.max(0, Math.round(facts.latencyMs)),
    responseBytes: Math.max(0, Math.round(facts.responseBytes)),
    policyRevision: settings.policyRevision,
  };
}

function operationOf(facts: OperationFacts, key: string): AuditRecordInput['operation'] {
  if (facts.document) {
    // Literals can carry personal values (`person(idNumber: "3301…")`): the log keeps their pseudonyms.
    const document = print(pseudonymiseLiterals(facts.document, key));
    return {
      name: facts.operation?.name?.value ?? null,
      type: facts.operation?.operation ?? null,
      documentHash: sha256(print(facts.document)),
      document: document.slice(0, MAX_DOCUMENT_LENGTH),
    };
  }
  if (facts.rawQuery) {
    // Refused before parsing: the text is kept only as a hash, it may hold anything.
    return { name: null, type: null, documentHash: sha256(facts.rawQuery), document: null };
  }
  return { name: null, type: null, documentHash: null, document: null };
}

function pseudonymOf(key: string, value: string): string {
  return `~${createHmac('sha256', key).update(`value:${value}`, 'utf8').digest('hex').slice(0, 16)}`;
}

function pseudonymiseLiterals(document: DocumentNode, key: string): DocumentNode {
  return visit(document, {
    StringValue: (node) => ({ ...node, value: pseudonymOf(key, node.value), block: false }),
  });
}

/** Strings become keyed pseudonyms (the same value, the same pseudonym); numbers, booleans and structure stay. */
function pseudonymised(value: unknown, key: string): unknown {
  if (typeof value === 'string') return pseudonymOf(key, value);
  if (Array.isArray(value)) return value.map((item) => pseudonymised(item, key));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([name, item]) => [name, pseudonymised(item, key)]));
  }
  if (typeof value === 'number' && !Number.isInteger(value)) return pseudonymOf(key, String(value)); // records hold integers only
  return value ?? null;
}

function uniqueSubjects(subjects: Iterable<AuditSubject>): AuditSubject[] {
  const byPseudonym = new Map<string, AuditSubject>();
  for (const subject of subjects) if (!byPseudonym.has(subject.pseudonym)) byPseudonym.set(subject.pseudonym, subject);
  return [...byPseudonym.values()];
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
