/**
 * Runs the local Hub in its own process (benchmarks: the server must not share the client's event
 * loop; other tools can point HF_ENDPOINT at it). Optional argv[2]: JSON `{ "extraRepos": [{ "id",
 * "files": { "<path>": { "filePath", "sha256"? } } }] }`. Prints one JSON line `{ url, cdnUrl }`,
 * then serves until stdin closes or SIGTERM.
 */
import { startHubServer } from "./server.ts";
import type { RepoSpec } from "./repos.ts";

const config = (process.argv[2] ? JSON.parse(process.argv[2]) : {}) as { extraRepos?: RepoSpec[] };
const server = await startHubServer({ extraRepos: config.extraRepos ?? [] });
console.log(JSON.stringify({ url: server.url, cdnUrl: server.cdnUrl }));
const stop = () => void server.close().then(() => process.exit(0));
process.stdin.on("end", stop);
process.stdin.resume();
process.on("SIGTERM", stop);
