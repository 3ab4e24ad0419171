import type { HeaderMap } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * Every error the gateway raises on purpose, declared once: its code, HTTP status and what the client
 * should do. The README's "Errors" table documents the same list.
 */
export const GATEWAY_ERRORS = Object.freeze({
  UNAUTHENTICATED: { status: 401, fix: 'send a valid access token: Authorization: Bearer <token>' },
  PURPOSE_REQUIRED: { status: 400, fix: 'state the purpose in the X-Purpose header' },
  PURPOSE_NOT_PERMITTED: { status: 403, fix: 'use a purpose your roles permit' },
  CASE_REF_REQUIRED: { status: 400, fix: 'name the matter in the X-Case-Ref header' },
  FORBIDDEN_FIELDS: { status: 403, fix: 'remove the fields the purpose does not permit' },
  AUDIT_UNAVAILABLE: { status: 503, fix: 'retry later: no answer leaves without its audit record' },
  AUDIT_OVERLOADED: { status: 503, fix: 'retry after the seconds in Retry-After: the audit log is behind' },
  GATEWAY_OVERLOADED: { status: 503, fix: 'retry after the seconds in Retry-After: the gateway is serving as many operations as it can' },
  // Raised by the gateway too, for bodies Apollo would refuse before any hook (pipeline/requestBodyShape.ts).
  BAD_REQUEST: { status: 400, fix: 'send a JSON object body: query a string, variables and extensions objects, operationName a string' },
  // Issue 9: the case reference verified with the agency that owns such cases (gateway/cases).
  CASE_NOT_FOUND: { status: 403, fix: 'name a case that exists in X-Case-Ref' },
  CASE_CLOSED: { status: 403, fix: 'the case is closed: nothing more is shared for it' },
  CASE_OUT_OF_JURISDICTION: { status: 403, fix: 'name a case of your own agency and district' },
  CASE_UNVERIFIABLE: { status: 503, fix: 'retry later: the agency owning the case could not be asked' },
  OUTSIDE_CASE_SCOPE: { status: 403, fix: "reach only the case's subjects and what hangs directly off them, from their keys or the case" },
  // Extraction budgets (gateway/budgets): each 429 carries Retry-After, the seconds until its window frees enough.
  SUBJECT_BUDGET_EXCEEDED: { status: 429, fix: 'retry after the seconds in Retry-After: you reached the distinct data subjects this purpose allows you an hour' },
  IDENTIFIER_LOOKUP_BUDGET_EXCEEDED: { status: 429, fix: 'look fewer subjects up by an identifier the purpose masks (per operation and per hour); retry after Retry-After' },
  REFUSAL_BUDGET_EXCEEDED: { status: 429, fix: 'retry after the seconds in Retry-After: too many of your operations were refused in a short window' },
  BUDGET_UNAVAILABLE: { status: 503, fix: 'retry later: no answer leaves while its extraction budget cannot be counted' },
  BREAK_GLASS_INVALID: { status: 400, fix: 'justify the override in X-Break-Glass with a sentence (percent-encode non-ASCII text), or leave the header out' },
  RESERVED_NAME: { status: 400, fix: 'rename the alias, fragment, variable or operation: names starting with _govgraph are the gateway\'s own' },
  // Issue 13: an application token runs only the operations of its agreements in force (gateway/agreements).
  OPERATION_NOT_AGREED: { status: 403, fix: "send an operation of one of the application's agreements, by documentId or as its exact text, under its agreed purpose; or submit a sharing request" },
  AGREEMENT_EXPIRED: { status: 403, fix: 'the agreement has expired: submit a sharing request to renew it' },
  AGREEMENT_REVOKED: { status: 403, fix: 'the agreement was revoked: a new sharing request must be approved' },
  AGREEMENT_NOT_YET_VALID: { status: 403, fix: 'the agreement is not in force yet: retry from its validFrom' },
  VARIABLES_NOT_AGREED: { status: 400, fix: 'send only the variables the agreed operation declares' },
  BREAK_GLASS_NOT_AGREED: { status: 403, fix: 'leave X-Break-Glass out: an application runs its agreed operations within their case scope and budgets; an official breaks glass in the console' },
  AD_HOC_QUERIES_DISABLED: { status: 403, fix: 'this deployment runs only agreed operations (GATEWAY_AD_HOC_QUERIES=deny): use an application with an agreement' },
  AGREEMENTS_UNAVAILABLE: { status: 503, fix: 'retry later: no application operation runs while the agreements in force cannot be read' },
} as const);

export type GatewayErrorCode = keyof typeof GATEWAY_ERRORS;

export function isGatewayErrorCode(code: unknown): code is GatewayErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(GATEWAY_ERRORS, code);
}

/** A client-facing error: the code, its HTTP status, and details a client can act on (never internals). */
export function gatewayError(
  code: GatewayErrorCode,
  message: string,
  details: Record<string, unknown> = {},
  headers?: HeaderMap,
): GraphQLError {
  return new GraphQLError(message, {
    extensions: { code, ...details, http: { status: GATEWAY_ERRORS[code].status, ...(headers ? { headers } : {}) } },
  });
}
