/**
 * A local server speaking the part of the Hugging Face Hub API the product uses, for tests and
 * benchmarks (this machine has no internet). Behaviour mirrors the real Hub as documented in
 * ../shared/STACK.md §9, for model and dataset repos alike (datasets live under `/api/datasets/…`,
 * `/datasets/{id}/resolve/…`): repo info, recursive tree with LFS oids, `/resolve/` with Range/206/416,
 * LFS files redirected (302) to a CDN on a second origin with X-Linked-Size/X-Linked-ETag/
 * X-Repo-Commit, small files redirected (307) to a same-origin resolve-cache path, 401/403 +
 * `X-Error-Code: GatedRepo`, 401/404 `RepoNotFound`, 404 `EntryNotFound`/`RevisionNotFound`.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Faults, type ResponseFaults } from "./faults.ts";
import { datasetRepoSpecs } from "./dataset-repos.ts";
import { defaultRepoSpecs, hostRepo, repoKey, type HostedFile, type HostedRepo, type HostedRepoType, type RepoSpec } from "./repos.ts";
import { sendRange } from "./send-content.ts";

/** Tokens the local Hub knows. Any other `hf_…` token is "invalid credentials". */
export const TEST_TOKENS = {
  /** Granted every gated and private repo. */
  granted: "hf_GrantedTestToken0000000000000000",
  /** A valid account that did not get access to gated/private repos. */
  notGranted: "hf_NotGrantedTestToken00000000000000",
  /** Not known to the Hub at all. */
  unknown: "hf_UnknownTestToken000000000000000000",
} as const;

export interface HubServerOptions {
  /** Replaces the default repos (fixtures + synthesized models, dataset-repos.ts) when given. */
  readonly repos?: readonly RepoSpec[];
  /** Added to the default repos. */
  readonly extraRepos?: readonly RepoSpec[];
  /** token → repo ids it may read when gated/private ("*": all). Default: TEST_TOKENS. */
  readonly tokens?: Readonly<Record<string, readonly string[]>>;
  /** Tree page size (the Hub pages with a `Link: rel="next"` header). */
  readonly treePageSize?: number;
}

export interface RequestRecord {
  readonly origin: "hub" | "cdn";
  readonly method: string;
  readonly path: string;
  readonly range?: string;
  readonly authorization: boolean;
  readonly status: number;
}

export interface HubServerStats {
  /** Content bytes handed to sockets for `repoId/path` (0 when never served). */
  bytesServed(repoId: string, path: string): number;
  totalBytesServed(): number;
  readonly requests: readonly RequestRecord[];
  /** Every Authorization header value the CDN origin received (must stay empty). */
  readonly cdnAuthorizations: readonly string[];
  reset(): void;
}

export interface HubServer {
  /** Use as HF_ENDPOINT. */
  readonly url: string;
  readonly cdnUrl: string;
  /** By path on the Hub: `owner/name` for models, `datasets/owner/name` for datasets (repoKey). */
  readonly repos: ReadonlyMap<string, HostedRepo>;
  readonly stats: HubServerStats;
  readonly faults: Faults;
  close(): Promise<void>;
}

const DEFAULT_TOKENS: Record<string, readonly string[]> = { [TEST_TOKENS.granted]: ["*"], [TEST_TOKENS.notGranted]: [] };

