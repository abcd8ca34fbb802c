import { describe, expect, it } from "vitest";
import { validAccessToken, validBatchSize, validFormat, validRepoId, validTopK } from "./validation.ts";

const code = (run: () => unknown) => {
  try {
    run();
    return "ok";
  } catch (error) {
    return `${(error as { code: string }).code}@${(error as { field: string }).field}`;
  }
};

describe("input rules (issue #2 §8)", () => {
  it("repo ids: owner/name, the seed's characters, at most 500 characters", () => {
    expect(validRepoId(" meta-llama/Llama-3.2-1B ", "r")).toBe("meta-llama/Llama-3.2-1B");
    expect(code(() => validRepoId("a/b/c", "r"))).toBe("BAD_USER_INPUT@r");
    expect(code(() => validRepoId("../etc", "r"))).toBe("BAD_USER_INPUT@r");
    expect(code(() => validRepoId("a/..", "r"))).toBe("BAD_USER_INPUT@r");
    expect(code(() => validRepoId(`a/${"b".repeat(498)}`, "r"))).toBe("ok");
    expect(code(() => validRepoId(`a/${"b".repeat(499)}`, "r"))).toBe("BAD_USER_INPUT@r");
  });

  it("tokens: hf_ and at least 20 letters or digits; the message never echoes the token", () => {
    expect(validAccessToken(`hf_${"a".repeat(20)}`, "t")).toBe(`hf_${"a".repeat(20)}`);
    expect(validAccessToken("", "t")).toBeUndefined();
    expect(code(() => validAccessToken(`hf_${"a".repeat(19)}`, "t"))).toBe("BAD_USER_INPUT@t");
    expect(code(() => validAccessToken(`hf_${"a".repeat(19)}!`, "t"))).toBe("BAD_USER_INPUT@t");
    try {
      validAccessToken("hf_secretvalue", "t");
    } catch (error) {
      expect((error as Error).message).not.toContain("secretvalue");
    }
  });

  it("formats case-insensitively; batch sizes powers of 2 in 1..512; top-k 10..1000", () => {
    expect(validFormat("q4", "f")).toBe("Q4");
    expect(validFormat("Fp16", "f")).toBe("FP16");
    expect(code(() => validFormat("Q3", "f"))).toBe("BAD_USER_INPUT@f");
    expect([1, 2, 64, 512].map((b) => code(() => validBatchSize(b, "b")))).toEqual(["ok", "ok", "ok", "ok"]);
    expect([0, 3, 48, 1024, 2.5].map((b) => code(() => validBatchSize(b, "b")))).toEqual(Array(5).fill("BAD_USER_INPUT@b"));
    expect([10, 1000].map((k) => code(() => validTopK(k, "k")))).toEqual(["ok", "ok"]);
    expect([9, 1001, 10.5].map((k) => code(() => validTopK(k, "k")))).toEqual(Array(3).fill("BAD_USER_INPUT@k"));
  });
});
