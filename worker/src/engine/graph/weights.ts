/**
 * How the converter stored each canonical weight in the variant's one external data file, and
 * the nodes that read a stored weight back as float32 inside a graph. Every graph of a variant is
 * built from this manifest, so they all share the same data file.
 */
import { DataType, type TensorProto } from "../onnx/model.ts";
import { GraphBuilder, MS_DOMAIN, int } from "./builder.ts";

/** A byte range of the external data file. */
export interface DataSlice {
  readonly offset: number;
  readonly length: number;
}

/**
 * - float32 / float16: dense; linears are stored [N, K] as the checkpoint's nn.Linear rows (read by
 *   FusedMatMul with transB, so the converter never transposes them), tables [rows, hidden],
 *   vectors [n]. float16 is Cast to float32 in the graph.
 * - nbits: a [N, K] linear in MatMulNBits layout (blockwise, asymmetric, zero points).
 */
export type StoredWeight =
  | { readonly key: string; readonly storage: "float32" | "float16"; readonly dims: readonly number[]; readonly data: DataSlice }
  | {
      readonly key: string;
      readonly storage: "nbits";
      readonly bits: 2 | 4 | 8;
      readonly blockSize: number;
      readonly n: number;
      readonly k: number;
      readonly packed: DataSlice;
      readonly scales: DataSlice;
      readonly zeroPoints: DataSlice;
    };

export class WeightTable {
  private readonly byKey: ReadonlyMap<string, StoredWeight>;
  private readonly registered = new Set<string>();

  constructor(
    weights: readonly StoredWeight[],
    /** The data file's name, relative to the .onnx file (graphs sit beside it). */
    private readonly dataFile: string,
  ) {
    this.byKey = new Map(weights.map((w) => [w.key, w]));
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  get(key: string): StoredWeight {
    const weight = this.byKey.get(key);
    if (!weight) throw new Error(`weight ${key} missing from the variant's manifest`);
    return weight;
  }

  /** The initializer for a dense weight, as stored (float16 stays float16). */
  dense(g: GraphBuilder, key: string): { name: string; dataType: typeof DataType.FLOAT | typeof DataType.FLOAT16 } {
    const weight = this.get(key);
    if (weight.storage === "nbits") throw new Error(`weight ${key} is block-quantized, not dense`);
    const dataType = weight.storage === "float16" ? DataType.FLOAT16 : DataType.FLOAT;
    return { name: this.register(g, { name: key, dataType, dims: weight.dims, external: this.external(weight.data) }), dataType };
  }

  /** A dense weight as float32 (a Cast after float16 storage; ORT folds it at session creation). */
  denseFloat32(g: GraphBuilder, key: string, path: string): string {
    const { name, dataType } = this.dense(g, key);
    return dataType === DataType.FLOAT16 ? g.node(`${path}/Cast`, "Cast", [name], { attributes: { to: int(DataType.FLOAT) } }) : name;
  }

  /**
   * y = x W^T (+ b) for the linear `key` (`<key>.weight`, optional `<key>.bias`):
   *   dense:  x ─ FusedMatMul(W[N,K], transB=1) ─ Add(b)   (com.microsoft; the same MLAS GEMM as
 *           MatMul on W^T, bit for bit, with B pre-packed at session creation as MatMul's is)
   *   nbits:  x ─ MatMulNBits(packed, scales, zero points; accuracy_level 0) ─ Add(b)
   */
  linear(g: GraphBuilder, x: string, key: string, path: string): string {
    const weight = this.get(`${key}.weight`);
    let y: string;
    if (weight.storage === "nbits") {
      const blocks = Math.ceil(weight.k / weight.blockSize);
      const ext = (slice: DataSlice, suffix: string, dataType: TensorProto["dataType"], dims: number[]) =>
        this.register(g, { name: `${weight.key}/${suffix}`, dataType, dims, external: this.external(slice) });
      const packed = ext(weight.packed, "packed", DataType.UINT8, [weight.n, blocks, (weight.blockSize * weight.bits) / 8]);
      const scales = ext(weight.scales, "scales", DataType.FLOAT, [weight.n * blocks]);
      const zeroPoints = ext(weight.zeroPoints, "zero_points", DataType.UINT8, [weight.n * Math.ceil((blocks * weight.bits) / 8)]);
      y = g.node(`${path}/MatMulNBits`, "MatMulNBits", [x, packed, scales, zeroPoints], {
        domain: MS_DOMAIN,
        attributes: { K: int(weight.k), N: int(weight.n), bits: int(weight.bits), block_size: int(weight.blockSize), accuracy_level: int(0) },
      });
    } else {
      y = g.node(`${path}/FusedMatMul`, "FusedMatMul", [x, this.denseFloat32(g, `${key}.weight`, path)], { domain: MS_DOMAIN, attributes: { transB: int(1) } });
    }
    if (!this.has(`${key}.bias`)) return y;
    return g.node(`${path}/Add`, "Add", [y, this.denseFloat32(g, `${key}.bias`, `${path}/bias`)]);
  }

  private register(g: GraphBuilder, tensor: TensorProto): string {
    if (this.registered.has(tensor.name)) return tensor.name;
    this.registered.add(tensor.name);
    return g.initializer(tensor);
  }

  private external(slice: DataSlice) {
    return { location: this.dataFile, offset: slice.offset, length: slice.length };
  }
}
