/**
 * The registry API's error codes (README "Schema registry"): each refusal is a RegistryError with one of
 * these, its message safe to show (no SQL, no stack, no path).
 */
export const REGISTRY_ERROR_CODES = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  BAD_USER_INPUT: 400,
  NOT_FOUND: 404,
  /** Deciding a version that is not waiting, rolling back to what is served, a superseded approval. */
  CONFLICT: 409,
  /** The registry database cannot be reached. */
  REGISTRY_UNAVAILABLE: 503,
} as const;

export type RegistryErrorCode = keyof typeof REGISTRY_ERROR_CODES;

export class RegistryError extends Error {
  override name = 'RegistryError';
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
  ) {
    super(message);
  }
}
