/**
 * Compiles every WebAssembly text file (.wat) under worker/src to the .wasm beside it, which is
 * what the worker loads (no compiler at run time). `--check` exits 1 when a checked-in .wasm is
 * not what its .wat compiles to (CI), without writing.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import wabtFactory from "wabt";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const sourceDir = path.join(root, "worker", "src");
const check = process.argv.includes("--check");

const wabt = await wabtFactory();
const sources = (await readdir(sourceDir, { recursive: true })).filter((f) => f.endsWith(".wat")).sort();
let stale = 0;
for (const source of sources) {
  const watFile = path.join(sourceDir, source);
  const wasmFile = watFile.replace(/\.wat$/, ".wasm");
  const parsed = wabt.parseWat(source, await readFile(watFile, "utf8"), { simd: true });
  parsed.validate();
  const binary = Buffer.from(parsed.toBinary({}).buffer);
  parsed.destroy();
  const relative = path.relative(root, wasmFile);
  if (check) {
    const current = await readFile(wasmFile).catch(() => Buffer.alloc(0));
    if (!current.equals(binary)) {
      console.error(`${relative} is stale: run \`npm run build:wasm\` and commit it.`);
      stale++;
    }
  } else {
    await writeFile(wasmFile, binary);
    console.log(`wrote ${relative} (${binary.length} bytes)`);
  }
}
if (check && stale > 0) process.exit(1);
if (check) console.log(`${sources.length} .wasm file(s) current`);
