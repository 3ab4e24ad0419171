import type { Purpose } from './purpose';
import { PURPOSE_LIST } from './purposes';

/** What the caller brings: the X-Purpose and X-Case-Ref headers and the token's realm roles. */
export interface AccessRequest {
  readonly purpose: string | undefined;
  readonly caseRef: string | undefined;
  readonly roles: readonly string[];
}

export type AccessDenialCode = 'PURPOSE_REQUIRED' | 'PURPOSE_NOT_PERMITTED' | 'CASE_REF_REQUIRED';

export type AccessCheck =
  | { readonly ok: true; readonly purpose: Purpose; readonly caseRef: string | undefined }
  | {
      readonly ok: false;
      readonly code: AccessDenialCode;
      /** A sentence for the caller: what is wrong and what to send instead. */
      readonly message: string;
      /** For PURPOSE_REQUIRED and an unknown purpose: the names one may send. */
      readonly knownPurposes?: readonly string[];
      /** For a purpose the roles do not permit: the roles that would. */
      readonly permittedRoles?: readonly string[];
      /** For CASE_REF_REQUIRED: whether the reference was missing or did not have the expected shape. */
      readonly caseRefProblem?: 'missing' | 'malformed';
    };

/** Echoes a client-supplied value back without letting it flood the message. */
function shorten(text: string): string {
  return text.length > 64 ? `${text.slice(0, 64)}…` : text;
}

function quoteList(names: readonly string[]): string {
  return names.map((name) => `"${name}"`).join(', ');
}

/**
 * Step 2 of the request flow: may this caller act under the purpose they state? Returns the purpose on
 * success and a structured refusal otherwise (never throws). A malformed case reference is refused with
 * CASE_REF_REQUIRED too: the client's fix is the same, send a valid one.
 */
export function checkPurposeAccess(request: AccessRequest, purposes: readonly Purpose[] = PURPOSE_LIST): AccessCheck {
  const known = purposes.map((purpose) => purpose.name);
  const name = request.purpose?.trim() ?? '';
  if (name === '') {
    return {
      ok: false,
      code: 'PURPOSE_REQUIRED',
      message: `State the purpose of the query in the X-Purpose header: one of ${quoteList(known)}.`,
      knownPurposes: known,
    };
  }
  const purpose = purposes.find((candidate) => candidate.name === name);
  if (!purpose) {
    return {
      ok: false,
      code: 'PURPOSE_NOT_PERMITTED',
      message: `"${shorten(name)}" is not a known purpose. Known purposes: ${quoteList(known)}.`,
      knownPurposes: known,
    };
  }
  if (!purpose.roles.some((role) => request.roles.includes(role))) {
    return {
      ok: false,
      code: 'PURPOSE_NOT_PERMITTED',
      message: `The purpose "${purpose.name}" (${purpose.title}) is permitted to the roles ${quoteList(purpose.roles)}; your roles are ${request.roles.length ? quoteList(request.roles) : 'none'}.`,
      permittedRoles: purpose.roles,
    };
  }
  const caseRef = request.caseRef?.trim() || undefined;
  if (purpose.caseRef.required) {
    if (caseRef === undefined) {
      return {
        ok: false,
        code: 'CASE_REF_REQUIRED',
        message: `The purpose "${purpose.name}" (${purpose.title}) requires a case reference in the X-Case-Ref header: ${purpose.caseRef.description}.`,
        caseRefProblem: 'missing',
      };
    }
    if (purpose.caseRef.pattern && !purpose.caseRef.pattern.test(caseRef)) {
      return {
        ok: false,
        code: 'CASE_REF_REQUIRED',
        message: `The case reference "${shorten(caseRef)}" is not valid for the purpose "${purpose.name}": expected ${purpose.caseRef.description}.`,
        caseRefProblem: 'malformed',
      };
    }
  }
  return { ok: true, purpose, caseRef };
}
