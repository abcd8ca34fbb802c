import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadSidecar, saveSidecar, type SidecarIdentity } from "./download-sidecar.ts";

const identity: SidecarIdentity = { repoId: "o/m", revision: "a".repeat(40), path: "model.safetensors", size: 1000, contentId: "b".repeat(64) };

describe("download sidecar", () => {
  it("round-trips merged ranges and leaves no temporary file", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "sidecar-"));
    const file = path.join(dir, "x.incomplete.json");
    await saveSidecar(file, identity, [[0, 100], [100, 200], [500, 600]]);
    expect(await loadSidecar(file, identity)).toEqual([[0, 200], [500, 600]]);
    expect(await readdir(dir)).toEqual(["x.incomplete.json"]);
  });

  it("ignores a sidecar for other content, a torn one, and ranges beyond the file", async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), "sidecar-"));
    const file = path.join(dir, "x.incomplete.json");
    await saveSidecar(file, identity, [[0, 100]]);
    expect(await loadSidecar(file, { ...identity, contentId: "c".repeat(64) })).toEqual([]);
    expect(await loadSidecar(file, { ...identity, size: 999 })).toEqual([]);
    await writeFile(file, '{"version":1,"repoId":"o/m"');
    expect(await loadSidecar(file, identity)).toEqual([]);
    await writeFile(file, JSON.stringify({ version: 1, ...identity, done: [[0, 50], [900, 5000], ["x", 3]] }));
    expect(await loadSidecar(file, identity)).toEqual([[0, 50]]);
    expect(await loadSidecar(path.join(dir, "missing.json"), identity)).toEqual([]);
  });
});
