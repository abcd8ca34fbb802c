/**
 * A worker process. Run several (on several hosts) to scale; a job whose worker dies is taken
 * over by another after its lock expires (BullMQ stalled-job check).
 */
import { loadConfig } from "../../server/src/config.ts";
import { startWorkerRuntime } from "./runtime/start.ts";

async function main(): Promise<void> {
  const runtime = await startWorkerRuntime(loadConfig());
  const stop = async (signal: NodeJS.Signals) => {
    // close() lets running jobs finish; a second signal exits at once (their locks then expire).
    process.once(signal, () => process.exit(1));
    await runtime.close();
    process.exit(0);
  };
  process.once("SIGTERM", () => void stop("SIGTERM"));
  process.once("SIGINT", () => void stop("SIGINT"));
}

main().catch((error: Error) => {
  console.error(error.message);
  process.exit(1);
});
