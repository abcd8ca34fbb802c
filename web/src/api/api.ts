/**
 * The seam between the stores and the network for one-shot requests and the connection state.
 * `client.ts` is the one implementation that talks to the server (urql + graphql-ws); component
 * tests pass a fake that answers by hand. Live streams do not pass through here: the stores open
 * them with @urql/solid's createSubscription on the urql Client the Provider gives them.
 */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";

/** An error as the API reports it: a stable code (never the message) and the input field at fault. */
export class ApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

export const toApiError = (error: unknown): ApiError =>
  error instanceof ApiError ? error : new ApiError("INTERNAL", error instanceof Error ? error.message : String(error));

/** WebSocket state as the user should see it. `unauthorized` means the API token is missing or wrong. */
export type ConnectionState = "connecting" | "connected" | "dropped" | "unauthorized";

export type Variables = Record<string, unknown>;

export interface Api {
  query<D, V extends Variables>(document: TypedDocumentNode<D, V>, variables: V): Promise<D>;
  mutate<D, V extends Variables>(document: TypedDocumentNode<D, V>, variables: V): Promise<D>;
  /** Multipart request (GraphQL multipart request spec); `files` maps a variable path to its file. */
  upload<D, V extends Variables>(
    document: TypedDocumentNode<D, V>,
    variables: V,
    files: Record<string, File>,
    onProgress: (fraction: number) => void,
  ): Promise<D>;
  onConnectionChange(listener: (state: ConnectionState) => void): () => void;
  /** Stores the API token (asked for once) and reconnects with it. */
  setToken(token: string): void;
}
