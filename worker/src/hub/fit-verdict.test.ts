import { describe, expect, it } from "vitest";
import { DEFAULT_DEVICE_BUDGET_BYTES, fitVerdict, LOW_DISK_WARNING_BYTES, storageVerdict } from "./fit-verdict.ts";

const GiB = 2 ** 30;

describe("fit and storage verdicts", () => {
  it("grades memory against the default 6 GiB budget: GREEN < 4, YELLOW 4–6, RED > 6", () => {
    expect(DEFAULT_DEVICE_BUDGET_BYTES).toBe(6 * GiB);
    expect(fitVerdict(4 * GiB - 1, DEFAULT_DEVICE_BUDGET_BYTES)).toBe("GREEN");
    expect(fitVerdict(4 * GiB, DEFAULT_DEVICE_BUDGET_BYTES)).toBe("YELLOW");
    expect(fitVerdict(6 * GiB, DEFAULT_DEVICE_BUDGET_BYTES)).toBe("YELLOW");
    expect(fitVerdict(6 * GiB + 1, DEFAULT_DEVICE_BUDGET_BYTES)).toBe("RED");
    expect(fitVerdict(3 * GiB, 3 * GiB)).toBe("YELLOW");
  });

  it("storage: INSUFFICIENT below the need, LOW under 10 GiB free, else OK", () => {
    expect(storageVerdict(99, 100)).toBe("INSUFFICIENT");
    expect(storageVerdict(LOW_DISK_WARNING_BYTES - 1, 100)).toBe("LOW");
    expect(storageVerdict(LOW_DISK_WARNING_BYTES, 100)).toBe("OK");
  });
});
