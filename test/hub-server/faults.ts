/**
 * Fault injection for the local Hub. A rule matches requests by repo and file path and applies to
 * the next `times` matching responses (default 1; throttle defaults to every response). Rules fire
 * in the order they were added: a response takes the oldest pending rule that matches it (a
 * throttle applies alongside), so "drop, then fail 50 times" happens in that order.
 */
export type FaultKind =
  /** Answer with this status instead of the content (5xx, 429 with Retry-After). */
  | { readonly kind: "fail"; readonly status: number; readonly retryAfterSeconds?: number }
  /** Send `afterBytes` bytes of the body, then close the connection. */
  | { readonly kind: "drop"; readonly afterBytes: number }
  /** Send `afterBytes` bytes, then nothing for `ms` (default: until the client gives up). */
  | { readonly kind: "stall"; readonly afterBytes: number; readonly ms?: number }
  /** Flip the byte at this file offset in the bytes sent. */
  | { readonly kind: "corrupt"; readonly offset: number }
  /** Limit this response to so many bytes per second. */
  | { readonly kind: "throttle"; readonly bytesPerSecond: number };

export type FaultRule = FaultKind & {
  readonly repoId?: string;
  /** File path inside the repo; a RegExp tests it. Absent: every file. */
  readonly path?: string | RegExp;
  /** Also apply to API routes (model info, tree), for "fail" rules. Default: file content only. */
  readonly api?: boolean;
  readonly times?: number;
};

export interface ResponseFaults {
  readonly fail?: Extract<FaultKind, { kind: "fail" }>;
  readonly dropAfter?: number;
  readonly stall?: { readonly afterBytes: number; readonly ms?: number };
  readonly corruptOffsets: readonly number[];
  readonly bytesPerSecond?: number;
}

export interface FaultTarget {
  readonly repoId: string;
  readonly path: string;
  readonly api: boolean;
  /** Inclusive byte range of the file this response carries. */
  readonly range?: readonly [number, number];
}

interface ActiveRule {
  readonly rule: FaultRule;
  remaining: number;
}

export class Faults {
  #rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    this.#rules.push({ rule, remaining: rule.times ?? (rule.kind === "throttle" ? Infinity : 1) });
  }

  clear(): void {
    this.#rules = [];
  }

  /** Rules not yet used up (lets a test check that an injected fault really fired). */
  pending(): number {
    return this.#rules.filter((active) => active.remaining > 0).length;
  }

  /** Consumes the rules that apply to one response. */
  take(target: FaultTarget): ResponseFaults {
    const matching = this.#rules.filter(({ rule, remaining }) => remaining > 0 && matches(rule, target));
    const throttle = matching.find(({ rule }) => rule.kind === "throttle")?.rule;
    const bytesPerSecond = throttle?.kind === "throttle" ? throttle.bytesPerSecond : undefined;
    const first = matching.find(({ rule }) => rule.kind !== "throttle");
    if (first === undefined) return { corruptOffsets: [], bytesPerSecond };
    first.remaining--;
    const rule = first.rule;
    switch (rule.kind) {
      case "fail":
        return { fail: rule, corruptOffsets: [] };
      case "drop":
        return { dropAfter: rule.afterBytes, corruptOffsets: [], bytesPerSecond };
      case "stall":
        return { stall: { afterBytes: rule.afterBytes, ms: rule.ms }, corruptOffsets: [], bytesPerSecond };
      case "corrupt":
        return { corruptOffsets: [rule.offset], bytesPerSecond };
      default:
        return { corruptOffsets: [], bytesPerSecond };
    }
  }
}

function matches(rule: FaultRule, target: FaultTarget): boolean {
  if (target.api && !(rule.api && rule.kind === "fail")) return false;
  // A corruption is used up only by a response that carries its byte (parts run in parallel).
  if (rule.kind === "corrupt" && (target.range === undefined || rule.offset < target.range[0] || rule.offset > target.range[1])) return false;
  if (rule.repoId !== undefined && rule.repoId !== target.repoId) return false;
  if (rule.path === undefined) return true;
  return typeof rule.path === "string" ? rule.path === target.path : rule.path.test(target.path);
}