export async function startHubServer(options: HubServerOptions = {}): Promise<HubServer> {
  const specs = [...(options.repos ?? [...(await defaultRepoSpecs()), ...datasetRepoSpecs()]), ...(options.extraRepos ?? [])];
  const repos = new Map<string, HostedRepo>();
  for (const spec of specs) {
    const hosted = await hostRepo(spec);
    repos.set(repoKey(hosted.type, hosted.id), hosted);
  }
  const tokens = options.tokens ?? DEFAULT_TOKENS;
  const pageSize = options.treePageSize ?? 1000;
  const faults = new Faults();
  const served = new Map<string, number>();
  const requests: RequestRecord[] = [];
  const cdnAuthorizations: string[] = [];
  let requestCounter = 0;

  const hub = createServer();
  const cdn = createServer();
  await Promise.all([listen(hub), listen(cdn)]);
  const url = `http://127.0.0.1:${(hub.address() as AddressInfo).port}`;
  const cdnUrl = `http://127.0.0.1:${(cdn.address() as AddressInfo).port}`;

  const record = (origin: RequestRecord["origin"], req: IncomingMessage, res: ServerResponse) => {
    res.once("finish", () => push());
    res.once("close", () => push());
    let done = false;
    const push = () => {
      if (done) return;
      done = true;
      requests.push({ origin, method: req.method ?? "GET", path: req.url ?? "", range: req.headers.range, authorization: req.headers.authorization !== undefined, status: res.statusCode });
    };
  };

  const fail = (res: ServerResponse, status: number, error: string, errorCode?: string, extra: Record<string, string> = {}) => {
    res.writeHead(status, {
      "content-type": "application/json",
      "x-request-id": `Root=1-local-${++requestCounter}`,
      ...(errorCode ? { "x-error-code": errorCode } : {}),
      ...extra,
    });
    res.end(JSON.stringify({ error }));
  };

  /** null when the request may read `repo` on this kind of route; otherwise the Hub's refusal. */
  const refusal = (req: IncomingMessage, repo: HostedRepo | undefined, route: "api" | "file"): [number, string, string?] | null => {
    const header = req.headers.authorization;
    const token = header?.startsWith("Bearer ") ? header.slice(7) : undefined;
    if (header !== undefined && (token === undefined || !(token in tokens))) return [401, "Invalid credentials in Authorization header"];
    const granted = token !== undefined && (tokens[token].includes("*") || (repo !== undefined && tokens[token].includes(repo.id)));
    if (repo === undefined || (repo.private && !granted)) {
      return [token ? 404 : 401, "Repository not found", "RepoNotFound"];
    }
    if (repo.gated && route === "file" && !granted) {
      return token
        ? [403, `Access to ${repo.type} ${repo.id} is restricted and you are not in the authorized list. Visit ${url}/${repoKey(repo.type, repo.id)} to ask for access.`, "GatedRepo"]
        : [401, `Access to ${repo.type} ${repo.id} is restricted. You must have access to it and be authenticated to access it. Please log in.`, "GatedRepo"];
    }
    return null;
  };

  const apiFault = (res: ServerResponse, repoId: string): boolean => {
    const taken = faults.take({ repoId, path: "", api: true });
    if (!taken.fail) return false;
    failWith(res, taken.fail);
    return true;
  };

  const failWith = (res: ServerResponse, fault: NonNullable<ResponseFaults["fail"]>) =>
    fail(res, fault.status, fault.status === 429 ? "You have been rate-limited" : "Internal Error", undefined, fault.retryAfterSeconds === undefined ? {} : { "retry-after": String(fault.retryAfterSeconds) });

  const resolveRevision = (repo: HostedRepo, revision: string) => (["main", "HEAD", repo.sha].includes(decodeURIComponent(revision)) ? repo.sha : undefined);

  /** Serves content (Range-aware), applying faults; `headers` are the route's extra headers. */
  const serveContent = async (req: IncomingMessage, res: ServerResponse, repo: HostedRepo, file: HostedFile, headers: Record<string, string>) => {
    const etag = `"${file.lfs ? file.sha256 : file.gitOid}"`;
    const ifRange = req.headers["if-range"];
    const range = parseRange(req.headers.range, file.size, typeof ifRange === "string" ? ifRange : undefined, etag);
    if (range === "unsatisfiable") {
      res.writeHead(416, { ...headers, "content-range": `bytes */${file.size}`, etag });
      res.end();
      return;
    }
    const [start, end] = range ?? [0, file.size - 1];
    const taken = faults.take({ repoId: repo.id, path: file.path, api: false, range: [start, end] });
    if (taken.fail) return failWith(res, taken.fail);
    res.writeHead(range ? 206 : 200, {
      ...headers,
      etag,
      "accept-ranges": "bytes",
      "content-type": "application/octet-stream",
      "content-length": String(file.size === 0 ? 0 : end - start + 1),
      ...(range ? { "content-range": `bytes ${start}-${end}/${file.size}` } : {}),
    });
    if (req.method === "HEAD" || file.size === 0) return void res.end();
    const key = `${repo.id}/${file.path}`;
    await sendRange(res, file, start, end, taken, (bytes) => served.set(key, (served.get(key) ?? 0) + bytes));
  };

  hub.on("request", (req, res) => {
    record("hub", req, res);
    const { pathname, searchParams } = new URL(req.url ?? "/", url);
    const parts = pathname.split("/").filter(Boolean).map(decodeURIComponent);
    // /api/{models|datasets}/{owner}/{name}[/revision/{rev}] and …/tree/{rev}[/{path}]
    const apiType = parts[0] === "api" ? API_TYPES.get(parts[1]) : undefined;
    if (apiType !== undefined) {
      const repoId = `${parts[2]}/${parts[3]}`;
      const repo = repos.get(repoKey(apiType, repoId));
      const denied = refusal(req, repo, "api");
      if (denied) return fail(res, ...denied);
      if (apiFault(res, repoId)) return;
      const [kind, revision = "main", ...rest] = parts.slice(4);
      const sha = resolveRevision(repo!, revision);
      if (kind !== undefined && kind !== "revision" && kind !== "tree") return fail(res, 404, "Not found");
      if (sha === undefined) return fail(res, 404, `Invalid rev id: ${revision}`, "RevisionNotFound");
      if (kind === "tree") return sendTree(res, repo!, rest.join("/"), searchParams, pageSize, url);
      return sendJson(res, repoInfoBody(repo!));
    }
    // /api/resolve-cache/{models|datasets}/{owner}/{name}/{sha}/{path}
    const cacheType = parts[0] === "api" && parts[1] === "resolve-cache" ? API_TYPES.get(parts[2]) : undefined;
    if (cacheType !== undefined) {
      return void serveResolved(req, res, repoKey(cacheType, `${parts[3]}/${parts[4]}`), parts[5], parts.slice(6).join("/"), false);
    }
    // /[datasets/]{owner}/{name}/resolve/{rev}/{path}
    const web = parts[0] === "datasets" ? { type: "dataset" as const, rest: parts.slice(1) } : { type: "model" as const, rest: parts };
    if (web.rest[2] === "resolve" && web.rest.length >= 5) {
      return void serveResolved(req, res, repoKey(web.type, `${web.rest[0]}/${web.rest[1]}`), web.rest[3], web.rest.slice(4).join("/"), true);
    }
    fail(res, 404, "Not found");
  });

  /** `/resolve/` (redirecting) and `/api/resolve-cache/` (serving small files). */
  const serveResolved = async (req: IncomingMessage, res: ServerResponse, key: string, revision: string, filePath: string, redirect: boolean) => {
    const repo = repos.get(key);
    const denied = refusal(req, repo, "file");
    if (denied) return fail(res, ...denied);
    const sha = resolveRevision(repo!, revision);
    if (sha === undefined) return fail(res, 404, `Invalid rev id: ${revision}`, "RevisionNotFound");
    const file = repo!.files.get(filePath);
    if (!file) return fail(res, 404, "Entry not found", "EntryNotFound");
    const common = { "x-repo-commit": sha, "x-request-id": `Root=1-local-${++requestCounter}` };
    if (redirect && file.lfs) {
      const location = `${cdnUrl}/cdn/${repoKey(repo!.type, repo!.id)}/${file.sha256}/${encodeURI(file.path)}?Expires=${Math.floor(Date.now() / 1000) + 3600}&Signature=local`;
      res.writeHead(302, { ...common, location, etag: `"${file.sha256}"`, "x-linked-size": String(file.size), "x-linked-etag": `"${file.sha256}"` });
      return void res.end();
    }
    if (redirect) {
      res.writeHead(307, { ...common, location: `/api/resolve-cache/${repo!.type}s/${repo!.id}/${sha}/${encodeURI(file.path)}`, etag: `"${file.gitOid}"` });
      return void res.end();
    }
    await serveContent(req, res, repo!, file, common);
  };

  cdn.on("request", (req, res) => {
    record("cdn", req, res);
    if (req.headers.authorization !== undefined) cdnAuthorizations.push(req.headers.authorization);
    // /cdn/[datasets/]{owner}/{name}/{sha256}/{path}
    const all = new URL(req.url ?? "/", cdnUrl).pathname.split("/").filter(Boolean).map(decodeURIComponent);
    const type: HostedRepoType = all[1] === "datasets" ? "dataset" : "model";
    const parts = type === "dataset" ? [all[0], ...all.slice(2)] : all;
    const repo = repos.get(repoKey(type, `${parts[1]}/${parts[2]}`));
    const file = repo?.files.get(parts.slice(4).join("/"));
    if (parts[0] !== "cdn" || !file || file.sha256 !== parts[3]) {
      res.writeHead(404, { "content-type": "text/plain" });
      return void res.end("NoSuchKey");
    }
    void serveContent(req, res, repo!, file, {});
  });

  const stats: HubServerStats = {
    bytesServed: (repoId, path) => served.get(`${repoId}/${path}`) ?? 0,
    totalBytesServed: () => [...served.values()].reduce((a, b) => a + b, 0),
    requests,
    cdnAuthorizations,
    reset: () => {
      served.clear();
      requests.length = 0;
      cdnAuthorizations.length = 0;
    },
  };

  return {
    url,
    cdnUrl,
    repos,
    stats,
    faults,
    close: async () => {
      await Promise.all([stop(hub), stop(cdn)]);
    },
  };
}

