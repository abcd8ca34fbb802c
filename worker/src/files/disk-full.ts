/**
 * A full disk (or quota) is not worth retrying: the job stops at once with INSUFFICIENT_STORAGE
 * (a permanent code) instead of burning its attempts on the same error. What happens to the
 * partial output is the job's call, said in the message: a download keeps its bytes to resume,
 * an extraction removes its working folder to give the space back.
 */
import { CodedError } from "../../../contracts/src/index.ts";

export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOSPC" || code === "EDQUOT";
}

/** `outcome`: what the job did about it, e.g. "the download stopped; the bytes already fetched are kept". */
export function diskFullError(outcome: string): CodedError {
  return new CodedError("INSUFFICIENT_STORAGE", `The disk is full: ${outcome}.`);
}
