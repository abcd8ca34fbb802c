/**
 * Error codes carried in GraphQL `extensions.code` and in job failures. Workers throw
 * `CodedError`; the API maps it to a GraphQL error with the same code and field.
 */
export const ERROR_CODES = [
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "CONFLICT",
  "GATED",
  "RATE_LIMITED",
  "INSUFFICIENT_STORAGE",
  "UNAVAILABLE",
  "UNAUTHENTICATED",
  "INCOMPATIBLE",
  "INVALID_TRANSITION",
  "INTEGRITY",
  "CANCELLED",
  "INTERNAL",
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Codes after which retrying the same job cannot succeed (BullMQ: UnrecoverableError). */
export const PERMANENT_ERROR_CODES: readonly ErrorCode[] = [
  "BAD_USER_INPUT",
  "NOT_FOUND",
  "GATED",
  "INCOMPATIBLE",
  "INSUFFICIENT_STORAGE",
  "CANCELLED",
  "INVALID_TRANSITION",
];

export class CodedError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** The input field at fault, when there is one (e.g. "repoId", "input.layers"). */
    readonly field?: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
    this.name = "CodedError";
  }
}

export function isCodedError(error: unknown): error is CodedError {
  return error instanceof CodedError;
}
