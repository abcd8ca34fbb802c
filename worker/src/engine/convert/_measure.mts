import { mkdtemp, rm, mkdir, writeFile, copyFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { convertCheckpoint } from "./convert.ts";
import { fixtureModelDir, FIXTURE_ARCHS } from "../../../../test/support/fixtures.ts";
import { createQuantPool } from "../quant/pool.ts";
import { QUANTIZATION_FORMATS } from "../../../../contracts/src/index.ts";
const mode = process.argv[2];
const work = await mkdtemp(path.join(os.tmpdir(), "measure-"));
if (mode === "fixtures") {
  const pool = createQuantPool(2);
  for (const arch of FIXTURE_ARCHS) {
    const row: string[] = [];
    for (const format of QUANTIZATION_FORMATS) {
      const r = await convertCheckpoint({ rawDir: fixtureModelDir(arch), outDir: path.join(work, `${arch}_${format}`), format, tempDir: path.join(work, "t"), pool });
      const worst = r.fidelity ? Math.max(...r.fidelity.entries.map((e) => e.relativeError)) : 0;
      row.push(`${format} ${r.seconds.toFixed(2)}s ${r.bitsPerWeight.toFixed(2)}b/w relErr≤${worst.toExponential(1)}`);
    }
    console.log(arch.padEnd(9), row.join(" | "));
  }
  await pool.close();
} else {
  // random bf16 checkpoint: gpt2-small shape or tinyllama shape
  const { writeSafetensors } = await import("../safetensors/index.ts");
  const raw = path.join(work, "raw");
  await mkdir(raw);
  const tiny = mode === "tinyllama";
  const cfg = tiny
    ? { model_type: "llama", architectures: ["LlamaForCausalLM"], hidden_size: 2048, intermediate_size: 5632, num_attention_heads: 32, num_key_value_heads: 4, num_hidden_layers: 22, vocab_size: 32000, max_position_embeddings: 2048, rms_norm_eps: 1e-5, rope_theta: 10000, hidden_act: "silu", tie_word_embeddings: false }
    : { model_type: "gpt2", architectures: ["GPT2LMHeadModel"], n_embd: 768, n_head: 12, n_layer: 12, n_positions: 1024, vocab_size: 50257, activation_function: "gelu_new", layer_norm_epsilon: 1e-5 };
  await writeFile(path.join(raw, "config.json"), JSON.stringify(cfg));
  const t: Array<{ name: string; shape: number[] }> = [];
  if (tiny) {
    const H = 2048, I = 5632, KV = 256;
    t.push({ name: "model.embed_tokens.weight", shape: [32000, H] }, { name: "lm_head.weight", shape: [32000, H] }, { name: "model.norm.weight", shape: [H] });
    for (let l = 0; l < 22; l++) {
      const p = `model.layers.${l}`;
      t.push({ name: `${p}.input_layernorm.weight`, shape: [H] }, { name: `${p}.post_attention_layernorm.weight`, shape: [H] },
        { name: `${p}.self_attn.q_proj.weight`, shape: [H, H] }, { name: `${p}.self_attn.k_proj.weight`, shape: [KV, H] }, { name: `${p}.self_attn.v_proj.weight`, shape: [KV, H] },
        { name: `${p}.self_attn.o_proj.weight`, shape: [H, H] }, { name: `${p}.mlp.gate_proj.weight`, shape: [I, H] }, { name: `${p}.mlp.up_proj.weight`, shape: [I, H] }, { name: `${p}.mlp.down_proj.weight`, shape: [H, I] });
    }
  } else {
    const H = 768;
    t.push({ name: "transformer.wte.weight", shape: [50257, H] }, { name: "transformer.wpe.weight", shape: [1024, H] }, { name: "transformer.ln_f.weight", shape: [H] }, { name: "transformer.ln_f.bias", shape: [H] });
    for (let l = 0; l < 12; l++) {
      const p = `transformer.h.${l}`;
      for (const n of ["ln_1", "ln_2"]) t.push({ name: `${p}.${n}.weight`, shape: [H] }, { name: `${p}.${n}.bias`, shape: [H] });
      t.push({ name: `${p}.attn.c_attn.weight`, shape: [H, 3 * H] }, { name: `${p}.attn.c_attn.bias`, shape: [3 * H] }, { name: `${p}.attn.c_proj.weight`, shape: [H, H] }, { name: `${p}.attn.c_proj.bias`, shape: [H] },
        { name: `${p}.mlp.c_fc.weight`, shape: [H, 4 * H] }, { name: `${p}.mlp.c_fc.bias`, shape: [4 * H] }, { name: `${p}.mlp.c_proj.weight`, shape: [4 * H, H] }, { name: `${p}.mlp.c_proj.bias`, shape: [H] });
    }
  }
  let seed = 1;
  const chunk = (count: number) => { const u = new Uint16Array(count); for (let i = 0; i < count; i++) { seed = (seed * 1103515245 + 12345) >>> 0; const f = new Float32Array([((seed >>> 8) / 16777216 - 0.5) * 0.04]); u[i] = new Uint16Array(f.buffer)[1]!; } return new Uint8Array(u.buffer); };
  const block = chunk(1 << 20);
  await writeSafetensors(path.join(raw, "model.safetensors"), t.map((x) => ({ name: x.name, dtype: "BF16" as const, shape: x.shape, chunks: function* () { let left = x.shape.reduce((a, b) => a * b, 1) * 2; while (left > 0) { const n = Math.min(left, block.length); yield block.subarray(0, n); left -= n; } } })));
  const fmt = (process.argv[3] ?? "Q4") as "Q4";
  const t0 = performance.now();
  const { createReadStream } = await import("node:fs");
  let bytes = 0;
  for await (const c of createReadStream(path.join(raw, "model.safetensors"), { highWaterMark: 8 << 20 })) bytes += (c as Buffer).length;
  console.log("read once", ((performance.now() - t0) / 1000).toFixed(2), "s", (bytes / 1e6).toFixed(0), "MB");
  const r = await convertCheckpoint({ rawDir: raw, outDir: path.join(work, "out"), format: fmt, tempDir: path.join(work, "t"), measureFidelity: process.argv[4] !== "nofid" });
  console.log(mode, fmt, "seconds", r.seconds.toFixed(2), "disk MB", (r.diskBytes / 1e6).toFixed(1), "bits/w", r.bitsPerWeight.toFixed(2), "validation", JSON.stringify(r.validation), "maxRSS MB", (process.resourceUsage().maxRSS / 1024).toFixed(0));
}
await rm(work, { recursive: true, force: true });
