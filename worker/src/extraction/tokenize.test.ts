import { readFile, mkdtemp, rm, writeFile, copyFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadModelTokenizer, packBatch } from "./tokenize.ts";
import { readNpy } from "./npy.ts";
import { fixtureModelDir, referenceDir } from "../../../test/support/fixtures.ts";

async function referenceInputs(arch: "gpt2" | "llama") {
  const dir = referenceDir(arch, "plain");
  const inputs = JSON.parse(await readFile(path.join(dir, "inputs.json"), "utf8")) as { texts: string[] };
  const ids = await readNpy(path.join(dir, "input_ids.npy"));
  const mask = await readNpy(path.join(dir, "attention_mask.npy"));
  return { texts: inputs.texts, ids, mask };
}

describe("loadModelTokenizer", () => {
  it.each(["gpt2", "llama"] as const)("reproduces the %s reference input_ids and mask from the texts", async (arch) => {
    const { texts, ids, mask } = await referenceInputs(arch);
    const [rows, seq] = ids.shape;
    const tok = await loadModelTokenizer(fixtureModelDir(arch));
    const batch = packBatch(
      texts.map((t) => tok.encode(t, seq)),
      seq,
      tok.description.padTokenId,
    );
    expect(batch.rows).toBe(rows);
    expect(Array.from(batch.inputIds)).toEqual(Array.from(ids.data as BigInt64Array));
    expect(Array.from(batch.attentionMask)).toEqual(Array.from(mask.data as BigInt64Array));
  });

  it("adds BOS for llama (post-processor) and nothing for gpt2; pads with EOS when no pad token", async () => {
    const llama = await loadModelTokenizer(fixtureModelDir("llama"));
    expect(llama.description.prefixIds).toEqual([320]);
    expect(llama.description.padTokenId).toBe(321);
    expect(llama.description.padTokenSource).toBe("eos_token");
    const gpt2 = await loadModelTokenizer(fixtureModelDir("gpt2"));
    expect(gpt2.description.prefixIds).toEqual([]);
    expect(gpt2.description.padTokenId).toBe(320);
  });

  it("keeps BOS when truncating, as HF does", async () => {
    const llama = await loadModelTokenizer(fixtureModelDir("llama"));
    const ids = llama.encode("The quick brown fox jumps over the lazy dog", 4);
    expect(ids).toHaveLength(4);
    expect(ids[0]).toBe(320);
    expect(() => llama.encode("x", 1)).toThrow(/no room/);
  });

  it("reproduces the right- and left-padded reference layouts from truncated rows", async () => {
    for (const arch of ["gpt2", "llama"] as const) {
      const tok = await loadModelTokenizer(fixtureModelDir(arch));
      const { texts } = await referenceInputs(arch);
      for (const side of ["right", "left"] as const) {
        const dir = referenceDir(arch, side === "right" ? "right_padded" : "left_padded");
        const refIds = await readNpy(path.join(dir, "input_ids.npy"));
        const refMask = await readNpy(path.join(dir, "attention_mask.npy"));
        // The references keep the first [16, 11, 6] tokens of each plain row.
        const rows = texts.map((t, i) => tok.encode(t, 16).slice(0, [16, 11, 6][i]));
        const batch = packBatch(rows, 16, tok.description.padTokenId, side);
        expect(Array.from(batch.inputIds)).toEqual(Array.from(refIds.data as BigInt64Array));
        expect(Array.from(batch.attentionMask)).toEqual(Array.from(refMask.data as BigInt64Array));
        expect(batch.realTokens).toBe(33);
      }
    }
  });

  it("gives a coded error when tokenizer.json is missing or broken", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "tok-"));
    try {
      await expect(loadModelTokenizer(dir)).rejects.toMatchObject({ code: "INCOMPATIBLE" });
      await writeFile(path.join(dir, "tokenizer.json"), "{not json");
      await expect(loadModelTokenizer(dir)).rejects.toMatchObject({ code: "INCOMPATIBLE" });
      await copyFile(path.join(fixtureModelDir("gpt2"), "tokenizer.json"), path.join(dir, "tokenizer.json"));
      // no tokenizer_config.json, no config.json: nothing names a pad or EOS token
      await expect(loadModelTokenizer(dir)).rejects.toThrow(/no pad token/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
