/**
 * The only module that talks to the network: urql over HTTP for queries and mutations, graphql-ws
 * for subscriptions, XMLHttpRequest for uploads (fetch cannot report upload progress). It builds
 * the one urql Client: the stores reach it through the `Api` seam for one-shot requests, and the
 * live streams through @urql/solid's `Provider` (see main.tsx and lib/live.ts).
 */
import { Client, fetchExchange, subscriptionExchange, type CombinedError, type OperationResult } from "@urql/core";
import { createClient as createWsClient } from "graphql-ws";
import { print } from "graphql";
import { ApiError, type Api, type ConnectionState } from "./api.ts";

const TOKEN_KEY = "mistudio.apiToken";
/** Close codes the server uses when connectionParams carry no valid token. */
const AUTH_CLOSE_CODES = new Set([4401, 4403]);

interface ClientOptions {
  /** Absolute http(s) URL of the GraphQL endpoint; defaults to this page's origin + /graphql. */
  url?: string;
  storage?: Storage;
}

function fromCombined(error: CombinedError, status?: number): ApiError {
  const first = error.graphQLErrors[0];
  if (first) {
    const ext = first.extensions as { code?: string; field?: string };
    return new ApiError(ext.code ?? "INTERNAL", first.message, ext.field);
  }
  if (status === 401 || status === 403) return new ApiError("UNAUTHENTICATED", "The API token is missing or wrong.");
  return new ApiError("UNAVAILABLE", error.networkError?.message ?? error.message);
}

export interface Network {
  api: Api;
  /** For @urql/solid's Provider: the subscriptions the stores fold run over it. */
  client: Client;
}

export function createNetwork(options: ClientOptions = {}): Network {
  const storage = options.storage ?? window.localStorage;
  const httpUrl = options.url ?? new URL("/graphql", window.location.href).toString();
  const wsUrl = httpUrl.replace(/^http/, "ws");
  let token = storage.getItem(TOKEN_KEY) ?? "";
  const authHeaders = (): Record<string, string> => (token ? { authorization: `Bearer ${token}` } : {});

  const listeners = new Set<(state: ConnectionState) => void>();
  const emit = (state: ConnectionState) => listeners.forEach((listener) => listener(state));

  const ws = createWsClient({
    url: wsUrl,
    lazy: false, // one connection for the page's life, so the banner reflects the real link
    connectionParams: () => authHeaders(),
    retryAttempts: Number.POSITIVE_INFINITY,
    shouldRetry: () => true,
    retryWait: (retries) => new Promise((resolve) => setTimeout(resolve, Math.min(5_000, 300 * 2 ** retries))),
    on: {
      connecting: () => emit("connecting"),
      connected: () => emit("connected"),
      closed: (event) => {
        const code = (event as { code?: number }).code ?? 0;
        emit(AUTH_CLOSE_CODES.has(code) ? "unauthorized" : "dropped");
      },
    },
  });

  const urql = new Client({
    url: httpUrl,
    requestPolicy: "network-only", // the stores are the cache
    fetchOptions: () => ({ headers: authHeaders() }),
    exchanges: [
      fetchExchange,
      subscriptionExchange({
        forwardSubscription: (request) => ({
          subscribe: (sink) => ({ unsubscribe: ws.subscribe({ ...request, query: request.query ?? "" }, sink) }),
        }),
      }),
    ],
  });

  const unwrap = <D>(result: OperationResult<D>): D => {
    if (result.error) {
      const status = (result.error.response as Response | undefined)?.status;
      const error = fromCombined(result.error, status);
      if (error.code === "UNAUTHENTICATED") emit("unauthorized");
      throw error;
    }
    if (result.data === undefined) throw new ApiError("INTERNAL", "The server sent no data.");
    return result.data;
  };

  const api: Api = {
    query: async (document, variables) => unwrap(await urql.query(document, variables).toPromise()),
    mutate: async (document, variables) => unwrap(await urql.mutation(document, variables).toPromise()),
    upload: (document, variables, files, onProgress) => uploadMultipart(httpUrl, authHeaders(), print(document), variables, files, onProgress),
    onConnectionChange: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    setToken: (next) => {
      token = next;
      storage.setItem(TOKEN_KEY, next);
      ws.terminate(); // reconnects at once with the new connectionParams
    },
  };
  return { api, client: urql };
}

type GraphQLBody = { data?: unknown; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };

/** GraphQL multipart request spec: `operations` (file slots null), `map`, then the files. */
function uploadMultipart<D>(
  url: string,
  headers: Record<string, string>,
  query: string,
  variables: Record<string, unknown>,
  files: Record<string, File>,
  onProgress: (fraction: number) => void,
): Promise<D> {
  const form = new FormData();
  const slots = Object.entries(files);
  form.append("operations", JSON.stringify({ query, variables }));
  form.append("map", JSON.stringify(Object.fromEntries(slots.map(([path], index) => [String(index), [`variables.${path}`]]))));
  slots.forEach(([, file], index) => form.append(String(index), file, file.name));
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open("POST", url);
    Object.entries(headers).forEach(([name, value]) => xhr.setRequestHeader(name, value));
    xhr.setRequestHeader("graphql-preflight", "1"); // the header graphql-yoga expects on multipart requests
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onerror = () => reject(new ApiError("UNAVAILABLE", "The upload failed."));
    xhr.onload = () => {
      let body: GraphQLBody;
      try {
        body = JSON.parse(xhr.responseText) as GraphQLBody;
      } catch {
        reject(new ApiError(xhr.status === 401 ? "UNAUTHENTICATED" : "INTERNAL", `Upload answered HTTP ${xhr.status}.`));
        return;
      }
      const first = body.errors?.[0];
      if (first) reject(new ApiError(first.extensions?.code ?? "INTERNAL", first.message, first.extensions?.field));
      else resolve(body.data as D);
    };
    xhr.send(form);
  });
}
