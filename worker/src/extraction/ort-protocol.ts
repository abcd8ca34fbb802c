/** Messages between the extraction and its inference thread (ort-thread.ts). */
export interface ThreadSetup {
  readonly entry: string;
  readonly graphPath: string;
  readonly outputNames: string[];
}

export type ThreadRequest =
  | { type: "run"; id: number; rows: number; sequenceLength: number; inputIds: BigInt64Array; attentionMask: BigInt64Array }
  | { type: "close" };

export type ThreadReply =
  | { type: "ready" }
  | { type: "result"; id: number; outputs: Record<string, { data: Float32Array | Uint16Array; dims: number[] }> }
  | { type: "failed"; id: number; message: string };
