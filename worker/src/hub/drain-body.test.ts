import { describe, expect, it } from "vitest";
import type { ResponseBody } from "./http1-connection.ts";
import { drainBody } from "./drain-body.ts";

/** A body driven by hand: `send` delivers bytes through a reused buffer, as a connection does. */
function fakeBody() {
  const reused = Buffer.alloc(64);
  let sink: { onBytes(bytes: Uint8Array): void; onEnd(error?: Error): void } | undefined;
  const state = { destroyed: false };
  const body: ResponseBody = {
    read: (onBytes, onEnd) => (sink = { onBytes, onEnd }),
    destroy: () => {
      state.destroyed = true;
      // As the connection does: a destroyed body ends with an error.
      sink!.onEnd(new Error("connection closed"));
    },
    discard: () => undefined,
  };
  const send = (text: string) => {
    reused.write(text, "latin1");
    sink!.onBytes(reused.subarray(0, text.length));
    // The connection overwrites its buffer on the next read: anything kept must have been copied.
    reused.fill("#");
  };
  return { body, send, end: (error?: Error) => sink!.onEnd(error), state };
}

/** A writer that records each write as text, at the moment it is made. */
function recordingWriter() {
  const writes: string[] = [];
  return { writes, write: (bytes: Uint8Array) => void writes.push(Buffer.from(bytes).toString("latin1")) };
}

describe("drainBody", () => {
  it("writes every byte in order: large reads as they come, small ones gathered into batches of at most batchBytes", async () => {
    const { body, send, end } = fakeBody();
    const { writes, write } = recordingWriter();
    const done = drainBody(body, write, { batchBytes: 8, maxBatchDelayMs: 1000 });
    send("abcdef"); // ≥ half a batch, batch empty: written straight away
    expect(writes).toEqual(["abcdef"]);
    send("gh");
    send("ij");
    expect(writes).toEqual(["abcdef"]); // small reads wait for more
    send("klmnopq"); // tops up the batch to 8 (written), then the small rest waits
    expect(writes).toEqual(["abcdef", "ghijklmn"]);
    send("rs");
    send("tuvwx"); // tops up with "tuv", then "wx" (under half a batch) waits
    expect(writes).toEqual(["abcdef", "ghijklmn", "opqrstuv"]);
    end();
    await done;
    expect(writes).toEqual(["abcdef", "ghijklmn", "opqrstuv", "wx"]);
  });

  it("writes what arrived before the connection failed, then rejects with its error", async () => {
    const { body, send, end } = fakeBody();
    const { writes, write } = recordingWriter();
    const done = drainBody(body, write, { batchBytes: 1024, maxBatchDelayMs: 1000 });
    send("partial bytes");
    end(new Error("connection reset"));
    await expect(done).rejects.toThrow("connection reset");
    expect(writes.join("")).toBe("partial bytes");
  });

  it("writes a partial batch after maxBatchDelayMs on a slow link", async () => {
    const { body, send, end } = fakeBody();
    const { writes, write } = recordingWriter();
    const done = drainBody(body, write, { batchBytes: 1024, maxBatchDelayMs: 10 });
    send("slow");
    expect(writes).toEqual([]);
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(writes).toEqual(["slow"]);
    end();
    await done;
    expect(writes).toEqual(["slow"]);
  });

  it("closes the connection and rejects with the write's error when a write fails, writing nothing after it", async () => {
    const { body, send, state } = fakeBody();
    let calls = 0;
    const done = drainBody(
      body,
      () => {
        calls++;
        throw Object.assign(new Error("no space left on device"), { code: "ENOSPC" });
      },
      { batchBytes: 8 },
    );
    send("abcdefgh");
    await expect(done).rejects.toThrow("no space left on device");
    expect(state.destroyed).toBe(true);
    expect(calls).toBe(1);
  });
});
