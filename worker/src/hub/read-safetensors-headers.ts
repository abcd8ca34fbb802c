/**
 * Hub operation: the tensor table of a safetensors checkpoint (single file or sharded index),
 * read with ranged requests only (the library fetches the 8-byte length, then the JSON header).
 * Each header is then validated by the engine's parser, the same one that reads local files.
 */
import { parseSafetensorsMetadata, SafetensorParseError, type SafetensorsFileHeader } from "@huggingface/hub";
import { CodedError, isCodedError } from "../../../contracts/src/index.ts";
import { describeHeader } from "../engine/safetensors/header.ts";
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
  const malformed = (error: Error) =>
    new CodedError("INCOMPATIBLE", `The safetensors header of ${params.repoId} is malformed: ${error.message}`, "repoId");
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
    if (error instanceof SafetensorParseError) throw malformed(error);
    throw error;
  }
  const byFile: Array<[string, SafetensorsFileHeader]> = parsed.sharded
    ? Object.entries(parsed.headers)
    : [[params.weightsPath, parsed.header]];
  return byFile.flatMap(([path, header]) => {
    const file = basename(path);
    try {
      return describeHeader(header, file).tensors.map(({ name, dtype, shape, begin, end }) => ({ name, dtype, shape, file, byteLength: end - begin }));
    } catch (error) {
      if (isCodedError(error)) throw malformed(error);
      throw error;
    }
  });
}

function basename(path: string): string {
  return path.slice(path.lastIndexOf("/") + 1);
}
