import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/api.ts";
import {
  CreateExtractionTemplateMutation,
  DatasetsQuery,
  DeleteExtractionTemplateMutation,
  ExtractionPlanQuery,
  ExtractionProgressSubscription,
  ExtractionTemplatesQuery,
  ImportTemplatesMutation,
  ModelDetailQuery,
  SetExtractionTemplateFavoriteMutation,
  StartExtractionMutation,
} from "../../api/documents.ts";
import { aDataset, aModel, anArchitecture, anExtraction, aTemplate } from "../../test/fixtures.ts";
import { fakeApiWith, renderWithStore, disabled } from "../../test/render.tsx";
import type { FakeApi } from "../../test/fakeApi.ts";
import { ExtractionModal } from "./ExtractionModal.tsx";

const model = aModel({ id: "m1", name: "SmolLM-135M" });

function setup(configure: (fake: FakeApi) => void = () => {}) {
  const fake = fakeApiWith([model]);
  fake.respond(ModelDetailQuery, () => ({ model: { ...model, architecture: anArchitecture({ numLayers: 6 }), fidelity: null } }));
  fake.respond(DatasetsQuery, () => ({ datasets: [aDataset({ id: "d1", name: "tiny-stories" })] }));
  fake.respond(ExtractionPlanQuery, ({ input }) => ({
    extractionPlan: {
      storageBytes: (input.layers?.length ?? 0) * 1024 ** 2,
      estimatedSeconds: 90,
      estimateSource: "first-run",
      freeDiskBytes: 10 * 1024 ** 3,
      samples: 200,
      layers: input.layers ?? [],
      warnings: [],
    },
  }));
  configure(fake);
  const closed: string[] = [];
  renderWithStore(() => <ExtractionModal model={model} onClose={() => closed.push("closed")} />, fake);
  return { fake, closed };
}

const layerButton = (n: number) => screen.getByRole("button", { name: `L${n}` });
const pressed = (n: number) => layerButton(n).getAttribute("aria-pressed");

