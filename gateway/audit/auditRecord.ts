import { print, type DocumentNode, type OperationDefinitionNode } from 'graphql';
import { AUDIT_RECORD_VERSION, type AuditRecordInput, type AuditSubject, type AuditUnrecordable } from '../../audit/record';
import type { Decision, Purpose } from '../../policies';
import { subjectPseudonym } from '../../audit/subjectPseudonym';
import type { Identity } from '../identity';
import { namedSubjects } from './namedSubjects';
import { recordedNullableText, recordedText } from './recordedText';
import { documentHashOf, pseudonymiseLiterals, recordVariables } from './recordedValues';

/** Everything the gateway knows about one operation when its answer is ready (or it was refused). */
export interface OperationFacts {
  id: string;
  /** When the request arrived. */
  time: Date;
  requestId: string;
  /** The caller's X-Request-Id, when it was sent: noted in the record when the gateway could not use it. */
  sentRequestId?: string | undefined;
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
  /** X-Break-Glass: the justification and what it overrode (gateway/context.ts). */
  breakGlass?: { justification: string; exceeded: readonly string[] };
  hasData: boolean;
  latencyMs: number;
  responseBytes: number;
  /** The application whose token it was, when the token was bound to agreements (gateway/agreements). */
  application?: string;
  /** The agreement it ran under, or the one its refusal is about. */
  agreementId?: string;
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
  // The case reference or the case scope (gateway/cases); CASE_UNVERIFIABLE is a failure to serve.
  'CASE_NOT_FOUND',
  'CASE_CLOSED',
  'CASE_OUT_OF_JURISDICTION',
  'OUTSIDE_CASE_SCOPE',
  // Refused at the door (gateway/http/auditedRefusals.ts) or by an operation limit (gateway/limits); a
  // deadline that passed (REQUEST_TIMEOUT) is a failure to serve, not a refusal.
  'METHOD_NOT_ALLOWED',
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
  // An agency's answer over the gateway's limit for it (gateway/subgraphFetcher.ts): the same limit, met earlier.
  'SUBGRAPH_ANSWER_TOO_LARGE',
  'RESERVED_NAME',
  'AUDIT_OVERLOADED',
  'GATEWAY_OVERLOADED',
  // Extraction budgets and break-glass (gateway/budgets, pipeline/breakGlassHeader.ts); BUDGET_UNAVAILABLE is a failure.
  'SUBJECT_BUDGET_EXCEEDED',
  'IDENTIFIER_LOOKUP_BUDGET_EXCEEDED',
  'REFUSAL_BUDGET_EXCEEDED',
  'BREAK_GLASS_INVALID',
  // The governance APIs (the agreements' workflow, /registry/graphql): a step their rules do not allow, a
  // role or agency that may not, an unknown id, a decided version; AGREEMENTS_UNAVAILABLE is a failure.
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  // Agreements (gateway/agreements); AGREEMENTS_UNAVAILABLE is a failure.
  'OPERATION_NOT_AGREED',
  'AGREEMENT_EXPIRED',
  'AGREEMENT_REVOKED',
  'AGREEMENT_NOT_YET_VALID',
  'VARIABLES_NOT_AGREED',
  'AD_HOC_QUERIES_DISABLED',
]);

const MAX_DOCUMENT_LENGTH = 20_000;
/** A stated purpose the caller may not use is kept only when it looks like a purpose name (no digits: no ID numbers). */
const PURPOSE_NAME = /^[a-z]+(?:-[a-z]+)*$/;

/** Whether `code` means a refusal rather than a failure to serve. */
export function isRefusalCode(code: string): boolean {
  return REFUSAL_CODES.has(code);
}

export function outcomeOf(hasData: boolean, errorCodes: readonly string[]): AuditRecordInput['outcome'] {
  if (hasData) return 'allowed';
  return errorCodes.length > 0 && errorCodes.every((code) => REFUSAL_CODES.has(code)) ? 'refused' : 'failed';
}

/**
 * The audit record of one operation, as the writer takes it. Pure, and total: whatever the request held,
 * the result is a record the writer accepts — what could not be recorded as sent is replaced and listed
 * in `unrecordable` (docs/audit.md, "What a record cannot hold").
 */
