/**
 * The machine a CPU-bound bench ran on, for its header line. Figures from different CPUs are not
 * comparable (the same VM class has come up as an Intel Xeon and as an AMD EPYC, with different
 * ratios), so every quoted figure should travel with this line.
 */
import os from "node:os";

export function describeMachine(): string {
  const model = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  return `${os.availableParallelism()} cores (${model}), Node ${process.version}`;
}
