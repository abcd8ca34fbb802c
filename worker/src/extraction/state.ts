/**
 * The resume file of a running extraction, in its working folder. It is replaced atomically
 * (temp + rename) after every completed batch, AFTER that batch's rows were appended to every
 * .npy file: a killed worker restarts from the last recorded batch, cuts the files back to that
 * row count, and continues with the same batch size, so the output equals an uninterrupted run.
 */
import { readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import type { TapStatisticsState } from "./statistics.ts";

export const STATE_FILE = "extraction-state.json";
const STATE_VERSION = 1;

export interface BatchSizeChange {
  readonly atSample: number;
  readonly from: number;
  readonly to: number;
  readonly reason: string;
}

export interface ExtractionState {
  readonly version: typeof STATE_VERSION;
  /** Hash of everything that decides the output; a different one means start over. */
  readonly fingerprint: string;
  readonly samplesDone: number;
  readonly batchSize: number;
  readonly batchSizeChanges: BatchSizeChange[];
  /** Per output name. */
  readonly statistics: Record<string, TapStatisticsState>;
  readonly startedAt: string;
  /** Seconds spent running before this (re)start, for honest metrics. */
  readonly activeSeconds: number;
  readonly realTokens: number;
}

export async function loadState(workDir: string, fingerprint: string): Promise<ExtractionState | null> {
  try {
    const state = JSON.parse(await readFile(path.join(workDir, STATE_FILE), "utf8")) as ExtractionState;
    return state.version === STATE_VERSION && state.fingerprint === fingerprint ? state : null;
  } catch {
    return null;
  }
}

export async function saveState(workDir: string, state: ExtractionState): Promise<void> {
  const file = path.join(workDir, STATE_FILE);
  await writeFile(file + ".tmp", JSON.stringify(state));
  await rename(file + ".tmp", file);
}
