/**
 * The handler registry: the type requires exactly one handler per job name, and `assertComplete`
 * repeats the check at run time so a worker built from a stale registry refuses to start.
 */
import { JOB_QUEUE, type JobName } from "../../../contracts/src/index.ts";
import type { JobContext } from "./context.ts";

export type Entity = "model" | "extraction" | "dataset";

export interface JobHandler<N extends JobName> {
  /** The row whose status the runtime sets when the job fails for good or is cancelled. */
  entity: Entity;
  entityId(data: JobContext<N>["data"]): string;
  run(ctx: JobContext<N>): Promise<void>;
}

export type HandlerRegistry = { readonly [N in JobName]: JobHandler<N> };

export function assertComplete(registry: Record<string, unknown>): void {
  const expected = Object.keys(JOB_QUEUE).sort();
  const present = Object.keys(registry).sort();
  const missing = expected.filter((name) => !present.includes(name));
  const unknown = present.filter((name) => !expected.includes(name));
  if (missing.length || unknown.length) {
    throw new Error(`Job handler registry is out of date: missing [${missing.join(", ")}], unknown [${unknown.join(", ")}]`);
  }
}
