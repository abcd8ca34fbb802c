/**
 * The working folder of an extraction (`tempDir/extraction_{id}.partial/`): a resumable state
 * and one .npy writer per output file. A state whose fingerprint matches and whose files hold
 * at least the recorded rows is continued; anything else is wiped and started over.
 */
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { isCodedError } from "../../../contracts/src/index.ts";
import type { PlannedFile } from "./layout.ts";
import { NpyWriter } from "./npy.ts";
import { loadState, type ExtractionState } from "./state.ts";

export const workDirFor = (outDir: string, tempDir: string) => path.join(tempDir, `${path.basename(outDir)}.partial`);

/** Removes what a failed or cancelled extraction left (its working folder); the job handler calls it on a final failure. */
export async function discardExtraction(outDir: string, tempDir: string): Promise<void> {
  await rm(workDirFor(outDir, tempDir), { recursive: true, force: true });
}

/** Opens every writer, resuming at `rowsDone` when a state was found; null when a file cannot be resumed. */
async function openWriters(workDir: string, files: PlannedFile[], rowsDone: number | null): Promise<Map<string, NpyWriter> | null> {
  const writers = new Map<string, NpyWriter>();
  try {
    for (const f of files) {
      const target = path.join(workDir, f.name);
      writers.set(f.name, rowsDone === null ? await NpyWriter.create(target, f.dtype, f.shape) : await NpyWriter.resume(target, f.dtype, f.shape, rowsDone));
    }
    return writers;
  } catch (error) {
    await Promise.all([...writers.values()].map((w) => w.suspend()));
    if (isCodedError(error) && error.code === "INTEGRITY") return null;
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw error;
  }
}

/** The state to continue from (null: a fresh start) and open writers positioned after its rows. */
export async function openWorkDir(
  workDir: string,
  files: PlannedFile[],
  fingerprint: string,
): Promise<{ state: ExtractionState | null; writers: Map<string, NpyWriter> }> {
  const state = await loadState(workDir, fingerprint);
  const resumed = state ? await openWriters(workDir, files, state.samplesDone) : null;
  if (state && resumed) return { state, writers: resumed };
  await rm(workDir, { recursive: true, force: true });
  await mkdir(workDir, { recursive: true });
  return { state: null, writers: (await openWriters(workDir, files, null))! };
}
