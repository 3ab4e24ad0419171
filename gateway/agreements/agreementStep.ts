import { checkAgreement, type AgreementRefusalCode } from './checkAgreement';
import { isApplicationToken, type Caller } from './callerKind';
import { sha256Hex, type DirectorySnapshot } from './directorySnapshot';
import type { TrustedDocument } from './trustedDocuments';

/** GATEWAY_AD_HOC_QUERIES: whether personal tokens may still send queries no agreement covers. */
export type AdHocQueries = 'allow' | 'deny';

/**
 * Purposes a personal token keeps with ad-hoc queries switched off: reviewing the audit log is not data
 * sharing, and the privacy officers' console asks its own queries under it.
 */
export const ALWAYS_AD_HOC_PURPOSES: ReadonlySet<string> = new Set(['audit-review']);

export interface AgreementStepInput {
  /** The HTTP method: Apollo reads a GET's operation from the URL, never from the body checked here. */
  readonly method: string;
  readonly caller: Caller;
  readonly purpose: string;
  /** The body's query text after trusted-document resolution. */
  readonly query: unknown;
  readonly operationName: unknown;
  readonly variables: unknown;
  readonly trusted: TrustedDocument | undefined;
  /** Whether the request carries X-Break-Glass (valid or not: an application may not send it at all). */
  readonly breakGlass: boolean;
  readonly snapshot: DirectorySnapshot | undefined;
  readonly adHocQueries: AdHocQueries;
  readonly now: Date;
}

/** Which application and agreement an operation ran under, for its audit record. */
export interface AgreementBinding {
  readonly application: string;
  readonly agreementId: string;
  readonly operationName: string;
}

export type AgreementStepCode = AgreementRefusalCode | 'AD_HOC_QUERIES_DISABLED' | 'BAD_REQUEST' | 'BREAK_GLASS_NOT_AGREED';

export type AgreementStep =
  | { readonly ok: true; readonly binding?: AgreementBinding }
  | {
      readonly ok: false;
      readonly code: AgreementStepCode;
      readonly message: string;
      readonly details: Readonly<Record<string, unknown>>;
      /** Named in the refusal's audit record. */
      readonly application?: string;
      readonly agreementId?: string;
    };

/**
 * Step 3 for one request, pure: an application token runs only an agreed operation in force (by id or
 * exact text); a personal token runs ad-hoc queries unless the deployment switched them off (it may name
 * an agreed document by id too: it is then an ad-hoc query like any other, under its own purpose and roles).
 */
export function agreementStep(input: AgreementStepInput): AgreementStep {
  const { trusted } = input;
  const application = isApplicationToken(input.caller) ? (input.caller.clientId ?? '(no azp)') : undefined;
  const named = application ? { application } : {};
  if (trusted?.kind === 'malformed') return { ok: false, code: 'BAD_REQUEST', message: trusted.message, details: {}, ...named };
  if (trusted?.kind === 'unknown') {
    if (!trusted.directoryLoaded) return unavailable(named);
    return {
      ok: false,
      code: 'OPERATION_NOT_AGREED',
      message: `No agreed operation has the id sha256:${trusted.hash}. Send the id of an operation of an agreement in force, or submit a sharing request for it.`,
      details: { documentId: `sha256:${trusted.hash}` },
      ...named,
    };
  }
  if (!application) {
    if (input.adHocQueries === 'deny' && !ALWAYS_AD_HOC_PURPOSES.has(input.purpose)) {
      return {
        ok: false,
        code: 'AD_HOC_QUERIES_DISABLED',
        message: 'This deployment runs only agreed operations (GATEWAY_AD_HOC_QUERIES=deny): use an application with an agreement for this operation.',
        details: {},
      };
    }
    return { ok: true };
  }
  if (input.method !== 'POST') {
    // Apollo takes a GET's document from the URL; checking a body it ignores would let any query through.
    return { ok: false, code: 'OPERATION_NOT_AGREED', message: 'An application POSTs its agreed operations (by documentId or exact text); GET is for personal tokens.', details: {}, application };
  }
  if (typeof input.query !== 'string' || input.query === '') {
    return { ok: false, code: 'OPERATION_NOT_AGREED', message: 'An application sends an agreed operation: its exact text in `query`, or its `documentId`.', details: {}, application };
  }
  const check = checkAgreement(input.snapshot, {
    clientId: application,
    serviceAccount: input.caller.serviceAccount,
    purpose: input.purpose,
    documentHash: trusted?.kind === 'resolved' ? trusted.hash : sha256Hex(input.query),
    operationName: typeof input.operationName === 'string' ? input.operationName : undefined,
    variables: isObject(input.variables) ? Object.keys(input.variables) : [],
    now: input.now,
  });
  if (check.ok && input.breakGlass) {
    // Break-glass lifts the case scope and the budgets for a person who answers for it afterwards; the
    // stewards approved the operation within them, so an application (or an official through it) never does.
    return {
      ok: false,
      code: 'BREAK_GLASS_NOT_AGREED',
      message: 'An application runs its agreed operations within their case scope and budgets: X-Break-Glass is for an official in the console, not for an application.',
      details: { agreementId: check.agreementId },
      application,
      agreementId: check.agreementId,
    };
  }
  if (check.ok) return { ok: true, binding: { application, agreementId: check.agreementId, operationName: check.operationName } };
  return {
    ok: false,
    code: check.code,
    message: check.message,
    details: { ...check.details, ...(check.agreementId ? { agreementId: check.agreementId } : {}) },
    application,
    ...(check.agreementId ? { agreementId: check.agreementId } : {}),
  };
}

function unavailable(named: { application?: string }): AgreementStep {
  return { ok: false, code: 'AGREEMENTS_UNAVAILABLE', message: 'The agreements in force could not be read: no agreed operation runs until they can. Retry later.', details: {}, ...named };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
