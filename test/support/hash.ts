/** Hex sha256 of some bytes: the independent check of hashes the product computes or serves. */
import { createHash } from "node:crypto";

export const sha256Of = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");
