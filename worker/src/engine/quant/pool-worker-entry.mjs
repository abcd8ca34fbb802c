// Worker threads start without the tsx loader the main thread runs under (Node 20: "Unknown
// file extension .ts"), so this plain-JS entry registers tsx for itself and loads the TS worker.
import { tsImport } from "tsx/esm/api";

await tsImport("./pool-worker.ts", import.meta.url);
