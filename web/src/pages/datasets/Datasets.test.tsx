import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/api.ts";
import { DatasetProgressSubscription, DatasetsQuery, DeleteDatasetMutation, ImportDatasetMutation } from "../../api/documents.ts";
import { aDataset } from "../../test/fixtures.ts";
import { disabled, fakeApiWith, renderWithStore } from "../../test/render.tsx";
import DatasetsPage from "./index.tsx";

describe("datasets view", () => {
  it("uploads a file as a multipart request, then follows the import live to ready with a preview", async () => {
    const fake = fakeApiWith();
    const created = aDataset({ id: "d1", name: "corpus", status: "DOWNLOADING", sampleCount: null, preview: [] });
    fake.respond(ImportDatasetMutation, () => ({ importDataset: created }));
    renderWithStore(() => <DatasetsPage />, fake);
    const importButton = screen.getByRole("button", { name: "Import" });
    expect(disabled(importButton)).toBe(true);
    const file = new File(["a\nb\nc"], "corpus.txt", { type: "text/plain" });
    fireEvent.change(screen.getByLabelText(/^File/), { target: { files: [file] } });
    fireEvent.input(screen.getByLabelText("Name"), { target: { value: "corpus" } });
    fireEvent.click(importButton);

    const card = await screen.findByRole("article", { name: "Dataset corpus" });
    const [call] = fake.callsOf(ImportDatasetMutation) as { input: Record<string, unknown>; files: Record<string, File> }[];
    expect(call.input).toEqual({ name: "corpus", textField: "text", file: null });
    expect(call.files["input.file"].name).toBe("corpus.txt");
    await waitFor(() => expect(fake.open(DatasetProgressSubscription)).toEqual([{ id: "d1" }]));

    fake.push(DatasetProgressSubscription, { datasetProgress: { datasetId: "d1", status: "DOWNLOADING", percent: 60, message: null, errorCode: null, dataset: null } });
    expect(within(card).getByRole("progressbar").getAttribute("aria-valuenow")).toBe("60");
    fake.push(DatasetProgressSubscription, {
      datasetProgress: { datasetId: "d1", status: "READY", percent: 100, message: null, errorCode: null, dataset: { ...created, status: "READY", sampleCount: 3, preview: ["a", "b", "c"] } },
    });
    expect(within(card).getByText("ready").isConnected).toBe(true);
    expect(card.textContent).toContain("3 samples");
    expect(within(card).getAllByRole("listitem").map((li) => li.textContent)).toEqual(["a", "b", "c"]);
    expect(fake.open(DatasetProgressSubscription)).toEqual([]);
  });

  it("imports from a Hub dataset repo", async () => {
    const fake = fakeApiWith();
    fake.respond(ImportDatasetMutation, ({ input }) => ({ importDataset: aDataset({ name: "TinyStories", source: "hub", repoId: input.repoId ?? null, status: "DOWNLOADING" }) }));
    renderWithStore(() => <DatasetsPage />, fake);
    fireEvent.click(screen.getByRole("radio", { name: /From a Hub dataset repo/ }));
    fireEvent.input(screen.getByLabelText("Dataset repo"), { target: { value: "roneneldan/TinyStories" } });
    fireEvent.input(screen.getByLabelText("Split"), { target: { value: "validation" } });
    fireEvent.click(screen.getByRole("button", { name: "Import" }));
    expect((await screen.findByRole("article", { name: "Dataset TinyStories" })).textContent).toContain("Hub: roneneldan/TinyStories");
    expect(fake.callsOf(ImportDatasetMutation)).toEqual([
      { input: { name: null, textField: "text", repoId: "roneneldan/TinyStories", split: "validation", config: null, accessToken: null } },
    ]);
  });

  it("deletes after confirmation, and says why when the server refuses", async () => {
    const fake = fakeApiWith();
    fake.respond(DatasetsQuery, () => ({ datasets: [aDataset({ id: "d1", name: "used" }), aDataset({ id: "d2", name: "spare" })] }));
    fake.respond(DeleteDatasetMutation, ({ id }) => {
      if (id === "d1") throw new ApiError("CONFLICT", "An extraction is using this dataset.");
      return { deleteDataset: true };
    });
    renderWithStore(() => <DatasetsPage />, fake);
    const used = await screen.findByRole("article", { name: "Dataset used" });
    fireEvent.click(within(used).getByRole("button", { name: "Delete" }));
    fireEvent.click(within(used).getByRole("button", { name: "Yes, delete" }));
    expect((await within(used).findByRole("alert")).textContent).toBe("An extraction is using this dataset.");

    const spare = screen.getByRole("article", { name: "Dataset spare" });
    fireEvent.click(within(spare).getByRole("button", { name: "Delete" }));
    fireEvent.click(within(spare).getByRole("button", { name: "Yes, delete" }));
    await waitFor(() => expect(screen.queryByRole("article", { name: "Dataset spare" })).toBeNull());
    expect(fake.callsOf(DeleteDatasetMutation)).toEqual([{ id: "d1" }, { id: "d2" }]);
  });
});