export function buildAuditRecord(facts: OperationFacts, settings: AuditRecordSettings): AuditRecordInput {
  const notes: AuditUnrecordable[] = [];
  if (facts.sentRequestId !== undefined && facts.sentRequestId !== facts.requestId) {
    notes.push({ path: '$.requestId', reason: `X-Request-Id (${facts.sentRequestId.length} characters) is not 1–128 printable ASCII characters: the gateway's own id is recorded` });
  }
  const subjects = uniqueSubjects(facts.subjects ?? []);
  const named = namedSubjectPseudonyms(facts, settings.subjectKey);
  const identity = facts.identity;
  return {
    v: AUDIT_RECORD_VERSION,
    id: facts.id,
    time: recordedTime(facts.time, notes),
    requestId: recordedText(facts.requestId, '$.requestId', notes, 128),
    user: identity
      ? {
          subject: recordedText(identity.subject, '$.user.subject', notes),
          username: recordedText(identity.username, '$.user.username', notes),
          ...(identity.agency ? { agency: recordedText(identity.agency, '$.user.agency', notes) } : {}),
          ...(identity.district ? { district: recordedText(identity.district, '$.user.district', notes) } : {}),
          roles: recordedRoles(identity.roles, notes),
        }
      : null,
    client: recordedNullableText(identity?.clientId, '$.client', notes),
    purpose: facts.purpose?.name ?? attemptedPurpose(facts.attemptedPurpose, notes),
    legalBasis: facts.purpose ? [...facts.purpose.legalBasis] : [],
    caseRef: recordedNullableText(facts.caseRef, '$.caseRef', notes, 128),
    operation: operationOf(facts, settings.subjectKey, notes),
    variables: recordVariables(facts.variables ?? {}, settings.subjectKey, notes),
    fields: (facts.decisions ?? []).map((decision) => ({
      coordinate: decision.coordinate,
      effect: decision.effect,
      ...(decision.effect === 'mask' ? { strategy: decision.strategy } : {}),
      ...(decision.effect === 'deny' ? { reason: decision.reason } : {}),
    })),
    subgraphs: [...new Set(facts.subgraphs ?? [])].sort(),
    subjects,
    subjectPseudonyms: subjects.map((subject) => subject.pseudonym),
    ...(named.length > 0 ? { namedSubjectPseudonyms: named } : {}),
    outcome: outcomeOf(facts.hasData, facts.errorCodes),
    errorCodes: [...new Set(facts.errorCodes)].map((code, index) => recordedText(code, `$.errorCodes[${index}]`, notes, 64)),
    latencyMs: Math.max(0, Math.round(facts.latencyMs)) || 0,
    responseBytes: Math.max(0, Math.round(facts.responseBytes)) || 0,
    policyRevision: settings.policyRevision,
    unrecordable: notes,
    ...(facts.application !== undefined ? { application: recordedText(facts.application, '$.application', notes, 128) } : {}),
    ...(facts.agreementId !== undefined ? { agreementId: recordedText(facts.agreementId, '$.agreementId', notes, 128) } : {}),
    ...(facts.breakGlass
      ? {
          breakGlass: {
            justification: recordedText(facts.breakGlass.justification, '$.breakGlass.justification', notes, 2_000),
            exceeded: [...new Set(facts.breakGlass.exceeded)],
          },
        }
      : {}),
  };
}

/**
 * The smallest record of an operation, for when the full one could not be built or was refused (a
 * gateway bug): who, when, under which purpose, how it ended, and why the rest is missing.
 */
export function fallbackAuditRecord(facts: OperationFacts, settings: AuditRecordSettings, reason: string): AuditRecordInput {
  const notes: AuditUnrecordable[] = [{ path: '$', reason }];
  return {
    ...buildAuditRecord(
      {
        id: facts.id,
        time: facts.time,
        requestId: facts.requestId,
        ...(facts.identity ? { identity: facts.identity } : {}),
        ...(facts.purpose ? { purpose: facts.purpose } : {}),
        ...(facts.application !== undefined ? { application: facts.application } : {}),
        ...(facts.agreementId !== undefined ? { agreementId: facts.agreementId } : {}),
        errorCodes: facts.errorCodes,
        hasData: facts.hasData,
        latencyMs: facts.latencyMs,
        responseBytes: facts.responseBytes,
      },
      settings,
    ),
    unrecordable: notes,
  };
}

