/**
 * Runs one downloadRepoFiles in its own process so a test (or the benchmark) can kill it with
 * SIGKILL mid-download. Options come as JSON in argv[2]; the token, if any, only via HF_TOKEN.
 * Prints one JSON line per progress event, then {"done": result} or {"error": code}.
 */
import { downloadRepoFiles, type DownloadRepoFilesOptions } from "../../worker/src/hub/download-repo-files.ts";

const options = JSON.parse(process.argv[2]) as DownloadRepoFilesOptions;
try {
  const result = await downloadRepoFiles({ ...options, onProgress: (progress) => console.log(JSON.stringify({ progress })) });
  console.log(JSON.stringify({ done: result }));
} catch (error) {
  console.log(JSON.stringify({ error: (error as { code?: string }).code ?? String(error) }));
  process.exitCode = 1;
}
