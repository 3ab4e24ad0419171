/**
 * What Apollo Server refuses about a POST body before any request hook runs (runHttpQuery.ts): such a
 * request never reaches willSendResponse, so the context function refuses it first — audited — with the
 * same code and message. Pure.
 */
export function badRequestBody(body: unknown): string | undefined {
  if (!isRecord(body) || Object.keys(body).length === 0) return 'POST body missing, invalid Content-Type, or JSON object has no keys.';
  if (body.query && typeof body.query !== 'string') return 'GraphQL queries must be strings.';
  if (typeof body.variables === 'string') return '`variables` in a POST body should be provided as an object, not a recursively JSON-encoded string.';
  if (typeof body.extensions === 'string') return '`extensions` in a POST body should be provided as an object, not a recursively JSON-encoded string.';
  if ('extensions' in body && body.extensions !== null && !isRecord(body.extensions)) return '`extensions` in a POST body must be an object if provided.';
  if ('variables' in body && body.variables !== null && !isRecord(body.variables)) return '`variables` in a POST body must be an object if provided.';
  if ('operationName' in body && body.operationName !== null && typeof body.operationName !== 'string') return '`operationName` in a POST body must be a string if provided.';
  return undefined;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
