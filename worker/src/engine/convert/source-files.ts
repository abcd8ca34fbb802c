/** The raw checkpoint's side files: which travel into the variant, and sha256 of every source file. */
import { copyFile, readdir } from "node:fs/promises";
import path from "node:path";
import { sha256OfFile } from "../../files/file-hash.ts";

/** Files a variant needs beside the graph: the config and everything a tokenizer loader may read. */
const CARRIED_FILES = [
  "config.json",
  "generation_config.json",
  "tokenizer.json",
  "tokenizer_config.json",
  "special_tokens_map.json",
  "added_tokens.json",
  "vocab.json",
  "merges.txt",
  "tokenizer.model",
];

export async function copyCarriedFiles(rawDir: string, outDir: string): Promise<string[]> {
  const present = new Set(await readdir(rawDir));
  const copied = CARRIED_FILES.filter((name) => present.has(name));
  for (const name of copied) await copyFile(path.join(rawDir, name), path.join(outDir, name));
  return copied;
}

/** sha256 of the checkpoint and config files the conversion read (name → hex). */
export async function hashSourceFiles(rawDir: string, shardFiles: readonly string[]): Promise<Record<string, string>> {
  const present = new Set(await readdir(rawDir));
  const names = [...new Set([...shardFiles, "model.safetensors.index.json", "config.json"])].filter((n) => present.has(n)).sort();
  const hashes: Record<string, string> = {};
  for (const name of names) hashes[name] = (await sha256OfFile(path.join(rawDir, name))).digest("hex");
  return hashes;
}
