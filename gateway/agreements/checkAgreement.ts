import type { AgreedEntry, DirectorySnapshot } from './directorySnapshot';

/** What the gateway knows of an application's request when it checks it against the agreements (step 3). */
export interface AgreementRequest {
  /** `azp`: the application. */
  readonly clientId: string;
  /**
   * The application's own service account, or an official signed in to it: both are bound to the same
   * agreements, so the decision does not depend on it (contracts.md keeps it in the input).
   */
  readonly serviceAccount: boolean;
  /** The purpose the request states (already checked against the caller's roles). */
  readonly purpose: string;
  /** SHA-256 hex of the exact document text the request runs (sent, or resolved from its documentId). */
  readonly documentHash: string;
  /** The request's operationName, when it sent one. */
  readonly operationName?: string | undefined;
  /** The names of the variables the request sends. */
  readonly variables: readonly string[];
  readonly now: Date;
}

export type AgreementRefusalCode =
  | 'OPERATION_NOT_AGREED'
  | 'AGREEMENT_EXPIRED'
  | 'AGREEMENT_REVOKED'
  | 'AGREEMENT_NOT_YET_VALID'
  | 'VARIABLES_NOT_AGREED'
  | 'AGREEMENTS_UNAVAILABLE';

export type AgreementCheck =
  | { readonly ok: true; readonly agreementId: string; readonly operationName: string; readonly legalBasis: readonly string[] }
  | {
      readonly ok: false;
      readonly code: AgreementRefusalCode;
      readonly message: string;
      /** The agreement the refusal is about, when one is (expired, revoked, not yet valid, variables). */
      readonly agreementId?: string;
      readonly details?: Readonly<Record<string, unknown>>;
    };

/** Whether an agreement is in force at `now`: valid from ≤ now < valid to, and not revoked by then. */
export function inForce(entry: AgreedEntry, now: Date): boolean {
  const at = now.getTime();
  return entry.validFrom.getTime() <= at && at < entry.validTo.getTime() && !(entry.revokedAt && entry.revokedAt.getTime() <= at);
}

/**
 * Step 3 of the request flow, pure: may this application run this document under this purpose now?
 * Only an operation of one of its own agreements, under that agreement's purpose, while it is in force,
 * with no variable the operation does not declare. Judged against `now` at every request, so an
 * agreement expires on time however stale the snapshot; without a snapshot nothing is agreed
 * (AGREEMENTS_UNAVAILABLE: fail closed).
 *
 * When several agreements cover the document (a renewal beside the old one), any one in force admits
 * it; otherwise the refusal names the most useful one: one that starts later (wait), then a revoked
 * one, then the one that expired last.
 */
export function checkAgreement(snapshot: DirectorySnapshot | undefined, request: AgreementRequest): AgreementCheck {
  if (!snapshot) {
    return { ok: false, code: 'AGREEMENTS_UNAVAILABLE', message: 'The agreements in force could not be read: no application operation runs until they can. Retry later.' };
  }
  const covering = snapshot.byClient.get(request.clientId)?.get(request.documentHash.toLowerCase()) ?? [];
  const { clientId, purpose } = request;
  if (covering.length === 0) {
    return {
      ok: false,
      code: 'OPERATION_NOT_AGREED',
      message: `Application ${clientId} has no agreement for this operation (sha256:${request.documentHash}). Send an agreed operation's exact text or its documentId, or submit a sharing request for this one.`,
      details: { documentId: `sha256:${request.documentHash}` },
    };
  }
  const underPurpose = covering.filter((entry) => entry.purpose === purpose);
  if (underPurpose.length === 0) {
    const agreed = [...new Set(covering.map((entry) => entry.purpose))].sort();
    return {
      ok: false,
      code: 'OPERATION_NOT_AGREED',
      message: `Application ${clientId} may run this operation only under ${agreed.map((name) => `"${name}"`).join(', ')}, not under "${purpose}".`,
      details: { documentId: `sha256:${request.documentHash}`, agreedPurposes: agreed },
    };
  }
  const named = request.operationName;
  if (named !== undefined && !underPurpose.some((entry) => entry.operationName === named)) {
    return {
      ok: false,
      code: 'OPERATION_NOT_AGREED',
      message: `The agreed document defines operation ${underPurpose[0]!.operationName}, not ${named}.`,
      details: { documentId: `sha256:${request.documentHash}` },
    };
  }
  const current = underPurpose.filter((entry) => inForce(entry, request.now));
  if (current.length === 0) return notInForce(underPurpose, request.now);
  // Every agreement covering this exact document declares the same variables: the document is the same text.
  const agreement = current.reduce((latest, entry) => (entry.validTo > latest.validTo ? entry : latest));
  const extra = request.variables.filter((name) => !agreement.declaredVariables.has(name));
  if (extra.length > 0) {
    return {
      ok: false,
      code: 'VARIABLES_NOT_AGREED',
      message: `Operation ${agreement.operationName} declares ${describeVariables(agreement.declaredVariables)}; the request also sends ${extra.map((name) => `$${name}`).join(', ')}. Send only the variables the agreed operation declares.`,
      agreementId: agreement.agreementId,
      details: { variables: extra },
    };
  }
  return { ok: true, agreementId: agreement.agreementId, operationName: agreement.operationName, legalBasis: agreement.legalBasis };
}

function notInForce(entries: readonly AgreedEntry[], now: Date): AgreementCheck {
  const at = now.getTime();
  const upcoming = entries.filter((entry) => entry.validFrom.getTime() > at && !entry.revokedAt);
  if (upcoming.length > 0) {
    const next = upcoming.reduce((soonest, entry) => (entry.validFrom < soonest.validFrom ? entry : soonest));
    return {
      ok: false,
      code: 'AGREEMENT_NOT_YET_VALID',
      message: `The agreement ${next.agreementId} for operation ${next.operationName} is valid from ${next.validFrom.toISOString()}.`,
      agreementId: next.agreementId,
      details: { validFrom: next.validFrom.toISOString() },
    };
  }
  const revoked = entries.filter((entry) => entry.revokedAt && entry.revokedAt.getTime() <= at);
  if (revoked.length > 0) {
    const last = revoked.reduce((latest, entry) => (entry.revokedAt! > latest.revokedAt! ? entry : latest));
    return {
      ok: false,
      code: 'AGREEMENT_REVOKED',
      message: `The agreement ${last.agreementId} for operation ${last.operationName} was revoked at ${last.revokedAt!.toISOString()}. A new sharing request must be approved before it runs again.`,
      agreementId: last.agreementId,
      details: { revokedAt: last.revokedAt!.toISOString() },
    };
  }
  const last = entries.reduce((latest, entry) => (entry.validTo > latest.validTo ? entry : latest));
  return {
    ok: false,
    code: 'AGREEMENT_EXPIRED',
    message: `The agreement ${last.agreementId} for operation ${last.operationName} expired at ${last.validTo.toISOString()}. Submit a sharing request to renew it.`,
    agreementId: last.agreementId,
    details: { validTo: last.validTo.toISOString() },
  };
}

function describeVariables(names: ReadonlySet<string>): string {
  return names.size === 0 ? 'no variables' : [...names].map((name) => `$${name}`).join(', ');
}
