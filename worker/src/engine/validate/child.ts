/**
 * Runs an engine entry in a child process. Validation and fidelity load whole models into ORT;
 * in a child, that memory is returned to the system when the child exits instead of staying in
 * the worker's heap, and the child's own peak RSS measures what the model really needs.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const CHILD_TIMEOUT_MS = 10 * 60_000;

export interface JsonChildOptions {
  readonly signal?: AbortSignal;
  /** Added to this process's environment for the child. */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * Runs `entry` (TypeScript, under tsx as the worker itself runs) with `args` and returns its last
 * stdout line parsed as JSON. A failure throws an Error whose message is the end of the child's
 * stderr; an abort rethrows the abort error unchanged.
 */
export async function runJsonChild<T>(entry: URL, args: readonly string[], options: JsonChildOptions = {}): Promise<T> {
  const { signal, env } = options;
  try {
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", fileURLToPath(entry), ...args], {
      timeout: CHILD_TIMEOUT_MS,
      maxBuffer: 16 << 20,
      ...(signal ? { signal } : {}),
      ...(env ? { env: { ...process.env, ...env } } : {}),
    });
    return JSON.parse(stdout.trim().split("\n").at(-1)!) as T;
  } catch (error) {
    if (signal?.aborted) throw error;
    const stderr = (error as { stderr?: string }).stderr?.trim().split("\n").slice(-3).join(" ") ?? "";
    throw new Error(stderr || (error as Error).message);
  }
}
