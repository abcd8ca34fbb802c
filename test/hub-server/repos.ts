/**
 * The repos the local Hub serves: fixture checkpoints under `mistudio-test/*` ids plus synthesized
 * cases (sharded, gated, private, pickle-only, encoder-only); dataset repos are in dataset-repos.ts.
 * Content ids are computed here, the way the Hub computes them: git blob sha1 for every file (of the LFS pointer for LFS files) and
 * sha256 of the content for LFS files.
 */
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { FIXTURE_ARCHS, fixtureModelDir, type FixtureArch } from "../support/fixtures.ts";
import { sha256Of } from "../support/hash.ts";
import { decodeSafetensors, encodeSafetensors } from "./safetensors-bytes.ts";

/** A file's bytes: in memory, or on disk (the 1 GB benchmark file is never loaded). */
export type FileSource = Buffer | { readonly filePath: string; readonly sha256?: string };

/** The Hub keeps models and datasets in separate namespaces; the same id can exist in both. */
export type HostedRepoType = "model" | "dataset";

/** Key of a repo in the server's map: its path on the Hub (`owner/name`, `datasets/owner/name`). */
export const repoKey = (type: HostedRepoType, id: string) => (type === "model" ? id : `datasets/${id}`);

export interface RepoSpec {
  readonly id: string;
  /** Default "model". */
  readonly type?: HostedRepoType;
  readonly files: Readonly<Record<string, FileSource>>;
  readonly gated?: "auto" | "manual";
  readonly private?: boolean;
}

export interface HostedFile {
  readonly path: string;
  readonly size: number;
  readonly lfs: boolean;
  /** LFS only. */
  readonly sha256?: string;
  /** Git blob sha1 (of the pointer, for LFS files): the tree's `oid`, the plain file's ETag. */
  readonly gitOid: string;
  readonly pointerSize?: number;
  readonly source: FileSource;
}

export interface HostedRepo {
  readonly id: string;
  readonly type: HostedRepoType;
  readonly sha: string;
  readonly gated: false | "auto" | "manual";
  readonly private: boolean;
  readonly files: ReadonlyMap<string, HostedFile>;
  readonly config?: Record<string, unknown>;
}

export const TEST_OWNER = "mistudio-test";
export const fixtureRepoId = (arch: FixtureArch) => `${TEST_OWNER}/tiny-${arch.replace("_", "-")}`;
export const SYNTHETIC_REPOS = {
  sharded: `${TEST_OWNER}/tiny-llama-sharded`,
  gated: `${TEST_OWNER}/tiny-llama-gated`,
  private: `${TEST_OWNER}/tiny-llama-private`,
  binOnly: `${TEST_OWNER}/pickle-only`,
  bert: `${TEST_OWNER}/tiny-bert`,
} as const;

/** Extensions the Hub's default .gitattributes sends to LFS; anything ≥ 10 MiB goes there too. */
const LFS_EXTENSIONS = /\.(safetensors|bin|pt|pth|ckpt|model|onnx|gguf|h5|msgpack|npy|parquet|arrow)$/;
const LFS_SIZE = 10 * 2 ** 20;

export const gitBlobSha1 = (content: Buffer) => createHash("sha1").update(`blob ${content.length}\0`).update(content).digest("hex");

