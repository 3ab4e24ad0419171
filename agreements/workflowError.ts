/** The workflow API's error codes (README, "Data-sharing agreements"); each becomes `extensions.code`. */
export const WORKFLOW_ERROR_CODES = ['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'AGREEMENTS_UNAVAILABLE'] as const;
export type WorkflowErrorCode = (typeof WORKFLOW_ERROR_CODES)[number];

/** A refusal the caller can act on; its message never carries internals (SQL, paths, stacks). */
export class WorkflowError extends Error {
  override name = 'WorkflowError';
  constructor(
    readonly code: WorkflowErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}
