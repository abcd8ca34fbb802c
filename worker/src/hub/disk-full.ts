/** A full disk (or quota) is not worth retrying: the job stops at once and keeps its partial bytes. */
import { CodedError } from "../../../contracts/src/index.ts";

export function isDiskFull(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === "ENOSPC" || code === "EDQUOT";
}

export function diskFullError(): CodedError {
  return new CodedError(
    "INSUFFICIENT_STORAGE",
    "The disk is full: the download stopped. The bytes already fetched are kept; free space and retry to resume.",
  );
}
