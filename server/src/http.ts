/**
 * One port: GraphQL over HTTP and graphql-ws at /graphql, the built web app (web/dist) at /.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { createYoga, type Plugin } from "graphql-yoga";
import { GraphQLError, type ExecutionArgs, type OperationDefinitionNode } from "graphql";
import type { ServerOptions } from "graphql-ws";
import { useServer } from "graphql-ws/use/ws";
import { WebSocketServer } from "ws";
import type { AppServices, Context } from "./context.ts";
import { maskError } from "./errors.ts";
import { schema } from "./schema/index.ts";

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/dist");
const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".json": "application/json",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
};

type Operation = (args: ExecutionArgs) => ReturnType<NonNullable<ServerOptions["execute"]>>;
interface EnvelopedRoot {
  execute: Operation;
  subscribe: Operation;
}

const bearer = (value: string | null | undefined) => (value?.startsWith("Bearer ") ? value.slice(7) : value);

function unauthenticated(): GraphQLError {
  return new GraphQLError("This API needs a token: send Authorization: Bearer <API_TOKEN>.", { extensions: { code: "UNAUTHENTICATED", http: { status: 401 } } });
}

/** Every HTTP request to /graphql must carry API_TOKEN when one is configured. */
function requireToken(token: string | undefined): Plugin {
  return {
    onRequest({ request, fetchAPI, endResponse }) {
      if (!token || request.method === "OPTIONS" || bearer(request.headers.get("authorization")) === token) return;
      endResponse(
        new fetchAPI.Response(JSON.stringify({ errors: [unauthenticated().toJSON()] }), { status: 401, headers: { "content-type": "application/json" } }),
      );
    },
  };
}

/** Logs operation name and duration of every request (never variables: they may hold tokens). */
function logOperations(app: AppServices): Plugin {
  return {
    onExecute({ args }) {
      const started = performance.now();
      const operation = args.operationName ?? (args.document.definitions.find((d: { kind: string }) => d.kind === "OperationDefinition") as OperationDefinitionNode | undefined)?.name?.value ?? "anonymous";
      return {
        onExecuteDone({ result }) {
          const errors = "errors" in result ? (result.errors?.map((e) => e.extensions?.code) ?? []) : [];
          app.log.debug({ operation, durationMs: Math.round(performance.now() - started), errors }, "graphql");
        },
      };
    },
  };
}

/**
 * Variable coercion errors (a missing field inside an input object) leave graphql-js without an
 * extensions.code; they are the client's input errors, so they get BAD_USER_INPUT.
 */
const codeUncodedErrors: Plugin = {
  onResultProcess({ result, setResult }) {
    if (Array.isArray(result) || Symbol.asyncIterator in result) return;
    // Errors thrown by resolvers (originalError set) are coded by maskError.
    const uncoded = (e: GraphQLError) => !e.extensions?.code && !e.originalError;
    const errors = result.errors as readonly GraphQLError[] | undefined;
    if (!errors?.some(uncoded)) return;
    setResult({
      ...result,
      errors: errors.map((e) => (uncoded(e) ? new GraphQLError(e.message, { nodes: e.nodes, path: e.path, extensions: { ...e.extensions, code: "BAD_USER_INPUT" } }) : e)),
    });
  },
};

async function serveStatic(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const urlPath = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  const candidate = path.resolve(WEB_DIST, `.${urlPath}`);
  // Paths from the URL never leave web/dist; unknown paths fall back to the SPA's index.html.
  const inside = candidate === WEB_DIST || candidate.startsWith(WEB_DIST + path.sep);
  const file = inside && (await stat(candidate).catch(() => null))?.isFile() ? candidate : path.join(WEB_DIST, "index.html");
  if (!(await stat(file).catch(() => null))) {
    res.writeHead(404, { "content-type": "text/plain" }).end("The web app is not built (npm run build:web); the API is at /graphql.\n");
    return;
  }
  res.writeHead(200, { "content-type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream" });
  createReadStream(file).pipe(res);
}

export function createHttpServer(app: AppServices): Server {
  const yoga = createYoga<Record<string, unknown>, Context>({
    schema,
    graphqlEndpoint: "/graphql",
    context: () => app,
    cors: app.config.webOrigin ? { origin: app.config.webOrigin, credentials: true } : false,
    maskedErrors: { maskError: maskError(app.log) },
    logging: false,
    landingPage: false,
    plugins: [requireToken(app.config.apiToken), logOperations(app), codeUncodedErrors],
  });

  const server = createServer((req, res) => {
    if ((req.url ?? "").startsWith("/graphql")) return void yoga.handle(req, res);
    void serveStatic(req, res);
  });

  const wss = new WebSocketServer({ server, path: "/graphql" });
  useServer(
    {
      // graphql-ws closes the socket with 4403 Forbidden when this returns false.
      onConnect: (ctx) => {
        if (!app.config.apiToken) return true;
        const params = ctx.connectionParams ?? {};
        return bearer(String(params.authorization ?? params.Authorization ?? params.apiToken ?? "")) === app.config.apiToken;
      },
      // The enveloped execute/subscribe travel in rootValue (graphql-yoga's graphql-ws recipe).
      execute: (args) => (args.rootValue as EnvelopedRoot).execute(args),
      subscribe: (args) => (args.rootValue as EnvelopedRoot).subscribe(args),
      onSubscribe: async (ctx, _id, params) => {
        const { schema: envelopedSchema, execute, subscribe, contextFactory, parse, validate } = yoga.getEnveloped({
          ...ctx,
          req: ctx.extra.request,
          socket: ctx.extra.socket,
          params,
        });
        const args = {
          schema: envelopedSchema,
          operationName: params.operationName,
          document: parse(params.query),
          variableValues: params.variables,
          contextValue: await contextFactory(),
          rootValue: { execute, subscribe },
        };
        const errors = validate(args.schema, args.document);
        if (errors.length) return errors;
        return args;
      },
    },
    wss,
  );
  return server;
}