async function sha256OfFile(filePath: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(filePath, { highWaterMark: 4 << 20 })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

async function hostFile(filePath: string, source: FileSource): Promise<HostedFile> {
  const size = Buffer.isBuffer(source) ? source.length : (await stat(source.filePath)).size;
  const lfs = LFS_EXTENSIONS.test(filePath) || size >= LFS_SIZE;
  if (!lfs) {
    const content = Buffer.isBuffer(source) ? source : await readFile(source.filePath);
    return { path: filePath, size, lfs, gitOid: gitBlobSha1(content), source };
  }
  const sha256 = Buffer.isBuffer(source) ? sha256Of(source) : (source.sha256 ?? (await sha256OfFile(source.filePath)));
  const pointer = Buffer.from(`version https://git-lfs.github.com/spec/v1\noid sha256:${sha256}\nsize ${size}\n`);
  return { path: filePath, size, lfs, sha256, gitOid: gitBlobSha1(pointer), pointerSize: pointer.length, source };
}

export async function hostRepo(spec: RepoSpec): Promise<HostedRepo> {
  const files = new Map<string, HostedFile>();
  for (const [filePath, source] of Object.entries(spec.files)) files.set(filePath, await hostFile(filePath, source));
  // A commit sha that changes whenever any content does, like git's.
  const type = spec.type ?? "model";
  const sha = createHash("sha1")
    .update(repoKey(type, spec.id))
    .update([...files.values()].map((file) => `${file.path}:${file.gitOid}`).sort().join("\n"))
    .digest("hex");
  const configSource = spec.files["config.json"];
  const config = Buffer.isBuffer(configSource) ? (JSON.parse(configSource.toString("utf8")) as Record<string, unknown>) : undefined;
  return { id: spec.id, type, sha, gated: spec.gated ?? false, private: spec.private ?? false, files, config };
}

async function fixtureFiles(arch: FixtureArch): Promise<Record<string, Buffer>> {
  const dir = fixtureModelDir(arch);
  const names = ["config.json", "generation_config.json", "model.safetensors", "special_tokens_map.json", "tokenizer.json", "tokenizer_config.json"];
  const files: Record<string, Buffer> = {};
  for (const name of names) files[name] = await readFile(path.join(dir, name));
  return files;
}

/** The llama fixture's tensors split over two shards, with the index transformers writes. */
function shardCheckpoint(checkpoint: Buffer): Record<string, Buffer> {
  const tensors = decodeSafetensors(checkpoint);
  const half = Math.ceil(tensors.length / 2);
  const shards = [tensors.slice(0, half), tensors.slice(half)];
  const names = shards.map((_, i) => `model-0000${i + 1}-of-00002.safetensors`);
  const weightMap: Record<string, string> = {};
  shards.forEach((shard, i) => shard.forEach((tensor) => (weightMap[tensor.name] = names[i])));
  const totalSize = tensors.reduce((sum, tensor) => sum + tensor.data.length, 0);
  return {
    [names[0]]: encodeSafetensors(shards[0]),
    [names[1]]: encodeSafetensors(shards[1]),
    "model.safetensors.index.json": Buffer.from(JSON.stringify({ metadata: { total_size: totalSize }, weight_map: weightMap }, null, 2)),
  };
}

/** A small BERT-shaped checkpoint: a real encoder's config and tensor names, random F32 values. */
function bertFiles(): Record<string, Buffer> {
  const hidden = 32;
  const f32 = (...shape: number[]) => {
    const data = Buffer.alloc(shape.reduce((a, b) => a * b, 1) * 4);
    for (let i = 0; i < data.length / 4; i++) data.writeFloatLE(Math.sin(i) / 10, i * 4);
    return { dtype: "F32", shape, data };
  };
  const tensors = [
    { name: "bert.embeddings.word_embeddings.weight", ...f32(100, hidden) },
    { name: "bert.embeddings.position_embeddings.weight", ...f32(64, hidden) },
    { name: "bert.embeddings.LayerNorm.weight", ...f32(hidden) },
    { name: "bert.encoder.layer.0.attention.self.query.weight", ...f32(hidden, hidden) },
    { name: "bert.encoder.layer.0.attention.self.query.bias", ...f32(hidden) },
    { name: "bert.encoder.layer.0.intermediate.dense.weight", ...f32(64, hidden) },
  ];
  const config = {
    architectures: ["BertForMaskedLM"],
    model_type: "bert",
    hidden_size: hidden,
    num_attention_heads: 4,
    num_hidden_layers: 1,
    intermediate_size: 64,
    vocab_size: 100,
    max_position_embeddings: 64,
    hidden_act: "gelu",
  };
  return { "config.json": Buffer.from(JSON.stringify(config, null, 2)), "model.safetensors": encodeSafetensors(tensors) };
}

/** Every default model repo: one per fixture architecture plus the synthesized cases (datasets: dataset-repos.ts). */
export async function defaultRepoSpecs(): Promise<RepoSpec[]> {
  const specs: RepoSpec[] = [];
  for (const arch of FIXTURE_ARCHS) specs.push({ id: fixtureRepoId(arch), files: await fixtureFiles(arch) });
  const llama = await fixtureFiles("llama");
  const { "model.safetensors": llamaWeights, ...llamaCompanions } = llama;
  specs.push({ id: SYNTHETIC_REPOS.sharded, files: { ...llamaCompanions, ...shardCheckpoint(llamaWeights) } });
  specs.push({ id: SYNTHETIC_REPOS.gated, files: llama, gated: "manual" });
  specs.push({ id: SYNTHETIC_REPOS.private, files: llama, private: true });
  const gpt2 = await fixtureFiles("gpt2");
  specs.push({
    id: SYNTHETIC_REPOS.binOnly,
    files: { "config.json": gpt2["config.json"], "tokenizer.json": gpt2["tokenizer.json"], "pytorch_model.bin": Buffer.from("PK\x03\x04 not really a pickle") },
  });
  specs.push({ id: SYNTHETIC_REPOS.bert, files: bertFiles() });
  return specs;
}
