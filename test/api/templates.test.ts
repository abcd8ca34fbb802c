/** Extraction templates (seed FR-4A) through the real API: rules, ordering, names, export/import. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failure, list, ok, type Loose } from "../support/graphql.ts";
import { startApiInProcess, type InProcessServer } from "../support/in-process.ts";
import { createTestEnv, type TestEnv } from "../support/test-env.ts";

let env: TestEnv;
let server: InProcessServer;

beforeAll(async () => {
  env = await createTestEnv();
  server = await startApiInProcess(env.env);
});

afterAll(async () => {
  await server?.stop();
  await env?.cleanup();
});

const FIELDS = "id name description layerSelection hookTypes maxSamples batchSize sequenceLength topK storageDType isFavorite updatedAt";
const CREATE = `mutation($input: ExtractionTemplateInput!) { createExtractionTemplate(input: $input) { ${FIELDS} } }`;
const UPDATE = `mutation($id: ID!, $input: ExtractionTemplateInput!) { updateExtractionTemplate(id: $id, input: $input) { ${FIELDS} } }`;
const LIST = `{ extractionTemplates { id name isFavorite } }`;
const base = { layerSelection: { explicit: [0, 4, 8] }, hookTypes: ["RESIDUAL"], maxSamples: 1000 };

describe("extraction templates", () => {
  let first: Loose;

  it("saves a template with defaults and an auto-generated name", async () => {
    first = (await ok(server.url, CREATE, { input: base })).createExtractionTemplate;
    expect(first.name).toMatch(/^residual_layers0-8_1000samples_\d{4}$/);
    expect(first).toMatchObject({ batchSize: 32, sequenceLength: 128, topK: 100, storageDType: "float32", isFavorite: false, layerSelection: { explicit: [0, 4, 8] } });
  });

  it("names a single layer `layer{N}` and avoids taken auto names with _2", async () => {
    const single = (await ok(server.url, CREATE, { input: { ...base, layerSelection: { explicit: [3] }, hookTypes: ["MLP"] } })).createExtractionTemplate;
    expect(single.name).toMatch(/^mlp_layer3_1000samples_\d{4}$/);
    const again = (await ok(server.url, CREATE, { input: base })).createExtractionTemplate;
    // Same settings in the same minute → `_2` (a new minute gives a fresh HHMM instead).
    expect(again.name).not.toBe(first.name);
    expect(String(again.name)).toMatch(/^residual_layers0-8_1000samples_\d{4}(_2)?$/);
  });

  it("answers a taken explicit name with CONFLICT and the next free suggestion", async () => {
    const error = await failure(server.url, CREATE, { input: { ...base, name: String(first.name) } });
    expect(error).toMatchObject({ code: "CONFLICT", field: "input.name" });
    const taken = list((await ok(server.url, LIST)).extractionTemplates).map((t) => String(t.name));
    expect(String(error.extensions?.suggestion)).toMatch(new RegExp(`^${first.name}_\\d$`));
    expect(taken).not.toContain(error.extensions?.suggestion);
  });

  it.each([
    [{ ...base, hookTypes: [] }, "input.hookTypes"],
    [{ ...base, layerSelection: { explicit: [] } }, "input.layerSelection.explicit"],
    [{ ...base, layerSelection: { every: 2, lastPercent: 10 } }, "input.layerSelection"],
    [{ ...base, layerSelection: { lastPercent: 150 } }, "input.layerSelection.lastPercent"],
    [{ ...base, name: "x".repeat(256) }, "input.name"],
    [{ ...base, name: "   " }, "input.name"],
    [{ ...base, description: "d".repeat(501) }, "input.description"],
    [{ ...base, batchSize: 48 }, "input.batchSize"],
    [{ ...base, batchSize: 1024 }, "input.batchSize"],
    [{ ...base, topK: 9 }, "input.topK"],
    [{ ...base, topK: 1001 }, "input.topK"],
    [{ ...base, storageDType: "int8" }, "input.storageDType"],
  ])("rejects %j on %s", async (input, field) => {
    expect(await failure(server.url, CREATE, { input })).toMatchObject({ code: "BAD_USER_INPUT", field });
  });

  it("accepts relative selections and the boundary values", async () => {
    const every = (await ok(server.url, CREATE, { input: { ...base, layerSelection: { every: 4 }, batchSize: 512, topK: 10, name: "every-4th" } })).createExtractionTemplate;
    expect(every.layerSelection).toEqual({ every: 4 });
    const last = (await ok(server.url, CREATE, { input: { ...base, layerSelection: { lastPercent: 25 }, batchSize: 1, topK: 1000, description: "d".repeat(500) } })).createExtractionTemplate;
    expect(last.name).toMatch(/^residual_last25pct_1000samples_/);
  });

  it("updates, keeping the name unless given, and rejects a name another template has", async () => {
    const updated = (await ok(server.url, UPDATE, { id: first.id, input: { ...base, topK: 200, description: "tuned" } })).updateExtractionTemplate;
    expect(updated).toMatchObject({ name: first.name, topK: 200, description: "tuned" });
    expect(await failure(server.url, UPDATE, { id: first.id, input: { ...base, name: "every-4th" } })).toMatchObject({ code: "CONFLICT", field: "input.name" });
    expect(await failure(server.url, UPDATE, { id: "00000000-0000-0000-0000-000000000000", input: base })).toMatchObject({ code: "NOT_FOUND", field: "id" });
  });

  it("lists favorites first, then the most recently updated", async () => {
    const before = list((await ok(server.url, LIST)).extractionTemplates);
    const oldest = before.at(-1)!;
    await ok(server.url, `mutation($id: ID!) { setExtractionTemplateFavorite(id: $id, isFavorite: true) { isFavorite } }`, { id: oldest.id });
    const after = list((await ok(server.url, LIST)).extractionTemplates);
    expect(after[0].id).toBe(oldest.id);
    expect(after.slice(1).map((t) => t.id)).toEqual(before.filter((t) => t.id !== oldest.id).map((t) => t.id));
    // The updated template (first) is the most recent non-favorite.
    expect(after[1].id).toBe(first.id);
  });

  it("exports versioned JSON and imports it back, skipping and reporting invalid entries", async () => {
    const { exportTemplates } = await ok(server.url, `mutation { exportTemplates }`);
    expect(exportTemplates.version).toBe(1);
    const exported = list(exportTemplates.templates);
    expect(exported).toHaveLength(5);
    const document = {
      version: 1,
      templates: [exported[0], { name: "broken", layerSelection: { explicit: [1] }, hookTypes: ["NOPE"] }, { name: "no-layers", hookTypes: ["MLP"] }, "not an object"],
    };
    const { importTemplates } = await ok(server.url, `mutation($d: JSON!) { importTemplates(document: $d) { imported { name isFavorite } skipped { index name reason } } }`, { d: document });
    expect(list(importTemplates.imported).map((t) => t.name)).toEqual([`${exported[0].name}_2`]);
    expect(importTemplates.imported[0].isFavorite).toBe(exported[0].isFavorite);
    expect(list(importTemplates.skipped).map((s) => [s.index, s.name])).toEqual([[1, "broken"], [2, "no-layers"], [3, null]]);
    expect(String(importTemplates.skipped[0].reason)).toContain("NOPE");
    expect(await failure(server.url, `mutation { importTemplates(document: {version: 2, templates: []}) { skipped { index } } }`)).toMatchObject({ code: "BAD_USER_INPUT", field: "document.version" });
  });

  it("deletes", async () => {
    expect((await ok(server.url, `mutation($id: ID!) { deleteExtractionTemplate(id: $id) }`, { id: first.id })).deleteExtractionTemplate).toBe(true);
    expect(list((await ok(server.url, LIST)).extractionTemplates).map((t) => t.id)).not.toContain(first.id);
    expect(await failure(server.url, `mutation($id: ID!) { deleteExtractionTemplate(id: $id) }`, { id: first.id })).toMatchObject({ code: "NOT_FOUND" });
  });
});
