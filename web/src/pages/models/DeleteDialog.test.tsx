import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { DeleteModelMutation, DeleteUnusedModelsMutation } from "../../api/documents.ts";
import { aDeletionReport, aModel } from "../../test/fixtures.ts";
import { disabled, fakeApiWith, renderWithStore } from "../../test/render.tsx";
import ModelsPage from "./index.tsx";

describe("delete confirmation", () => {
  it("shows the dry run (name, parameters, size, dependents, bytes freed) and deletes on confirm", async () => {
    const fake = fakeApiWith([aModel({ id: "m1", name: "SmolLM-135M" })]);
    fake.respond(DeleteModelMutation, ({ dryRun }) => ({ deleteModel: aDeletionReport({ dryRun: Boolean(dryRun), deleted: !dryRun }) }));
    renderWithStore(() => <ModelsPage />, fake);
    const card = await screen.findByRole("article", { name: "SmolLM-135M Q4" });
    fireEvent.click(within(card).getByRole("button", { name: "Delete" }));

    const dialog = await screen.findByRole("dialog", { name: "Delete SmolLM-135M (Q4)?" });
    expect(dialog.getAttribute("aria-modal")).toBe("true");
    await waitFor(() => expect(within(dialog).getByTestId("bytes-freed").textContent).toBe("350.0 MiB"));
    const row = within(dialog).getByRole("row", { name: /SmolLM-135M/ });
    expect(row.textContent).toContain("135M");
    expect(row.textContent).toContain("2"); // extractions that depend on it
    expect(dialog.textContent).toContain("removes the extractions");
    expect(fake.callsOf(DeleteModelMutation)).toEqual([{ id: "m1", dryRun: true }]);

    fireEvent.click(within(dialog).getByRole("button", { name: "Delete" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(fake.callsOf(DeleteModelMutation)).toEqual([{ id: "m1", dryRun: true }, { id: "m1", dryRun: false }]);
    expect(screen.queryByRole("article")).toBeNull();
  });

  it("explains why a delete is blocked and offers no Delete", async () => {
    const fake = fakeApiWith([aModel({ id: "m1" })]);
    fake.respond(DeleteModelMutation, () => ({ deleteModel: aDeletionReport({ blocked: true, blockedReasons: ["Extraction e7 is running on this model."] }) }));
    renderWithStore(() => <ModelsPage />, fake);
    fireEvent.click(within(await screen.findByRole("article")).getByRole("button", { name: "Delete" }));
    const dialog = await screen.findByRole("dialog");
    expect((await within(dialog).findByRole("alert")).textContent).toContain("Extraction e7 is running on this model.");
    expect(disabled(within(dialog).getByRole("button", { name: "Delete" }))).toBe(true);
  });

  it("runs the same dry run for all unused models, and Esc closes it", async () => {
    const fake = fakeApiWith([aModel({ id: "m1" })]);
    fake.respond(DeleteUnusedModelsMutation, () => ({
      deleteUnusedModels: aDeletionReport({
        models: [
          { id: "a", name: "gpt2-tiny", format: "Q8", bytes: 1024 ** 3, paths: [], extractionCount: 0 },
          { id: "b", name: "phi-tiny", format: "FP16", bytes: 2 * 1024 ** 3, paths: [], extractionCount: 0 },
        ],
      }),
    }));
    renderWithStore(() => <ModelsPage />, fake);
    const opener = await screen.findByRole("button", { name: "Delete all unused models" });
    opener.focus();
    fireEvent.click(opener);
    const dialog = await screen.findByRole("dialog", { name: "Delete all unused models?" });
    await waitFor(() => expect(within(dialog).getAllByRole("row")).toHaveLength(3));
    expect(within(dialog).getByTestId("bytes-freed").textContent).toBe("3.00 GiB");
    expect(fake.callsOf(DeleteUnusedModelsMutation)).toEqual([{ dryRun: true }]);
    // Tab stays inside the dialog: from the last control it wraps to the first, and back.
    const close = within(dialog).getByRole("button", { name: "Close dialog" });
    const last = within(dialog).getByRole("button", { name: "Delete" });
    last.focus();
    fireEvent.keyDown(last, { key: "Tab" });
    expect(document.activeElement).toBe(close);
    fireEvent.keyDown(close, { key: "Tab", shiftKey: true });
    expect(document.activeElement).toBe(last);
    fireEvent.keyDown(dialog, { key: "Escape" });
    expect(screen.queryByRole("dialog")).toBeNull();
    expect(document.activeElement).toBe(screen.getByRole("button", { name: "Delete all unused models" })); // focus goes back
    expect(fake.callsOf(DeleteUnusedModelsMutation)).toHaveLength(1);
  });
});