describe("extraction modal", () => {
  it("is a modal dialog that closes on Esc", async () => {
    const { closed } = setup();
    const dialog = await screen.findByRole("dialog", { name: "Extract activations: SmolLM-135M (Q4)" });
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(closed).toEqual(["closed"]);
  });

  it("has a layer grid L0…L5 with Select All / Deselect All, and validation messages", async () => {
    setup();
    await screen.findByRole("button", { name: "L5" });
    expect(within(screen.getByRole("group", { name: "Layers" })).getAllByRole("button").map((b) => b.textContent)).toEqual(["L0", "L1", "L2", "L3", "L4", "L5"]);
    expect([0, 1, 2, 3, 4, 5].map(pressed)).toEqual(["false", "false", "false", "false", "false", "true"]);

    fireEvent.click(screen.getByRole("button", { name: "Select All" }));
    expect([0, 1, 2, 3, 4, 5].map(pressed)).toEqual(["true", "true", "true", "true", "true", "true"]);
    expect(screen.getByText("(6 of 6)").isConnected).toBe(true);

    fireEvent.click(screen.getByRole("button", { name: "Deselect All" }));
    expect(screen.getByText("Select at least one layer.").isConnected).toBe(true);
    expect(disabled(screen.getByRole("button", { name: "Start extraction" }))).toBe(true);

    fireEvent.click(layerButton(2));
    expect(pressed(2)).toBe("true");
    // One Tab stop for the whole grid; arrows, Home and End move inside it.
    const tabStops = () => screen.getAllByRole("button", { name: /^L\d$/ }).filter((b) => b.getAttribute("tabindex") === "0").map((b) => b.textContent);
    expect(tabStops()).toEqual(["L0"]);
    layerButton(2).focus();
    expect(tabStops()).toEqual(["L2"]);
    fireEvent.keyDown(layerButton(2), { key: "ArrowRight" });
    expect(document.activeElement).toBe(layerButton(3));
    fireEvent.keyDown(layerButton(3), { key: "End" });
    expect(document.activeElement).toBe(layerButton(5));
    fireEvent.keyDown(layerButton(5), { key: "Home" });
    expect(document.activeElement).toBe(layerButton(0));
    expect(layerButton(0).getAttribute("tabindex")).toBe("0");
    expect(screen.queryByText("Select at least one layer.")).toBeNull();
    fireEvent.click(screen.getByRole("checkbox", { name: "Residual stream" }));
    expect(screen.getByText("Select at least one hook type.").isConnected).toBe(true);
    fireEvent.click(screen.getByRole("checkbox", { name: "MLP output" }));
    fireEvent.input(screen.getByLabelText("Top-k"), { target: { value: "5" } });
    expect(screen.getByText("Top-k must be between 10 and 1000.").isConnected).toBe(true);
  });

  it("updates the extraction plan as the settings change", async () => {
    const { fake } = setup();
    await waitFor(() => expect(screen.getByTestId("extraction-plan").textContent).toContain("1.00 MiB"));
    fireEvent.click(screen.getByRole("button", { name: "Select All" }));
    await waitFor(() => expect(screen.getByTestId("extraction-plan").textContent).toContain("6.00 MiB"));
    expect(screen.getByTestId("extraction-plan").textContent).toContain("1m 30s");
    const last = fake.callsOf(ExtractionPlanQuery).at(-1) as { input: { layers: number[]; datasetId: string; hookTypes: string[] } };
    expect(last.input).toMatchObject({ layers: [0, 1, 2, 3, 4, 5], datasetId: "d1", hookTypes: ["RESIDUAL"] });
  });

  it("starts the extraction and shows its progress in place, with cancel", async () => {
    const started = anExtraction({ id: "e1", status: "QUEUED" });
    const { fake } = setup((f) => f.respond(StartExtractionMutation, () => ({ startExtraction: started })));
    fireEvent.click(await screen.findByRole("button", { name: "Start extraction" }));
    expect(await screen.findByRole("button", { name: "Cancel extraction" })).toBeTruthy();
    await waitFor(() => expect(fake.open(ExtractionProgressSubscription)).toEqual([{ id: "e1" }]));

    fake.push(ExtractionProgressSubscription, {
      extractionProgress: {
        extractionId: "e1",
        status: "EXTRACTING",
        errorCode: null,
        extraction: null,
        progress: { percent: 50, samplesDone: 100, samplesTotal: 200, tokensPerSecond: 1234.4, etaSeconds: 12, batchSize: 8, message: null, resources: null, at: "2026-11-26T10:00:00Z" },
      },
    });
    const bar = screen.getByRole("progressbar");
    expect(bar.getAttribute("aria-valuenow")).toBe("50");
    const dialog = screen.getByRole("dialog");
    expect(dialog.textContent).toContain("100 / 200 samples");
    expect(dialog.textContent).toContain("1234 tokens/s");
    expect(dialog.textContent).toContain("ETA 12s");

    fake.push(ExtractionProgressSubscription, {
      extractionProgress: {
        extractionId: "e1",
        status: "COMPLETED",
        errorCode: null,
        extraction: { ...started, status: "COMPLETED" },
        progress: { percent: 100, samplesDone: 200, samplesTotal: 200, tokensPerSecond: 1200, etaSeconds: 0, batchSize: 8, message: null, resources: null, at: "2026-11-26T10:01:00Z" },
      },
    });
    expect(within(dialog).getByText("completed").isConnected).toBe(true);
    expect(within(dialog).getByRole("link", { name: "See files and statistics" }).getAttribute("href")).toBe("#/extractions");
    expect(screen.queryByRole("button", { name: "Cancel extraction" })).toBeNull();
  });
});

