import { PURPOSE_LIST } from '../../policies';

/**
 * Label values are bounded, and none can carry a person: a purpose is one of policies/ or `unknown` (a
 * caller's X-Purpose is free text), a code is an upper-case constant and at most MAX_CODES distinct ones
 * are kept per registry (a subgraph inventing codes cannot grow the series without bound).
 */
const KNOWN_PURPOSES = new Set(PURPOSE_LIST.map((purpose) => purpose.name));
const CODE = /^[A-Z][A-Z0-9_]{1,47}$/;
export const MAX_CODES = 64;

export function purposeLabel(name: string | undefined): string {
  return name !== undefined && KNOWN_PURPOSES.has(name) ? name : 'unknown';
}

/** Outcomes of an operation, as the request counter and the latency histogram label them. */
export type Outcome = 'ok' | 'partial' | 'refused' | 'failed';

/** The gateway's own failures (not the caller's doing): the answer is missing for a reason on our side. */
const FAILURES = new Set(['INTERNAL_SERVER_ERROR', 'AUDIT_UNAVAILABLE', 'SUBGRAPH_UNAVAILABLE', 'CASE_UNVERIFIABLE', 'BUDGET_UNAVAILABLE', 'REQUEST_TIMEOUT']);

export function outcomeOf(errorCodes: readonly string[], hasData: boolean): Outcome {
  if (errorCodes.length === 0) return 'ok';
  if (hasData) return 'partial';
  return errorCodes.some((code) => FAILURES.has(code)) ? 'failed' : 'refused';
}

/** Keeps the codes a registry has seen, MAX_CODES at most; the rest count as OTHER. */
export function codeLabeller(): (code: string) => string {
  const seen = new Set<string>();
  return (code) => {
    if (!CODE.test(code)) return 'OTHER';
    if (seen.has(code)) return code;
    if (seen.size >= MAX_CODES) return 'OTHER';
    seen.add(code);
    return code;
  };
}
