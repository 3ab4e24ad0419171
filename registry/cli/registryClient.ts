import type { CheckReport } from '../checks/report';

/** A refusal from the registry API (its extensions.code) or a failure to reach it. */
export class RegistryClientError extends Error {
  override name = 'RegistryClientError';
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const REPORT = 'blocking needsApproval findings { check severity message fix coordinate operations { name documentHash count purposes applications lastSeen } }';

export interface PublishAnswer {
  accepted: boolean;
  version: { id: string; status: string; report: CheckReport };
  supergraph: { version: number } | null;
}

/** POST /registry/graphql as an agency's CI does: the publisher's Bearer token, the SDL as a variable. */
async function call<Data>(gatewayUrl: string, token: string, query: string, variables: Record<string, unknown>): Promise<Data> {
  const url = `${gatewayUrl.replace(/\/+$/, '')}/registry/graphql`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    throw new RegistryClientError('UNREACHABLE', `The gateway at ${url} cannot be reached (${(error as Error).message}): is GOVGRAPH_URL right?`);
  }
  const text = await response.text();
  let body: { data?: Data | null; errors?: { message: string; extensions?: { code?: string } }[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    throw new RegistryClientError('BAD_RESPONSE', `${url} answered HTTP ${response.status} with something other than JSON`);
  }
  const [error] = body.errors ?? [];
  if (error) throw new RegistryClientError(error.extensions?.code ?? 'UNKNOWN', error.message);
  if (!body.data) throw new RegistryClientError('BAD_RESPONSE', `${url} answered HTTP ${response.status} without data`);
  return body.data;
}

export async function checkSubgraph(gatewayUrl: string, token: string, name: string, sdl: string, url?: string): Promise<CheckReport> {
  const data = await call<{ checkSubgraph: CheckReport }>(
    gatewayUrl,
    token,
    `mutation Check($name: String!, $sdl: String!, $url: String) { checkSubgraph(name: $name, sdl: $sdl, url: $url) { ${REPORT} } }`,
    { name, sdl, url: url ?? null },
  );
  return data.checkSubgraph;
}

export async function publishSubgraph(gatewayUrl: string, token: string, name: string, sdl: string, url?: string): Promise<PublishAnswer> {
  const data = await call<{ publishSubgraph: PublishAnswer }>(
    gatewayUrl,
    token,
    `mutation Publish($name: String!, $sdl: String!, $url: String) { publishSubgraph(name: $name, sdl: $sdl, url: $url) {
      accepted version { id status report { ${REPORT} } } supergraph { version } } }`,
    { name, sdl, url: url ?? null },
  );
  return data.publishSubgraph;
}
