/**
 * The inference thread: owns the one ORT session of an extraction. onnxruntime-node's
 * `session.run` computes on the calling JS thread, so running it here keeps the worker's event
 * loop free for tokenizing the next batch, writing the previous one, progress, and BullMQ's
 * lock renewal.
 */
import { parentPort, workerData } from "node:worker_threads";
import * as ort from "onnxruntime-node";
import type { ThreadReply, ThreadRequest, ThreadSetup } from "./ort-protocol.ts";
import { SESSION_OPTIONS } from "./session-options.ts";

const setup = workerData as ThreadSetup;
const port = parentPort!;
const post = (reply: ThreadReply, transfer: ArrayBuffer[] = []) => port.postMessage(reply, transfer);

let session: ort.InferenceSession;
try {
  session = await ort.InferenceSession.create(setup.graphPath, SESSION_OPTIONS);
  post({ type: "ready" });
} catch (error) {
  post({ type: "failed", id: -1, message: (error as Error).message });
  process.exit(0);
}

port.on("message", async (request: ThreadRequest) => {
  if (request.type === "close") {
    await session.release();
    port.close();
    return;
  }
  try {
    const dims = [request.rows, request.sequenceLength];
    const results = await session.run(
      {
        input_ids: new ort.Tensor("int64", request.inputIds, dims),
        attention_mask: new ort.Tensor("int64", request.attentionMask, dims),
      },
      setup.outputNames,
    );
    const outputs: Record<string, { data: Float32Array | Uint16Array; dims: number[] }> = {};
    const transfer: ArrayBuffer[] = [];
    for (const name of setup.outputNames) {
      const tensor = results[name];
      const data = tensor.data as Float32Array | Uint16Array;
      // onnxruntime-node hands each output in its own ArrayBuffer: move it to the main thread
      // instead of copying (a batch of all taps is hundreds of MB). Copy only a shared buffer.
      const owned = data.byteOffset === 0 && data.buffer.byteLength === data.byteLength && !transfer.includes(data.buffer as ArrayBuffer);
      const moved = owned ? data : data.slice();
      outputs[name] = { data: moved, dims: [...tensor.dims] };
      transfer.push(moved.buffer as ArrayBuffer);
    }
    post({ type: "result", id: request.id, outputs }, transfer);
  } catch (error) {
    post({ type: "failed", id: request.id, message: (error as Error).message });
  }
});
