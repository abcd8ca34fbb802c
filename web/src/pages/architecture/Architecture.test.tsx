import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { CompareModelsQuery, ModelDetailQuery } from "../../api/documents.ts";
import { aModel, anArchitecture } from "../../test/fixtures.ts";
import { fakeApiWith, renderWithStore } from "../../test/render.tsx";
import ComparePage from "./ComparePage.tsx";
import ArchitecturePage from "./index.tsx";

const a = aModel({ id: "a", name: "SmolLM-135M", format: "Q4" });
const b = aModel({ id: "b", name: "gpt2-tiny", format: "FP32", architectureName: "gpt2" });

describe("architecture viewer", () => {
  it("shows the four stats, vocab and context, expandable blocks, config JSON and the fidelity chart", async () => {
    const fake = fakeApiWith([a, b]);
    fake.respond(ModelDetailQuery, () => ({
      model: {
        ...a,
        architecture: anArchitecture({ numLayers: 2 }),
        fidelity: {
          probeTokens: 64,
          entries: [
            { layer: 0, hook: "RESIDUAL" as const, relativeError: 0.01, cosineSimilarity: 0.9999, maxAbsError: 0.1 },
            { layer: 1, hook: "RESIDUAL" as const, relativeError: 0.03, cosineSimilarity: 0.9995, maxAbsError: 0.2 },
            { layer: 1, hook: "MLP" as const, relativeError: 0.02, cosineSimilarity: 0.9997, maxAbsError: 0.2 },
          ],
        },
      },
    }));
    renderWithStore(() => <ArchitecturePage id="a" />, fake);
    await screen.findByRole("heading", { name: /SmolLM-135M/ });
    const stats = [...document.querySelectorAll(".stat")].map((s) => s.textContent);
    expect(stats).toEqual(["135MParameters", "2Layers", "576Hidden size", "9 (3 kv)Attention heads"]);
    expect(screen.getByText("49,152").isConnected).toBe(true);
    expect(screen.getByText("2,048 tokens").isConnected).toBe(true);

    const block = screen.getByRole("button", { name: /TransformerBlock layers\.0/ });
    expect(block.getAttribute("aria-expanded")).toBe("false");
    expect(screen.queryByText("9 heads × 64 (3 kv heads)")).toBeNull();
    fireEvent.click(block);
    expect(block.getAttribute("aria-expanded")).toBe("true");
    expect(screen.getByText("9 heads × 64 (3 kv heads)").isConnected).toBe(true);
    expect(screen.getByText("576 → 1536 → 576 (SwiGLU)").isConnected).toBe(true);

    expect(screen.getByText("config.json").closest("details")?.open).toBe(false);

    fireEvent.change(screen.getByLabelText("Compare with…"), { target: { value: "b" } });
    fireEvent.click(screen.getByRole("button", { name: "Compare" }));
    expect(window.location.hash).toBe("#/compare/a/b");
    expect(JSON.parse(window.localStorage.getItem("mistudio.comparePair")!)).toEqual({ a: "a", b: "b" });
    const chart = screen.getByRole("img", { name: /Relative error against FP32 per layer; worst 3.00% at layer 1 residual/ });
    expect(chart.querySelectorAll("rect")).toHaveLength(3);
  });

  it("compares two models side by side, highlights differences, and remembers the pair", async () => {
    const fake = fakeApiWith([a, b]);
    fake.respond(CompareModelsQuery, ({ a: idA, b: idB }) => ({
      compareModels: {
        a: { id: String(idA), name: a.name, format: a.format, architecture: anArchitecture() },
        b: { id: String(idB), name: b.name, format: b.format, architecture: anArchitecture({ modelType: "gpt2", hiddenSize: 64, normType: "layernorm" }) },
        differences: [
          { field: "modelType", a: "llama", b: "gpt2" },
          { field: "hiddenSize", a: "576", b: "64" },
          { field: "normType", a: "rmsnorm", b: "layernorm" },
          { field: "ropeTheta", a: "10000", b: null },
        ],
      },
    }));
    renderWithStore(() => <ComparePage a="a" b="b" />, fake);
    const table = await screen.findByRole("table");
    const row = (field: string) => table.querySelector(`tr[data-field="${field}"]`)!;
    expect(row("hiddenSize").classList.contains("differs")).toBe(true);
    expect(row("hiddenSize").textContent).toBe("hiddenSize (differs)57664");
    expect(row("numLayers").classList.contains("differs")).toBe(false);
    expect(row("ropeTheta").textContent).toBe("ropeTheta10000—");
    expect(within(table).getByRole("link", { name: "gpt2-tiny (FP32)" }).getAttribute("href")).toBe("#/models/b");
    expect(JSON.parse(window.localStorage.getItem("mistudio.comparePair")!)).toEqual({ a: "a", b: "b" });
  });

  it("opens the remembered pair when no pair is in the address", async () => {
    const fake = fakeApiWith([a, b]);
    fake.respond(CompareModelsQuery, () => ({
      compareModels: { a: { id: "b", name: b.name, format: b.format, architecture: null }, b: { id: "a", name: a.name, format: a.format, architecture: null }, differences: [] },
    }));
    renderWithStore(() => <ComparePage />, fake, { "mistudio.comparePair": JSON.stringify({ a: "b", b: "a" }) });
    await waitFor(() => expect(fake.callsOf(CompareModelsQuery)).toEqual([{ a: "b", b: "a" }]));
    expect((await screen.findByText("0 differences")).isConnected).toBe(true);
  });
});
