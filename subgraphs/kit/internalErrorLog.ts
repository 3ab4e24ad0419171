import { loggerFor } from '@govgraph/observability';

/**
 * An internal error in a subgraph, for the operator. A driver's message can quote a value from the query
 * or the row (`invalid input syntax for type date: "…"`, a key's detail), so at the default level the line
 * names the error's kind and SQLSTATE only; LOG_LEVEL=debug adds the message and stack, for a developer
 * on synthetic data.
 */
export function logInternalError(component: string, what: string, error: unknown, fields: Record<string, unknown> = {}): void {
  const logger = loggerFor(component);
  const { name, code } = (error ?? {}) as { name?: unknown; code?: unknown };
  logger.error({ ...fields, errorName: typeof name === 'string' ? name : typeof error, ...(typeof code === 'string' ? { sqlState: code } : {}) }, what);
  if (logger.isLevelEnabled('debug')) logger.debug({ ...fields, err: error }, `${what} (detail)`);
}