describe("saved templates", () => {
  it("counts templates, saves the current settings under an editable auto-name, and loads one into the grid", async () => {
    const saved = aTemplate({ id: "t9", name: "late layers", layerSelection: { lastPercent: 50 }, hookTypes: ["MLP", "ATTENTION"], batchSize: 16, topK: 50 });
    const { fake } = setup((f) => {
      f.respond(ExtractionTemplatesQuery, () => ({ extractionTemplates: [saved] }));
      f.respond(CreateExtractionTemplateMutation, ({ input }) => ({ createExtractionTemplate: aTemplate({ id: "t10", name: input.name ?? "auto" }) }));
    });
    expect((await screen.findByRole("heading", { name: "Saved Templates (1)" })).isConnected).toBe(true);
    await screen.findByRole("button", { name: "L5" });
    const name = screen.getByLabelText("Template name") as HTMLInputElement;
    await waitFor(() => expect(name.value).toMatch(/^residual_layer5_allsamples_\d{4}$/));
    fireEvent.input(name, { target: { value: "my residual" } });
    fireEvent.input(screen.getByLabelText("Description"), { target: { value: "last layer only" } });
    fireEvent.click(screen.getByRole("button", { name: "Save current settings" }));
    expect(await screen.findByRole("heading", { name: "Saved Templates (2)" })).toBeTruthy();
    expect(fake.callsOf(CreateExtractionTemplateMutation)).toEqual([
      {
        input: {
          name: "my residual",
          description: "last layer only",
          layerSelection: { explicit: [5] },
          hookTypes: ["RESIDUAL"],
          batchSize: 32,
          maxSamples: null,
          sequenceLength: 128,
          topK: 100,
          storageDType: "float32",
        },
      },
    ]);

    fireEvent.click(screen.getByRole("button", { name: "Load late layers" }));
    expect([0, 1, 2, 3, 4, 5].map(pressed)).toEqual(["false", "false", "false", "true", "true", "true"]);
    expect((screen.getByRole("checkbox", { name: "MLP output" }) as HTMLInputElement).checked).toBe(true);
    expect((screen.getByRole("checkbox", { name: "Residual stream" }) as HTMLInputElement).checked).toBe(false);
    expect((screen.getByLabelText("Batch size") as HTMLSelectElement).value).toBe("16");
    expect((screen.getByLabelText("Top-k") as HTMLInputElement).value).toBe("50");
  });

  it("favorites optimistically and rolls back when the server refuses", async () => {
    const t = aTemplate({ id: "t1", name: "alpha" });
    const { fake } = setup((f) => {
      f.respond(ExtractionTemplatesQuery, () => ({ extractionTemplates: [t] }));
      f.respond(SetExtractionTemplateFavoriteMutation, () => {
        throw new ApiError("NOT_FOUND", "Template t1 no longer exists.");
      });
    });
    const star = await screen.findByRole("button", { name: "Favorite alpha" });
    expect(star.getAttribute("aria-pressed")).toBe("false");
    fireEvent.click(star);
    expect(screen.getByRole("button", { name: "Unfavorite alpha" }).getAttribute("aria-pressed")).toBe("true");
    expect(await screen.findByText("Template t1 no longer exists.")).toBeTruthy();
    expect(screen.getByRole("button", { name: "Favorite alpha" }).getAttribute("aria-pressed")).toBe("false");
    expect(fake.callsOf(SetExtractionTemplateFavoriteMutation)).toEqual([{ id: "t1", isFavorite: true }]);
  });

  it("deletes only after confirmation", async () => {
    const t = aTemplate({ id: "t1", name: "alpha" });
    const { fake } = setup((f) => {
      f.respond(ExtractionTemplatesQuery, () => ({ extractionTemplates: [t] }));
      f.respond(DeleteExtractionTemplateMutation, () => ({ deleteExtractionTemplate: true }));
    });
    fireEvent.click(await screen.findByRole("button", { name: "Delete alpha" }));
    expect(screen.getByText("Delete “alpha”?").isConnected).toBe(true);
    fireEvent.click(screen.getByRole("button", { name: "No" }));
    expect(fake.callsOf(DeleteExtractionTemplateMutation)).toEqual([]);
    fireEvent.click(screen.getByRole("button", { name: "Delete alpha" }));
    fireEvent.click(screen.getByRole("button", { name: "Yes, delete" }));
    expect(await screen.findByRole("heading", { name: "Saved Templates (0)" })).toBeTruthy();
    expect(fake.callsOf(DeleteExtractionTemplateMutation)).toEqual([{ id: "t1" }]);
  });

  it("imports a JSON file and reports what was skipped", async () => {
    const { fake } = setup((f) =>
      f.respond(ImportTemplatesMutation, () => ({
        importTemplates: { imported: [aTemplate({ name: "imported one" })], skipped: [{ index: 1, name: "bad", reason: "no hook types" }] },
      })),
    );
    await screen.findByRole("heading", { name: "Saved Templates (0)" });
    const document = { version: 1, templates: [{ name: "imported one" }, { name: "bad" }] };
    const file = new File([JSON.stringify(document)], "templates.json", { type: "application/json" });
    fireEvent.change(screen.getByLabelText("Template file to import"), { target: { files: [file] } });
    expect(await screen.findByText("Imported 1, skipped 1 (#1 bad: no hook types).")).toBeTruthy();
    expect(fake.callsOf(ImportTemplatesMutation)).toEqual([{ document }]);
    expect(screen.getByRole("heading", { name: "Saved Templates (1)" })).toBeTruthy();
  });
});
