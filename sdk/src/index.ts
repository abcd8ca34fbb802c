/**
 * Typed SDK for miStudio Models. Queries and mutations go over HTTP (fetch); subscriptions over
 * graphql-ws as async iterables. Every operation of the public API is a named method:
 *
 *   const api = createSdk({ url: "http://localhost:4000/graphql", apiToken: process.env.API_TOKEN });
 *   const { downloadModel } = await api.DownloadModel({ input: { repoId: "gpt2/gpt2", quantization: "q4" } });
 *   for await (const { modelProgress } of api.ModelProgress({ id: downloadModel.model.id })) console.log(modelProgress);
 */
import { getOperationAST, print, type DocumentNode } from "graphql";
import { createClient, type Client } from "graphql-ws";
import { getSdk, type Requester } from "./generated.ts";

export * from "./generated.ts";

export interface SdkOptions {
  /** http(s)://host:port/graphql; the WebSocket URL is derived from it. */
  url: string;
  apiToken?: string;
  /** WebSocket implementation for Node < 22 (e.g. `ws`); browsers and Node 22+ have one. */
  webSocketImpl?: unknown;
  fetch?: typeof fetch;
}

/** A GraphQL error answer, with the API's extensions (code, field) kept. */
export class ApiError extends Error {
  constructor(readonly errors: ReadonlyArray<{ message: string; extensions?: { code?: string; field?: string } }>) {
    super(errors.map((e) => `${e.extensions?.code ?? "ERROR"}: ${e.message}`).join("; "));
    this.name = "ApiError";
  }
  get code(): string | undefined {
    return this.errors[0]?.extensions?.code;
  }
  get field(): string | undefined {
    return this.errors[0]?.extensions?.field;
  }
}

interface Answer<R> {
  data?: R | null;
  errors?: ApiError["errors"];
}

export function createSdk(options: SdkOptions) {
  const doFetch = options.fetch ?? fetch;
  const auth: Record<string, string> = options.apiToken ? { authorization: `Bearer ${options.apiToken}` } : {};
  let ws: Client | undefined;
  const socket = () =>
    (ws ??= createClient({
      url: options.url.replace(/^http/, "ws"),
      connectionParams: auth,
      ...(options.webSocketImpl ? { webSocketImpl: options.webSocketImpl } : {}),
    }));

  async function request<R, V>(doc: DocumentNode, variables?: V): Promise<R> {
    const response = await doFetch(options.url, {
      method: "POST",
      headers: { "content-type": "application/json", ...auth },
      body: JSON.stringify({ query: print(doc), variables }),
    });
    const answer = (await response.json()) as Answer<R>;
    if (answer.errors?.length) throw new ApiError(answer.errors);
    if (!answer.data) throw new ApiError([{ message: `HTTP ${response.status} without data` }]);
    return answer.data;
  }

  async function* subscribe<R, V>(doc: DocumentNode, variables?: V): AsyncIterable<R> {
    const iterator = socket().iterate<R>({ query: print(doc), variables: variables as Record<string, unknown> | undefined });
    for await (const answer of iterator) {
      if (answer.errors?.length) throw new ApiError(answer.errors as ApiError["errors"]);
      yield answer.data as R;
    }
  }

  const requester: Requester = <R, V>(doc: DocumentNode, variables?: V) =>
    getOperationAST(doc)?.operation === "subscription" ? subscribe<R, V>(doc, variables) : request<R, V>(doc, variables);

  return Object.assign(getSdk(requester), {
    /** Closes the WebSocket (if a subscription opened one). */
    close: async () => {
      await ws?.dispose();
      ws = undefined;
    },
  });
}
export type Sdk = ReturnType<typeof createSdk>;
