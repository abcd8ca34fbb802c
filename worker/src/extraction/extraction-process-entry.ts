/**
 * The extraction process (started by extraction-process.ts): waits for its options, runs the
 * extraction, reports progress and the outcome over the IPC channel, then exits.
 */
import { serializeFailure, type FromExtractionProcess, type ToExtractionProcess } from "./extraction-process.ts";
import { runExtraction } from "./run.ts";

// The worker is gone (killed, crashed): stop now rather than race the job's next attempt, which
// resumes from the last saved batch.
const orphaned = () => process.exit(1);
process.on("disconnect", orphaned);

const send = (message: FromExtractionProcess) =>
  new Promise<void>((resolve) => {
    if (!process.connected) return resolve();
    process.send!(message, () => resolve());
  });

const cancelled = new AbortController();

process.on("message", (message: ToExtractionProcess) => {
  if (message.type === "cancel") {
    cancelled.abort(new Error("Cancelled."));
    return;
  }
  void runExtraction({ ...message.options, signal: cancelled.signal, onProgress: (progress) => void send({ type: "progress", progress }) })
    .then(
      (result) => send({ type: "result", result }),
      (error: unknown) => send({ type: "failed", failure: serializeFailure(error) }),
    )
    .finally(() => {
      process.off("disconnect", orphaned);
      process.exit(0);
    });
});
