/**
 * The PyTorch peer of bench:extract (issue #5): `torch_hooks_peer.py` run by Debian's python3-torch
 * on OpenBLAS, the seed's forward-hooks approach on the same checkpoint. Install the peer with
 *
 *   apt-get install -y python3-torch libopenblas0-pthread
 *
 * (libopenblas0-pthread takes libblas.so.3 over from the reference BLAS through Debian's
 * alternatives; without it torch runs about 50× slower and the comparison means nothing.)
 */
import { execFile, execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const PYTHON = "/usr/bin/python3";
const SCRIPT = fileURLToPath(new URL("./torch_hooks_peer.py", import.meta.url));

/**
 * The peer's BLAS settings, set in its environment only.
 * - OPENBLAS_CORETYPE: OpenBLAS 0.3.21 does not know every CPU these VMs report (ORT.md, Gotchas 8:
 *   Prescott kernels, 5× slower sgemm), and the shell may export a weaker core (this environment
 *   sets Haswell: AVX2 kernels, half the AVX-512 sgemm rate here). SKYLAKEX is the AVX-512 core
 *   0.3.21 accepts by name; COOPERLAKE (ORT.md) prints "Core not found" and falls back to detection.
 * - OPENBLAS_NUM_THREADS and torch.set_num_threads: the caller's count (ORT's intraOpNumThreads).
 * - OMP_WAIT_POLICY=PASSIVE: idle OpenMP threads sleep instead of spinning against OpenBLAS's on
 *   two cores, as ORT's pool runs with spinning off.
 */
const blasEnv = (threads: number) => ({ OPENBLAS_CORETYPE: "SKYLAKEX", OPENBLAS_NUM_THREADS: String(threads), OMP_WAIT_POLICY: "PASSIVE" });

/**
 * Inherited settings of the same libraries and of glibc's malloc: dropped, so neither the caller's
 * shell nor the bench's own allocator settings change the peer unless asked (`allocatorEnv`).
 */
const replaced = ([name]: [string, string | undefined]) => /^(OPENBLAS|OMP|MALLOC)_/.test(name);

const peerEnv = (threads: number, allocatorEnv: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv => ({
  ...Object.fromEntries(Object.entries(process.env).filter((e) => !replaced(e))),
  ...blasEnv(threads),
  ...allocatorEnv,
});

/** The peer's BLAS environment, and the inherited settings it replaces. */
export function describePeerEnv(threads: number): string {
  const set = Object.entries(blasEnv(threads)).map(([name, value]) => `${name}=${value}`).join(" ");
  const dropped = Object.entries(process.env).filter(replaced).map(([name, value]) => `${name}=${value}`);
  return dropped.length ? `${set} (not passed on from this environment: ${dropped.join(" ")})` : set;
}

export function torchAvailable(): boolean {
  try {
    execFileSync(PYTHON, ["-c", "import torch"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

export interface TorchRun {
  readonly tokensPerSecond: number;
  readonly tokensPerCpuSecond: number;
  readonly firstBatchSeconds: number;
  /** Share of both cores other processes took during the timed batches. */
  readonly otherShare: number;
  /** The python process's peak so far (model load included), as the extraction's figure. */
  readonly peakRssBytes: number;
  readonly outputBytes: number;
}

export interface TorchPeerResult {
  readonly torch: string;
  readonly threads: number;
  /** What the process loaded: libblas.so.3's real path and, for OpenBLAS, its build and kernel set. */
  readonly blas: { readonly library: string | null; readonly openblas: string | null; readonly core: string | null; readonly threads: number | null };
  readonly loadSeconds: number;
  readonly runs: { readonly hooksAll: TorchRun; readonly hooksFirstHalf: TorchRun; readonly bare: TorchRun };
}

export interface TorchPeerOptions {
  readonly checkpointDir: string;
  /** Scratch directory for the peer's .npy files; it removes them after each run. */
  readonly outDir: string;
  readonly batch: number;
  readonly seq: number;
  /** Timed batches per hook run (one warm-up batch comes first). */
  readonly batches: number;
  readonly bareRuns: number;
  readonly firstHalfLayers: readonly number[];
  readonly threads: number;
  /** Where the peer writes row 0's FP32 logits (raw float32 [seq, vocab]) for the sanity check. */
  readonly logitsFile: string;
  /** glibc malloc settings for the peer; none by default (the seed's approach as it runs). */
  readonly allocatorEnv?: Readonly<Record<string, string>>;
}

export async function runTorchPeer(o: TorchPeerOptions): Promise<TorchPeerResult> {
  const args = [
    SCRIPT,
    ...["--checkpoint", o.checkpointDir, "--out", o.outDir, "--batch", String(o.batch), "--seq", String(o.seq)],
    ...["--batches", String(o.batches), "--bare-runs", String(o.bareRuns), "--first-half-layers", o.firstHalfLayers.join(",")],
    ...["--threads", String(o.threads), "--logits-out", o.logitsFile],
  ];
  const { stdout } = await promisify(execFile)(PYTHON, args, { env: peerEnv(o.threads, o.allocatorEnv), maxBuffer: 1 << 20 });
  return JSON.parse(stdout) as TorchPeerResult;
}
