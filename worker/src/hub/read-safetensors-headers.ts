/**
 * Hub operation: the tensor table of a safetensors checkpoint (single file or sharded index),
 * read with ranged requests only (the library fetches the 8-byte length, then the JSON header).
 */
import { parseSafetensorsMetadata, SafetensorParseError, type SafetensorsFileHeader, type TensorInfo as HeaderEntry } from "@huggingface/hub";
import { CodedError } from "../../../contracts/src/index.ts";
import type { HubAccess } from "./hub-access.ts";
import { createHubFetch } from "./hub-fetch.ts";

export interface HeaderTensor {
  readonly name: string;
  /** As the header spells it (F32, BF16, I8, …); the plan decides which ones it can convert. */
  readonly dtype: string;
  readonly shape: readonly number[];
  /** Shard (basename) holding the tensor. */
  readonly file: string;
  readonly byteLength: number;
}

/** `weightsPath`: `model.safetensors` or a `*.safetensors.index.json`. */
export async function readSafetensorsHeaders(params: {
  repoId: string;
  revision: string;
  weightsPath: string;
  access: HubAccess;
}): Promise<HeaderTensor[]> {
  let parsed;
  try {
    parsed = await parseSafetensorsMetadata({
      repo: { type: "model", name: params.repoId },
      path: params.weightsPath,
      revision: params.revision,
      hubUrl: params.access.hubUrl,
      fetch: createHubFetch(params.access, params.repoId),
    });
  } catch (error) {
    if (error instanceof SafetensorParseError) {
      throw new CodedError("INCOMPATIBLE", `The safetensors header of ${params.repoId} is malformed: ${error.message}`, "repoId");
    }
    throw error;
  }
  const byFile: Array<[string, SafetensorsFileHeader]> = parsed.sharded
    ? Object.entries(parsed.headers)
    : [[basename(params.weightsPath), parsed.header]];
  const tensors: HeaderTensor[] = [];
  for (const [file, header] of byFile) {
    const { __metadata__: _metadata, ...entries } = header;
    for (const [name, info] of Object.entries(entries) as Array<[string, HeaderEntry]>) {
      tensors.push({ name, dtype: info.dtype, shape: info.shape, file: basename(file), byteLength: info.data_offsets[1] - info.data_offsets[0] });
    }
  }
  return tensors;
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
