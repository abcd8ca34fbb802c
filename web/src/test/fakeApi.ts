/**
 * A hand-driven network for component tests: answers are registered per operation, and every
 * request is recorded so a test can check what was sent. Subscriptions run through a real urql
 * Client (the one @urql/solid's createSubscription uses in the stores) whose subscriptionExchange
 * forwards to streams the test pushes events into by hand, as client.ts forwards to graphql-ws.
 */
import type { TypedDocumentNode } from "@graphql-typed-document-node/core";
import { Client, subscriptionExchange } from "@urql/core";
import type { DocumentNode, OperationDefinitionNode } from "graphql";
import { ApiError, type Api, type ConnectionState, type Variables } from "../api/api.ts";

type Handler = (variables: Variables) => unknown;
interface OpenSubscription {
  operation: string;
  variables: Variables;
  onEvent: (data: unknown) => void;
}

const operationName = (document: DocumentNode): string => {
  const op = document.definitions.find((d): d is OperationDefinitionNode => d.kind === "OperationDefinition");
  return op?.name?.value ?? "anonymous";
};

export function createFakeApi() {
  const handlers = new Map<string, Handler>();
  const subscriptions = new Set<OpenSubscription>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  const calls: { operation: string; variables: Variables }[] = [];
  const tokens: string[] = [];

  const answer = async (document: TypedDocumentNode<unknown, never>, variables: Variables) => {
    const operation = operationName(document);
    calls.push({ operation, variables });
    const handler = handlers.get(operation);
    if (!handler) throw new ApiError("NOT_FOUND", `no fake answer for ${operation}`);
    return handler(variables);
  };

  const api: Api = {
    query: (document, variables) => answer(document as never, variables) as never,
    mutate: (document, variables) => answer(document as never, variables) as never,
    upload: async (document, variables, files, onProgress) => {
      onProgress(0.5);
      const result = await answer(document as never, { ...variables, files });
      onProgress(1);
      return result as never;
    },
    onConnectionChange: (listener) => {
      connectionListeners.add(listener);
      return () => connectionListeners.delete(listener);
    },
    setToken: (token) => tokens.push(token),
  };

  const client = new Client({
    url: "http://fake.test/graphql",
    exchanges: [
      subscriptionExchange({
        forwardSubscription: (request, operation) => ({
          subscribe: (sink) => {
            const entry: OpenSubscription = {
              operation: operationName(operation.query),
              variables: (request.variables ?? {}) as Variables,
              onEvent: (data) => sink.next({ data: data as Record<string, unknown> }),
            };
            subscriptions.add(entry);
            return { unsubscribe: () => void subscriptions.delete(entry) };
          },
        }),
      }),
    ],
  });

  return {
    api,
    /** For @urql/solid's Provider. */
    client,
    calls,
    tokens,
    /** Registers the answer to an operation; a thrown ApiError becomes the request's error. */
    respond<D, V extends Variables>(document: TypedDocumentNode<D, V>, handler: (variables: V) => D | Promise<D>) {
      handlers.set(operationName(document as never), handler as Handler);
    },
    /** Pushes one event to the open subscriptions of this operation (optionally only matching ones). */
    push<D, V extends Variables>(document: TypedDocumentNode<D, V>, data: D, match: (variables: V) => boolean = () => true) {
      const operation = operationName(document as never);
      let delivered = 0;
      for (const sub of [...subscriptions]) {
        if (sub.operation === operation && match(sub.variables as V)) {
          sub.onEvent(data);
          delivered += 1;
        }
      }
      if (delivered === 0) throw new Error(`no open ${operation} subscription to push to`);
    },
    open: (document: TypedDocumentNode<unknown, never>) =>
      [...subscriptions].filter((s) => s.operation === operationName(document)).map((s) => s.variables),
    setConnection: (state: ConnectionState) => connectionListeners.forEach((listener) => listener(state)),
    callsOf: (document: TypedDocumentNode<unknown, never>) => calls.filter((c) => c.operation === operationName(document)).map((c) => c.variables),
  };
}
export type FakeApi = ReturnType<typeof createFakeApi>;
