import { describe, expect, it } from "vitest";
import type { ResponseBody } from "./http1-connection.ts";
import { BatchPool, drainBody } from "./drain-body.ts";

/** A body driven by hand: `send` delivers bytes through a reused buffer, as a connection does. */
function fakeBody() {
  const reused = Buffer.alloc(64);
  let sink: { onBytes(bytes: Uint8Array): void; onEnd(error?: Error): void } | undefined;
  const state = { paused: false, pauses: 0, destroyed: false };
  const body: ResponseBody = {
    read: (onBytes, onEnd) => (sink = { onBytes, onEnd }),
    pause: () => {
      state.paused = true;
      state.pauses++;
    },
    resume: () => (state.paused = false),
    destroy: () => (state.destroyed = true),
    discard: () => undefined,
  };
  const send = (text: string) => {
    reused.write(text, "latin1");
    sink!.onBytes(reused.subarray(0, text.length));
    // The connection overwrites its buffer on the next read: copies must not see this.
    reused.fill("#");
  };
  return { body, send, end: (error?: Error) => sink!.onEnd(error), state };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("drainBody", () => {
  it("writes every byte in order in batches no larger than the pool's, copied out of the read buffer", async () => {
    const { body, send, end } = fakeBody();
    const writes: string[] = [];
    const done = drainBody(body, async (bytes) => void writes.push(bytes.toString("latin1")), { pool: new BatchPool(8) });
    send("abcdef");
    send("ghijklmnop");
    send("qr");
    end();
    await done;
    expect(writes.join("")).toBe("abcdefghijklmnopqr");
    expect(writes.every((write) => write.length <= 8)).toBe(true);
  });

  it("writes what arrived before the connection failed, then throws its error", async () => {
    const { body, send, end } = fakeBody();
    const writes: string[] = [];
    const done = drainBody(body, async (bytes) => void writes.push(bytes.toString("latin1")), { pool: new BatchPool(1024), maxBatchDelayMs: 1000 });
    send("partial bytes");
    end(new Error("connection reset"));
    await expect(done).rejects.toThrow("connection reset");
    expect(writes.join("")).toBe("partial bytes");
  });

  it("hands on a partial batch after maxBatchDelayMs on a slow link", async () => {
    const { body, send, end } = fakeBody();
    const writes: string[] = [];
    const done = drainBody(body, async (bytes) => void writes.push(bytes.toString("latin1")), { pool: new BatchPool(1024), maxBatchDelayMs: 10 });
    send("slow");
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(writes).toEqual(["slow"]);
    end();
    await done;
  });

  it("pauses the body while the writer is behind and resumes it once caught up; destroys it when a write fails", async () => {
    const { body, send, end, state } = fakeBody();
    let release: () => void = () => undefined;
    const done = drainBody(body, () => new Promise<void>((resolve) => (release = resolve)), { pool: new BatchPool(4), maxQueuedBytes: 8 });
    send("0123456789ab");
    expect(state.paused).toBe(true);
    await tick();
    release();
    await tick();
    release();
    await tick();
    expect(state.paused).toBe(false);
    release();
    end();
    await done;

    const failing = fakeBody();
    const failed = drainBody(failing.body, async () => Promise.reject(new Error("disk full")), { pool: new BatchPool(4) });
    failing.send("abcd");
    await expect(failed).rejects.toThrow("disk full");
    expect(failing.state.destroyed).toBe(true);
  });
});
