/**
 * The one mapping from thrown errors to GraphQL errors. Coded errors (and invalid status
 * transitions) keep their code and field; everything else is masked as INTERNAL so stack traces,
 * SQL and secrets never reach a client.
 */
import { GraphQLError } from "graphql";
import { CodedError, InvalidTransitionError } from "../../contracts/src/index.ts";
import type { Logger } from "./logger.ts";

/**
 * By name, not instanceof: the executor may create its GraphQLError from another copy of graphql
 * (its own ESM import when the server runs inside vitest's module runner).
 */
const isGraphQLError = (error: unknown): error is GraphQLError => error instanceof Error && error.name === "GraphQLError";

function original(error: unknown): unknown {
  let current = error;
  while (isGraphQLError(current) && current.originalError) current = current.originalError;
  return current;
}

export function maskError(log: Logger) {
  return (error: unknown, message: string): Error => {
    const cause = original(error);
    if (cause instanceof CodedError) {
      return new GraphQLError(cause.message, {
        extensions: { code: cause.code, ...(cause.field ? { field: cause.field } : {}), ...(cause.details ?? {}) },
        path: isGraphQLError(error) ? error.path : undefined,
      });
    }
    if (cause instanceof InvalidTransitionError) {
      return new GraphQLError(cause.message, {
        extensions: { code: "INVALID_TRANSITION", field: "id", from: cause.from, to: cause.to },
        path: isGraphQLError(error) ? error.path : undefined,
      });
    }
    // Parse/validation errors of the document itself: keep them, with a code clients can match.
    if (isGraphQLError(error) && !error.originalError) {
      if (!error.extensions.code) return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions: { ...error.extensions, code: "BAD_USER_INPUT" } });
      return error;
    }
    if (isGraphQLError(cause)) return cause;
    log.error({ err: cause }, "unexpected error");
    return new GraphQLError(message, { extensions: { code: "INTERNAL" }, path: isGraphQLError(error) ? error.path : undefined });
  };
}
