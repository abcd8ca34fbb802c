import { GraphQLError, Kind } from "graphql";
import { builder } from "../builder.ts";

builder.scalarType("DateTime", {
  serialize: (value) => (value instanceof Date ? value.toISOString() : new Date(value).toISOString()),
  parseValue: (value) => {
    const date = new Date(String(value));
    if (Number.isNaN(date.getTime())) throw new GraphQLError("DateTime must be an ISO-8601 string.", { extensions: { code: "BAD_USER_INPUT" } });
    return date;
  },
});

builder.scalarType("JSON", {
  description: "Any JSON value.",
  serialize: (value) => value,
  parseValue: (value) => value,
  parseLiteral: function literal(ast): unknown {
    switch (ast.kind) {
      case Kind.STRING:
      case Kind.BOOLEAN:
        return ast.value;
      case Kind.INT:
      case Kind.FLOAT:
        return Number(ast.value);
      case Kind.NULL:
        return null;
      case Kind.LIST:
        return ast.values.map(literal);
      case Kind.OBJECT:
        return Object.fromEntries(ast.fields.map((field) => [field.name.value, literal(field.value)]));
      default:
        throw new GraphQLError("Variables inside JSON literals are not supported.", { extensions: { code: "BAD_USER_INPUT" } });
    }
  },
});

// Byte counts exceed 2^31 (Int) but stay far below 2^53: a JSON number while exact, else a string.
builder.scalarType("BigInt", {
  description: "An integer that may exceed 32 bits: a JSON number when exactly representable, else a decimal string.",
  serialize: (value) => {
    const big = BigInt(value);
    return big <= BigInt(Number.MAX_SAFE_INTEGER) && big >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(big) : big.toString();
  },
  parseValue: (value) => {
    if (typeof value !== "number" && typeof value !== "string") throw new GraphQLError("BigInt must be an integer or a decimal string.", { extensions: { code: "BAD_USER_INPUT" } });
    try {
      return BigInt(value);
    } catch {
      throw new GraphQLError("BigInt must be an integer or a decimal string.", { extensions: { code: "BAD_USER_INPUT" } });
    }
  },
});

builder.scalarType("File", {
  description: "A multipart upload (GraphQL multipart request spec).",
  serialize: () => {
    throw new GraphQLError("File is an input-only scalar.");
  },
  // yoga's multipart parser may hand over its fetch ponyfill's File, not Node's global class.
  parseValue: (value) => {
    const file = value as Partial<File> | null;
    if (typeof file?.name !== "string" || typeof file.arrayBuffer !== "function") {
      throw new GraphQLError("Expected an uploaded file.", { extensions: { code: "BAD_USER_INPUT" } });
    }
    return value as File;
  },
});
