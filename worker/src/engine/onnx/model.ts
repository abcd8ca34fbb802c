/**
 * The subset of onnx.proto this project writes (field numbers from onnx/onnx.proto, IR version 8):
 * ModelProto, GraphProto, NodeProto, AttributeProto, TensorProto (inline raw data or external
 * data), ValueInfoProto with tensor types, and opset imports.
 */
import { ProtoWriter } from "./protobuf.ts";

/** TensorProto.DataType values used here. */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  FLOAT16: 10,
} as const;
export type DataTypeCode = (typeof DataType)[keyof typeof DataType];

/** Where an external tensor's bytes sit, relative to the .onnx file's folder. */
export interface ExternalLocation {
  readonly location: string;
  readonly offset: number;
  readonly length: number;
}

export interface TensorProto {
  readonly name: string;
  readonly dataType: DataTypeCode;
  readonly dims: readonly number[];
  /** Exactly one of raw (little-endian bytes inside the model) or external. */
  readonly raw?: Uint8Array;
  readonly external?: ExternalLocation;
}

export type AttributeValue =
  | { readonly kind: "int"; readonly value: number }
  | { readonly kind: "float"; readonly value: number }
  | { readonly kind: "string"; readonly value: string }
  | { readonly kind: "ints"; readonly value: readonly number[] }
  | { readonly kind: "tensor"; readonly value: TensorProto };

export interface NodeProto {
  readonly name: string;
  readonly opType: string;
  /** "" is the default ONNX domain. */
  readonly domain: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attributes: Readonly<Record<string, AttributeValue>>;
}

/** A dimension is a fixed size or a symbolic name ("batch"). */
export type Dim = number | string;

export interface ValueInfoProto {
  readonly name: string;
  readonly elemType: DataTypeCode;
  readonly dims: readonly Dim[];
}

export interface GraphProto {
  readonly name: string;
  readonly nodes: readonly NodeProto[];
  readonly initializers: readonly TensorProto[];
  readonly inputs: readonly ValueInfoProto[];
  readonly outputs: readonly ValueInfoProto[];
}

export interface OpsetImport {
  readonly domain: string;
  readonly version: number;
}

export interface ModelProto {
  readonly irVersion: number;
  readonly opsetImports: readonly OpsetImport[];
  readonly producerName: string;
  readonly graph: GraphProto;
}

// AttributeProto.AttributeType
const ATTRIBUTE_TYPE = { float: 1, int: 2, string: 3, tensor: 4, ints: 7 } as const;
const DATA_LOCATION_EXTERNAL = 1;

function encodeTensor(tensor: TensorProto): ProtoWriter {
  const w = new ProtoWriter();
  if (tensor.dims.length > 0) w.packedVarints(1, tensor.dims);
  w.varint(2, tensor.dataType).string(8, tensor.name);
  if (tensor.raw) w.bytes(9, tensor.raw);
  if (tensor.external) {
    const entries: Array<[string, string]> = [
      ["location", tensor.external.location],
      ["offset", String(tensor.external.offset)],
      ["length", String(tensor.external.length)],
    ];
    for (const [key, value] of entries) w.message(13, new ProtoWriter().string(1, key).string(2, value));
    w.varint(14, DATA_LOCATION_EXTERNAL);
  }
  return w;
}

function encodeAttribute(name: string, attribute: AttributeValue): ProtoWriter {
  const w = new ProtoWriter().string(1, name);
  switch (attribute.kind) {
    case "float":
      w.float(2, attribute.value);
      break;
    case "int":
      w.varint(3, attribute.value);
      break;
    case "string":
      w.string(4, attribute.value);
      break;
    case "tensor":
      w.message(5, encodeTensor(attribute.value));
      break;
    case "ints":
      w.packedVarints(8, attribute.value);
      break;
  }
  return w.varint(20, ATTRIBUTE_TYPE[attribute.kind]);
}

function encodeNode(node: NodeProto): ProtoWriter {
  const w = new ProtoWriter();
  for (const input of node.inputs) w.string(1, input);
  for (const output of node.outputs) w.string(2, output);
  w.string(3, node.name).string(4, node.opType);
  for (const [name, attribute] of Object.entries(node.attributes)) w.message(5, encodeAttribute(name, attribute));
  if (node.domain) w.string(7, node.domain);
  return w;
}

function encodeValueInfo(info: ValueInfoProto): ProtoWriter {
  const shape = new ProtoWriter();
  for (const dim of info.dims) {
    const d = new ProtoWriter();
    if (typeof dim === "number") d.varint(1, dim);
    else d.string(2, dim);
    shape.message(1, d);
  }
  const tensorType = new ProtoWriter().varint(1, info.elemType).message(2, shape);
  const type = new ProtoWriter().message(1, tensorType);
  return new ProtoWriter().string(1, info.name).message(2, type);
}

function encodeGraph(graph: GraphProto): ProtoWriter {
  const w = new ProtoWriter();
  for (const node of graph.nodes) w.message(1, encodeNode(node));
  w.string(2, graph.name);
  for (const tensor of graph.initializers) w.message(5, encodeTensor(tensor));
  for (const input of graph.inputs) w.message(11, encodeValueInfo(input));
  for (const output of graph.outputs) w.message(12, encodeValueInfo(output));
  return w;
}

export function encodeModel(model: ModelProto): Uint8Array {
  const w = new ProtoWriter().varint(1, model.irVersion).string(2, model.producerName).message(7, encodeGraph(model.graph));
  for (const opset of model.opsetImports) w.message(8, new ProtoWriter().string(1, opset.domain).varint(2, opset.version));
  return w.finish();
}