function listen(server: Server): Promise<void> {
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
}

function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function sendJson(res: ServerResponse, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(200, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(body));
}

/** URL segment after `/api/` (and `/api/resolve-cache/`) → repo type. */
const API_TYPES: ReadonlyMap<string, HostedRepoType> = new Map([
  ["models", "model"],
  ["datasets", "dataset"],
]);

/** What `/api/{models,datasets}/{id}` answers; a dataset has no model fields (pipeline, library, config). */
function repoInfoBody(repo: HostedRepo) {
  const info = {
    _id: repo.sha.slice(0, 24),
    id: repo.id,
    author: repo.id.split("/")[0],
    sha: repo.sha,
    lastModified: "2026-01-01T00:00:00.000Z",
    createdAt: "2026-01-01T00:00:00.000Z",
    private: repo.private,
    gated: repo.gated,
    disabled: false,
    downloads: 0,
    likes: 0,
    tags: [],
    siblings: [...repo.files.keys()].map((rfilename) => ({ rfilename })),
  };
  if (repo.type === "dataset") return info;
  const config = repo.config;
  return {
    ...info,
    modelId: repo.id,
    pipeline_tag: "text-generation",
    library_name: "transformers",
    ...(config ? { config: { architectures: config.architectures, model_type: config.model_type } } : {}),
  };
}

