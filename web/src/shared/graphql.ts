/**
 * POST a GraphQL request as an application team does — to /graphql, and to the governance APIs
 * (/agreements/graphql, /registry/graphql) without a purpose: the bearer token, the purpose and the case
 * reference travel as headers (never in the URL). Answers are returned whole — status, data, errors and
 * extensions.privacy — because what was masked and why is part of what the pages show.
 */

export interface MaskedPath {
  path: string;
  coordinate: string;
  strategy: string;
}

export interface PrivacyExtension {
  requestId?: string;
  purpose?: string;
  caseRef?: string | null;
  auditRecordId?: string;
  masked?: MaskedPath[];
  [other: string]: unknown;
}

export interface RefusedField {
  coordinate: string;
  reason?: string;
}

export interface GraphQLErrorShape {
  message: string;
  path?: (string | number)[];
  extensions?: { code?: string; fields?: RefusedField[]; reason?: string; [other: string]: unknown };
}

export interface GraphQLAnswer<Data = unknown> {
  status: number;
  data?: Data | null;
  errors?: GraphQLErrorShape[];
  extensions?: { privacy?: PrivacyExtension; [other: string]: unknown };
}

export interface GraphRequest {
  token: string;
  /** Absent for the governance APIs (/agreements/graphql): they read no agency's data, so no purpose is stated. */
  purpose?: string;
  caseRef?: string;
  query: string;
  variables?: Record<string, unknown>;
  operationName?: string;
}

export function graphHeaders(request: Pick<GraphRequest, 'token' | 'purpose' | 'caseRef'>): Record<string, string> {
  return {
    'content-type': 'application/json',
    accept: 'application/json',
    authorization: `Bearer ${request.token}`,
    ...(request.purpose ? { 'x-purpose': request.purpose } : {}),
    ...(request.caseRef ? { 'x-case-ref': request.caseRef } : {}),
  };
}

export async function requestGraph<Data>(path: string, request: GraphRequest): Promise<GraphQLAnswer<Data>> {
  const response = await fetch(path, {
    method: 'POST',
    headers: graphHeaders(request),
    body: JSON.stringify({
      query: request.query,
      ...(request.variables ? { variables: request.variables } : {}),
      ...(request.operationName ? { operationName: request.operationName } : {}),
    }),
  });
  const text = await response.text();
  try {
    return { status: response.status, ...(JSON.parse(text) as Omit<GraphQLAnswer<Data>, 'status'>) };
  } catch {
    // Not JSON (a proxy's error page, a path the server does not serve): say the status, never show the
    // page, which can carry a stack or a server path.
    return { status: response.status, errors: [{ message: response.statusText.trim() || `HTTP ${response.status}`, extensions: { code: `HTTP_${response.status}` } }] };
  }
}

/** The first error's code, e.g. FORBIDDEN_FIELDS. */
export function errorCode(answer: GraphQLAnswer): string | undefined {
  return answer.errors?.[0]?.extensions?.code;
}
