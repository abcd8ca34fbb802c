import { screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { ExtractionProgressSubscription, ExtractionsQuery } from "../../api/documents.ts";
import { anExtraction } from "../../test/fixtures.ts";
import { fakeApiWith, renderWithStore } from "../../test/render.tsx";
import ExtractionsPage from "./index.tsx";

describe("extractions view", () => {
  it("shows a running extraction live and, once complete, its output, files, metrics and statistics", async () => {
    const running = anExtraction({ id: "e1", status: "EXTRACTING", layers: [0, 1], hookTypes: ["RESIDUAL", "MLP"] });
    const fake = fakeApiWith();
    fake.respond(ExtractionsQuery, () => ({ extractions: [running] }));
    renderWithStore(() => <ExtractionsPage />, fake);
    const card = await screen.findByRole("article", { name: "Extraction e1" });
    await waitFor(() => expect(fake.open(ExtractionProgressSubscription)).toEqual([{ id: "e1" }]));
    const progress = (percent: number, samplesDone: number) => ({ percent, samplesDone, samplesTotal: 10, tokensPerSecond: 500, etaSeconds: 3, batchSize: 8, message: null, resources: null, at: "t" });
    fake.push(ExtractionProgressSubscription, { extractionProgress: { extractionId: "e1", status: "EXTRACTING", errorCode: null, extraction: null, progress: progress(40, 4) } });
    expect(card.textContent).toContain("4 / 10 samples");

    fake.push(ExtractionProgressSubscription, {
      extractionProgress: {
        extractionId: "e1",
        status: "COMPLETED",
        errorCode: null,
        progress: progress(100, 10),
        extraction: {
          ...running,
          status: "COMPLETED",
          outputPath: "activations/extraction_e1",
          files: [
            { name: "layer_0_residual.npy", shape: [10, 64, 576], dtype: "float32", bytes: 1_474_688 },
            { name: "layer_1_mlp.npy", shape: [10, 64, 576], dtype: "float32", bytes: 1_474_688 },
          ],
          metrics: { samples: 10, samplesPerSecond: 12.5, tokensPerSecond: 800, peakRssBytes: 300 * 1024 ** 2, durationSeconds: 0.8, batchSizeChanges: [] },
          statistics: {
            sparsityThreshold: 0.001,
            taps: {
              layer_0_residual: { layer: 0, hook: "RESIDUAL", mean: 0.5, maxAbs: 4, sparsity: 0.1 },
              layer_1_mlp: { layer: 1, hook: "MLP", mean: -0.25, maxAbs: 2, sparsity: 0.3 },
            },
          },
        },
      },
    });
    expect(within(card).getByText("completed").isConnected).toBe(true);
    expect(card.textContent).toContain("activations/extraction_e1");
    const files = within(card).getAllByRole("row").slice(1).map((r) => r.textContent);
    expect(files).toEqual(["layer_0_residual.npy[10, 64, 576]float321.41 MiB", "layer_1_mlp.npy[10, 64, 576]float321.41 MiB"]);
    expect(card.textContent).toContain("samples per second12.5/s");
    expect(card.textContent).toContain("tokens per second800/s");
    expect(card.textContent).toContain("duration0.8s");
    expect(card.textContent).toContain("peak rss300.0 MiB");
    expect(card.textContent).toContain("300.0 MiB");
    const chart = within(card).getByRole("img", { name: "Activation statistics for 2 layer and hook pairs" });
    expect([...chart.querySelectorAll("g")].map((g) => g.getAttribute("data-row"))).toEqual(["0-residual", "1-mlp"]);
    expect(chart.textContent).toContain("30.0% sparse");
    expect(fake.open(ExtractionProgressSubscription)).toEqual([]);
  });
});
