import type { AgreedDocument } from './operations';

/**
 * What an application team writes to talk to govgraph, using only its public HTTP interface: a token
 * from the realm's token endpoint by the client-credentials grant, then POST /graphql with the purpose
 * (X-Purpose), the case (X-Case-Ref) and an agreed operation by its id (`documentId`).
 */
export interface ApplicationSettings {
  /** GOVGRAPH_URL, default http://localhost:4000. */
  gatewayUrl: string;
  /** OIDC_ISSUER, default http://localhost:8080/realms/govgraph. */
  issuer: string;
  clientId: string;
  /** GOVGRAPH_CLIENT_SECRET; `demo` in development. */
  clientSecret: string;
}

export function settingsFromEnvironment(clientId: string, env: NodeJS.ProcessEnv = process.env): ApplicationSettings {
  return {
    gatewayUrl: (env.GOVGRAPH_URL || 'http://localhost:4000').replace(/\/+$/, ''),
    issuer: (env.OIDC_ISSUER || 'http://localhost:8080/realms/govgraph').replace(/\/+$/, ''),
    clientId,
    clientSecret: env.GOVGRAPH_CLIENT_SECRET || 'demo',
  };
}

/** A refusal or failure as the gateway (or the token endpoint) stated it: its code is what the program exits with. */
export class GovgraphError extends Error {
  override name = 'GovgraphError';
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export interface AskOptions {
  purpose: string;
  caseRef?: string | undefined;
  variables?: Record<string, unknown>;
}

export interface GovgraphClient {
  /** Runs an agreed operation by its id; resolves with `data`, throws GovgraphError on any error. */
  run<Data = any>(operation: AgreedDocument, options: AskOptions): Promise<{ data: Data; auditRecordId: string | undefined }>;
  /** POST /agreements/graphql with the application's token (submitting a sharing request). */
  agreements<Data = any>(query: string, variables: Record<string, unknown>): Promise<Data>;
}

export function govgraphClient(settings: ApplicationSettings): GovgraphClient {
  let token: { value: string; expiresAt: number } | undefined;
  const accessToken = async (): Promise<string> => {
    if (token && token.expiresAt > Date.now() + 10_000) return token.value;
    const response = await fetch(`${settings.issuer}/protocol/openid-connect/token`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${encodeURIComponent(settings.clientId)}:${encodeURIComponent(settings.clientSecret)}`).toString('base64')}`,
      },
      body: new URLSearchParams({ grant_type: 'client_credentials' }).toString(),
    });
    const body = (await response.json().catch(() => ({}))) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
    if (!response.ok || !body.access_token) {
      throw new GovgraphError(body.error ?? 'TOKEN_REFUSED', `the token endpoint refused ${settings.clientId}: ${body.error_description ?? response.status}`, response.status);
    }
    token = { value: body.access_token, expiresAt: Date.now() + (body.expires_in ?? 60) * 1000 };
    return token.value;
  };
  const post = async (path: string, headers: Record<string, string>, payload: unknown) => {
    const response = await fetch(`${settings.gatewayUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await accessToken()}`, ...headers },
      body: JSON.stringify(payload),
    });
    const text = await response.text();
    let body: { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[]; extensions?: { privacy?: { auditRecordId?: string } } };
    try {
      body = JSON.parse(text);
    } catch {
      throw new GovgraphError('NOT_JSON', `${path} answered HTTP ${response.status} with something other than JSON`, response.status);
    }
    const first = body.errors?.[0];
    if (first) {
      const { code, ...details } = first.extensions ?? {};
      throw new GovgraphError(String(code ?? 'ERROR'), first.message, response.status, details);
    }
    return body;
  };
  return {
    async run(operation, options) {
      const body = await post(
        '/graphql',
        { 'x-purpose': options.purpose, ...(options.caseRef ? { 'x-case-ref': options.caseRef } : {}) },
        { documentId: operation.documentId, operationName: operation.name, variables: options.variables ?? {} },
      );
      return { data: body.data as any, auditRecordId: body.extensions?.privacy?.auditRecordId };
    },
    async agreements(query, variables) {
      return (await post('/agreements/graphql', {}, { query, variables })).data as any;
    },
  };
}
