/**
 * Typed documents from the checked-in schema.graphql (no server needed, STACK.md §7):
 * the web client's `graphql()` documents and the third-party SDK's `getSdk(requester)`.
 */
import type { CodegenConfig } from "@graphql-codegen/cli";

const scalars = { DateTime: "string", JSON: "unknown", BigInt: "number | string", File: "File" };

const config: CodegenConfig = {
  schema: "schema.graphql",
  ignoreNoDocuments: true,
  // Relative imports with ".js": the web and SDK compile as NodeNext ESM.
  emitLegacyCommonJSImports: false,
  generates: {
    "web/src/gql/": {
      documents: ["web/src/**/*.{ts,tsx}", "!web/src/gql/**"],
      preset: "client",
      presetConfig: { fragmentMasking: false },
      config: { enumsAsTypes: true, scalars, useTypeImports: true },
    },
    "sdk/src/generated.ts": {
      documents: ["sdk/src/operations/*.graphql"],
      plugins: ["typescript-operations", "typescript-generic-sdk"],
      // documentNode: the string and graphql-tag modes need runtime pieces this SDK avoids (STACK.md §7).
      config: { documentMode: "documentNode", enumsAsTypes: true, scalars, useTypeImports: true },
    },
  },
};

export default config;