function sendTree(res: ServerResponse, repo: HostedRepo, prefix: string, query: URLSearchParams, pageSize: number, base: string) {
  const recursive = query.get("recursive") === "true";
  const inFolder = [...repo.files.values()].filter((file) => prefix === "" || file.path.startsWith(`${prefix}/`));
  const entries = new Map<string, unknown>();
  for (const file of inFolder) {
    const relative = prefix === "" ? file.path : file.path.slice(prefix.length + 1);
    const slash = relative.indexOf("/");
    if (!recursive && slash >= 0) {
      const dir = (prefix ? `${prefix}/` : "") + relative.slice(0, slash);
      entries.set(dir, { type: "directory", oid: "0".repeat(40), size: 0, path: dir });
      continue;
    }
    entries.set(file.path, {
      type: "file",
      oid: file.gitOid,
      size: file.size,
      path: file.path,
      ...(file.lfs ? { lfs: { oid: file.sha256, size: file.size, pointerSize: file.pointerSize } } : {}),
    });
  }
  const sorted = [...entries.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, entry]) => entry);
  const cursor = Number(query.get("cursor") ?? 0);
  const page = sorted.slice(cursor, cursor + pageSize);
  const next = cursor + pageSize < sorted.length ? new URL(`/api/${repo.type}s/${repo.id}/tree/${repo.sha}${prefix ? `/${prefix}` : ""}`, base) : undefined;
  if (next) {
    next.searchParams.set("recursive", String(recursive));
    next.searchParams.set("cursor", String(cursor + pageSize));
  }
  sendJson(res, page, next ? { link: `<${next.href}>; rel="next"` } : {});
}

/** `bytes=a-b`, `bytes=a-`, `bytes=-n`; undefined = whole file (no Range, a multi-range, or a stale If-Range). */
function parseRange(header: string | undefined, size: number, ifRange: string | undefined, etag: string): [number, number] | "unsatisfiable" | undefined {
  if (header === undefined || (ifRange !== undefined && ifRange !== etag)) return undefined;
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!match || (match[1] === "" && match[2] === "")) return undefined;
  if (match[1] === "") {
    const suffix = Number(match[2]);
    return suffix === 0 ? "unsatisfiable" : [Math.max(0, size - suffix), size - 1];
  }
  const start = Number(match[1]);
  if (start >= size) return "unsatisfiable";
  const end = match[2] === "" ? size - 1 : Math.min(Number(match[2]), size - 1);
  return end < start ? undefined : [start, end];
}
