/**
 * The one mapping from thrown errors to GraphQL errors. Coded errors (and invalid status
 * transitions) keep their code and field; everything else is masked as INTERNAL so stack traces,
 * SQL and secrets never reach a client.
 */
import { GraphQLError } from "graphql";
import { CodedError, InvalidTransitionError } from "../../contracts/src/index.ts";
import type { Logger } from "./logger.ts";

function original(error: unknown): unknown {
  let current = error;
  while (current instanceof GraphQLError && current.originalError) current = current.originalError;
  return current;
}

export function maskError(log: Logger) {
  return (error: unknown, message: string): Error => {
    const cause = original(error);
    if (cause instanceof CodedError) {
      return new GraphQLError(cause.message, {
        extensions: { code: cause.code, ...(cause.field ? { field: cause.field } : {}), ...(cause.details ?? {}) },
        path: error instanceof GraphQLError ? error.path : undefined,
      });
    }
    if (cause instanceof InvalidTransitionError) {
      return new GraphQLError(cause.message, {
        extensions: { code: "INVALID_TRANSITION", field: "id", from: cause.from, to: cause.to },
        path: error instanceof GraphQLError ? error.path : undefined,
      });
    }
    // Parse/validation errors of the document itself: keep them, with a code clients can match.
    if (error instanceof GraphQLError && !error.originalError) {
      if (!error.extensions.code) return new GraphQLError(error.message, { nodes: error.nodes, source: error.source, positions: error.positions, path: error.path, extensions: { ...error.extensions, code: "BAD_USER_INPUT" } });
      return error;
    }
    if (cause instanceof GraphQLError) return cause;
    log.error({ err: cause }, "unexpected error");
    return new GraphQLError(message, { extensions: { code: "INTERNAL" }, path: error instanceof GraphQLError ? error.path : undefined });
  };
}
