/**
 * Accumulates nodes and initializers for one graph. Nodes are named like paths
 * (`/model/layers.3/attn/q_proj/MatMul`) and their outputs `<node>/output_<k>`, so a name in an
 * ORT profile or error points straight at the part of the model it came from. Constants are
 * deduplicated by value, so the same shape or scalar used in every layer is stored once.
 */
import { createHash } from "node:crypto";
import {
  DataType,
  type AttributeValue,
  type DataTypeCode,
  type GraphProto,
  type NodeProto,
  type TensorProto,
  type ValueInfoProto,
} from "../onnx/model.ts";

export const MS_DOMAIN = "com.microsoft";

export type Attributes = Readonly<Record<string, AttributeValue>>;

export const int = (value: number): AttributeValue => ({ kind: "int", value });
export const float = (value: number): AttributeValue => ({ kind: "float", value });
export const ints = (value: readonly number[]): AttributeValue => ({ kind: "ints", value });
export const str = (value: string): AttributeValue => ({ kind: "string", value });

export interface NodeOptions {
  readonly attributes?: Attributes;
  readonly domain?: string;
  /** Number of outputs (default 1). */
  readonly outputs?: number;
}

export class GraphBuilder {
  private readonly nodes: NodeProto[] = [];
  private readonly initializers: TensorProto[] = [];
  private readonly names = new Set<string>();
  private readonly constants = new Map<string, string>();

  /** Adds a node named `path` and returns its output names. */
  nodeOutputs(path: string, opType: string, inputs: readonly string[], options: NodeOptions = {}): string[] {
    if (this.names.has(path)) throw new Error(`graph node ${path} defined twice`);
    this.names.add(path);
    const outputs = Array.from({ length: options.outputs ?? 1 }, (_, k) => `${path}/output_${k}`);
    this.nodes.push({ name: path, opType, domain: options.domain ?? "", inputs, outputs, attributes: options.attributes ?? {} });
    return outputs;
  }

  /** Adds a single-output node and returns its output name. */
  node(path: string, opType: string, inputs: readonly string[], options: Omit<NodeOptions, "outputs"> = {}): string {
    return this.nodeOutputs(path, opType, inputs, options)[0]!;
  }

  /** Renames a value to a graph output name with an Identity (taps keep their path names inside). */
  alias(name: string, value: string): string {
    this.nodes.push({ name: `/outputs/${name}`, opType: "Identity", domain: "", inputs: [value], outputs: [name], attributes: {} });
    return name;
  }

  initializer(tensor: TensorProto): string {
    if (this.names.has(tensor.name)) throw new Error(`initializer ${tensor.name} defined twice`);
    this.names.add(tensor.name);
    this.initializers.push(tensor);
    return tensor.name;
  }

  constInt64(values: readonly number[], dims: readonly number[] = [values.length]): string {
    const raw = new Uint8Array(new BigInt64Array(values.map((v) => BigInt(v))).buffer);
    return this.constant(DataType.INT64, dims, raw, `i64_${values.join("_")}_${dims.join("x") || "scalar"}`);
  }

  /** A float32 constant; a scalar when dims is []. */
  constFloat(values: readonly number[] | Float32Array, dims: readonly number[] = [values.length]): string {
    const raw = new Uint8Array(Float32Array.from(values).buffer);
    const digest = createHash("sha1").update(raw).digest("hex").slice(0, 12);
    return this.constant(DataType.FLOAT, dims, raw, `f32_${dims.join("x") || "scalar"}_${digest}`);
  }

  build(name: string, inputs: readonly ValueInfoProto[], outputs: readonly ValueInfoProto[]): GraphProto {
    return { name, nodes: this.nodes, initializers: this.initializers, inputs, outputs };
  }

  private constant(dataType: DataTypeCode, dims: readonly number[], raw: Uint8Array, key: string): string {
    const existing = this.constants.get(key);
    if (existing) return existing;
    const name = `/constants/${key}`;
    this.initializer({ name, dataType, dims, raw });
    this.constants.set(key, name);
    return name;
  }
}
