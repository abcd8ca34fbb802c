/**
 * One of bench:extract's own rows in a fresh process, started (by runRowInChild) the way the
 * worker starts an extraction process: with the allocator settings of
 * worker/src/extraction/allocator-env.ts. Usage: node --import tsx bench/lib/extract-child.ts
 * '<json task>'. Prints one JSON line: the row's figures and the process's CPU seconds.
 */
import { bareForward, cpuSeconds, extraction, type BareTask, type ExtractTask } from "./extract-rows.ts";

const task = JSON.parse(process.argv[2]) as BareTask | ExtractTask;
const figures = task.kind === "bare" ? await bareForward(task) : await extraction(task);
console.log(JSON.stringify({ figures, cpuSeconds: cpuSeconds() }));