function recordedTime(time: Date, notes: AuditUnrecordable[]): string {
  if (!Number.isNaN(time.getTime())) return time.toISOString();
  notes.push({ path: '$.time', reason: 'the arrival time was not a valid date: the time of recording is recorded' });
  return new Date().toISOString();
}

function recordedRoles(roles: readonly string[], notes: AuditUnrecordable[]): string[] {
  if (roles.length > 64) notes.push({ path: '$.user.roles', reason: `${roles.length} roles: the first 64 are recorded` });
  return roles.slice(0, 64).map((role, index) => recordedText(role, `$.user.roles[${index}]`, notes));
}

function attemptedPurpose(stated: string | undefined, notes: AuditUnrecordable[]): string | null {
  if (stated === undefined) return null;
  if (stated.length <= 64 && PURPOSE_NAME.test(stated)) return stated;
  notes.push({ path: '$.purpose', reason: `X-Purpose (${stated.length} characters) is not a purpose name: not recorded` });
  return null;
}

/**
 * The operation part of a record is the same for every request with the same parsed document (Apollo hands
 * the same DocumentNode to each request with the same query text): printed, pseudonymised and hashed once
 * per (document, subject key), not per request. Frozen, since every record of that document shares it.
 */
const operationParts = new WeakMap<DocumentNode, Map<string, { operation: AuditRecordInput['operation']; notes: readonly AuditUnrecordable[]; of: OperationDefinitionNode | undefined }>>();

function operationOf(facts: OperationFacts, key: string, notes: AuditUnrecordable[]): AuditRecordInput['operation'] {
  if (!facts.document) return uncachedOperationOf(facts, key, notes);
  let byKey = operationParts.get(facts.document);
  if (!byKey) operationParts.set(facts.document, (byKey = new Map()));
  let part = byKey.get(key);
  if (!part || part.of !== facts.operation) {
    const own: AuditUnrecordable[] = [];
    const operation = uncachedOperationOf(facts, key, own);
    part = { operation: Object.freeze(operation), notes: Object.freeze(own.map((note) => Object.freeze(note))), of: facts.operation };
    byKey.set(key, part);
  }
  notes.push(...part.notes.map((note) => ({ ...note })));
  return part.operation;
}

function uncachedOperationOf(facts: OperationFacts, key: string, notes: AuditUnrecordable[]): AuditRecordInput['operation'] {
  if (facts.document) {
    // Literals can carry personal values (`person(idNumber: "3301…")`, or as an integer): the log keeps their pseudonyms.
    const document = print(pseudonymiseLiterals(facts.document, key));
    return {
      name: recordedNullableText(facts.operation?.name?.value, '$.operation.name', notes, 128),
      type: facts.operation?.operation ?? null,
      documentHash: documentHashOf(key, print(facts.document)),
      document: recordedText(document, '$.operation.document', notes, MAX_DOCUMENT_LENGTH),
    };
  }
  if (facts.rawQuery) {
    // Refused before parsing: the text is kept only as a keyed hash, it may hold anything.
    return { name: null, type: null, documentHash: documentHashOf(key, facts.rawQuery), document: null };
  }
  return { name: null, type: null, documentHash: null, document: null };
}

/** The pseudonyms of the subjects the operation named (namedSubjects.ts), under the same key as `subjects`. */
function namedSubjectPseudonyms(facts: OperationFacts, key: string): string[] {
  if (!facts.document || !facts.operation) return [];
  return namedSubjects(facts.document, facts.operation, facts.variables).map(({ type, identifier }) => subjectPseudonym(key, type, identifier));
}

function uniqueSubjects(subjects: Iterable<AuditSubject>): AuditSubject[] {
  const byPseudonym = new Map<string, AuditSubject>();
  for (const subject of subjects) if (!byPseudonym.has(subject.pseudonym)) byPseudonym.set(subject.pseudonym, subject);
  return [...byPseudonym.values()];
}
