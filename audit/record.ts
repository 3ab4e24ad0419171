import { z } from 'zod';

/**
 * One audit record: one operation through the gateway. The shape is the contract the gateway writes and
 * the audit review subgraph reads (docs/audit.md). Times are ISO-8601 UTC with milliseconds, so they
 * sort as text; numbers are integers, so the record survives jsonb unchanged.
 *
 * Version 2 (the gateway writes it since issue 10) differs from version 1 in meaning, not in the chain:
 * every literal and variable value — integers and fractions too — is a keyed pseudonym, the document hash
 * is keyed (HMAC), and `unrecordable` lists what the request carried that the log could not hold as sent,
 * each replaced where it was by an UNRECORDABLE marker. Version 1 records stay valid and verifiable.
 */
export interface AuditRecord {
  v: 1 | 2;
  /** uuid, lower case: the record id clients see in extensions.privacy.auditRecordId. */
  id: string;
  /** Filled by the writer when it places the record in its chain. */
  chainId: string;
  seq: number;
  /** When the request arrived. */
  time: string;
  requestId: string;
  /** null: unauthenticated. */
  user: AuditUser | null;
  /** The token's azp. */
  client: string | null;
  purpose: string | null;
  legalBasis: string[];
  caseRef: string | null;
  operation: AuditOperation;
  /** Personal values pseudonymised by the gateway. */
  variables: Record<string, unknown>;
  fields: AuditFieldDecision[];
  /** Agencies the gateway fetched from. */
  subgraphs: string[];
  /** Data subjects returned. */
  subjects: AuditSubject[];
  /** The same pseudonyms, for indexed lookup. */
  subjectPseudonyms: string[];
  outcome: 'allowed' | 'refused' | 'failed';
  errorCodes: string[];
  latencyMs: number;
  responseBytes: number;
  policyRevision: string;
  /** Version 2: each part of the request the record could not hold as sent, and why (absent in version 1). */
  unrecordable?: AuditUnrecordable[];
  /** Version 2, when the caller sent X-Break-Glass: their justification and the limits it let them past. */
  breakGlass?: AuditBreakGlass;
  /**
   * Version 2: the subjects the operation named — root lookups by identifier (`person(idNumber:)`, …), from
   * literals and variables — as keyed pseudonyms, whatever came back. A refused operation returned no
   * subjects; this is how a subject access report still finds the attempt. Absent when it named none.
   */
  namedSubjectPseudonyms?: string[];
  /**
   * Version 2, when the token was an application's (gateway/agreements/callerKind.ts): its client id (azp).
   * Absent for personal tokens. With `client` it tells "an official signed in to the application" (user a
   * person) from the application's own service account.
   */
  application?: string;
  /** Version 2: the agreement the operation ran under — or, when refused, the agreement the refusal is about. */
  agreementId?: string;
}

/**
 * A break-glass use: the caller's justification (X-Break-Glass) and the codes of the refusals it overrode
 * (e.g. OUTSIDE_CASE_SCOPE, SUBJECT_BUDGET_EXCEEDED); `exceeded` is empty when nothing needed overriding.
 */
export interface AuditBreakGlass {
  justification: string;
  exceeded: string[];
}

/**
 * `{ "$unrecordable": reason }` stands in the record where a value could not be recorded (in `variables`:
 * a number whose digits JSON parsing lost, nesting past the limit, more values than the limit).
 */
export const UNRECORDABLE = '$unrecordable';
export interface UnrecordableMarker {
  [UNRECORDABLE]: string;
}

/** One part of the request that is not in the record as sent: where (a JSON path into the record) and why. */
export interface AuditUnrecordable {
  path: string;
  reason: string;
}

export interface AuditUser {
  subject: string;
  username: string;
  agency?: string;
  district?: string;
  roles: string[];
}

export interface AuditOperation {
  name: string | null;
  type: 'query' | 'mutation' | 'subscription' | null;
  documentHash: string | null;
  document: string | null;
}

export interface AuditFieldDecision {
  coordinate: string;
  effect: 'allow' | 'mask' | 'deny';
  strategy?: string;
  reason?: string;
}

export interface AuditSubject {
  type: 'Person' | 'Enterprise' | 'Account';
  /** subjectPseudonym(AUDIT_SUBJECT_KEY, type, identifier). */
  pseudonym: string;
  /** The identifier as the caller saw it, masked where it was masked (`330110********0018`). */
  display: string;
}

/** What the gateway hands the writer: a current-version record before it has a place in a chain. */
export type AuditRecordInput = Omit<AuditRecord, 'chainId' | 'seq' | 'v' | 'unrecordable'> & {
  v: typeof AUDIT_RECORD_VERSION;
  unrecordable: AuditUnrecordable[];
};

export const AUDIT_RECORD_VERSION = 2;

/** Lower-case hex, as PostgreSQL prints a uuid: record.id must equal the id column character for character. */
export const RECORD_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
export const RECORD_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const count = z.number().int().nonnegative();

/** The input's shape, checked before a record joins a batch: one malformed record must not sink the others. */
export const auditRecordInputSchema = z.strictObject({
  v: z.literal(AUDIT_RECORD_VERSION),
  id: z.string().regex(RECORD_ID_PATTERN, 'a lower-case uuid'),
  time: z.string().regex(RECORD_TIME_PATTERN, "ISO-8601 UTC with milliseconds, e.g. '2025-06-30T08:00:00.000Z'"),
  requestId: z.string(),
  user: z
    .strictObject({
      subject: z.string(),
      username: z.string(),
      agency: z.string().optional(),
      district: z.string().optional(),
      roles: z.array(z.string()),
    })
    .nullable(),
  client: z.string().nullable(),
  purpose: z.string().nullable(),
  legalBasis: z.array(z.string()),
  caseRef: z.string().nullable(),
  operation: z.strictObject({
    name: z.string().nullable(),
    type: z.enum(['query', 'mutation', 'subscription']).nullable(),
    documentHash: z.string().nullable(),
    document: z.string().nullable(),
  }),
  variables: z.record(z.string(), z.unknown()),
  fields: z.array(
    z.strictObject({
      coordinate: z.string(),
      effect: z.enum(['allow', 'mask', 'deny']),
      strategy: z.string().optional(),
      reason: z.string().optional(),
    }),
  ),
  subgraphs: z.array(z.string()),
  subjects: z.array(
    z.strictObject({ type: z.enum(['Person', 'Enterprise', 'Account']), pseudonym: z.string(), display: z.string() }),
  ),
  subjectPseudonyms: z.array(z.string()),
  outcome: z.enum(['allowed', 'refused', 'failed']),
  errorCodes: z.array(z.string()),
  latencyMs: count,
  responseBytes: count,
  policyRevision: z.string(),
  unrecordable: z.array(z.strictObject({ path: z.string(), reason: z.string() })),
  breakGlass: z.strictObject({ justification: z.string(), exceeded: z.array(z.string()) }).optional(),
  namedSubjectPseudonyms: z.array(z.string()).optional(),
  application: z.string().optional(),
  agreementId: z.string().optional(),
});

/** The record as it is stored: the input placed at `seq` of chain `chainId`. */
export function placeRecord(input: AuditRecordInput, chainId: string, seq: number): AuditRecord {
  return { ...input, chainId, seq };
}

// Compile-time: the schema and the interface describe the same shape.
type SchemaShape = z.infer<typeof auditRecordInputSchema>;
true satisfies SchemaShape extends AuditRecordInput ? (AuditRecordInput extends SchemaShape ? true : false) : false;
