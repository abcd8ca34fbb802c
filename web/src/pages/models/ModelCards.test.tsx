import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/api.ts";
import { CancelModelJobMutation, ModelEventsSubscription, ModelsQuery, ModelProgressSubscription, RequantizeModelMutation, RetryModelDownloadMutation } from "../../api/documents.ts";
import type { ModelProgressFieldsFragment } from "../../gql/graphql.ts";
import { aModel } from "../../test/fixtures.ts";
import { disabled, fakeApiWith, renderWithStore } from "../../test/render.tsx";
import ModelsPage, { EMPTY_TEXT } from "./index.tsx";

const progress = (over: Partial<ModelProgressFieldsFragment> = {}): ModelProgressFieldsFragment => ({
  phase: "download",
  percent: 0,
  bytesDone: 0,
  bytesTotal: 100,
  speed: null,
  etaSeconds: null,
  currentFile: null,
  message: null,
  resources: null,
  at: "2026-11-26T10:00:00Z",
  ...over,
});
const cardNames = () => screen.getAllByRole("article").map((a) => a.getAttribute("aria-label"));

describe("model cards", () => {
  it("shows the exact empty state when there are no models", async () => {
    renderWithStore(() => <ModelsPage />);
    expect((await screen.findByText(EMPTY_TEXT)).textContent).toBe("No models yet. Download from HuggingFace to get started.");
  });

  it("says the list could not be read instead of claiming there are no models", async () => {
    const fake = fakeApiWith();
    fake.respond(ModelsQuery, () => {
      throw new ApiError("UNAUTHENTICATED", "This API needs a token.");
    });
    renderWithStore(() => <ModelsPage />, fake);
    expect((await screen.findByRole("alert")).textContent).toBe("Could not read the models: This API needs a token.");
    expect(screen.queryByText(EMPTY_TEXT)).toBeNull();
  });

  it("shows name, formatted parameters, format, memory and a status badge with a tooltip", async () => {
    renderWithStore(() => <ModelsPage />, fakeApiWith([aModel({ id: "tl1", name: "TinyLlama-1.1B", parameterCount: 1_100_048_384, format: "Q4", estimatedMemoryBytes: 700 * 1024 ** 2 })]));
    const card = await screen.findByRole("article", { name: "TinyLlama-1.1B Q4" });
    expect(card.textContent).toContain("1.1B");
    expect(card.textContent).toContain("700.0 MiB");
    const badge = within(card).getByText("ready").closest(".badge")!;
    expect(badge.getAttribute("data-tip")).toBe("Ready"); // the tooltip, on hover and on focus
    expect(badge.getAttribute("tabindex")).toBe("0");
    expect(badge.textContent).toBe("ready: Ready");
    expect(within(card).getByRole("link", { name: "TinyLlama-1.1B" }).getAttribute("href")).toBe("#/models/tl1");
    expect(within(card).getByRole("button", { name: "Extract Activations" }).isConnected).toBe(true);
    expect(within(card).getByRole("button", { name: "Re-quantize" }).isConnected).toBe(true);
    expect(within(card).getByRole("button", { name: "Delete" }).isConnected).toBe(true);
    expect(within(card).queryByRole("button", { name: "Cancel" })).toBeNull();
  });

  it("lists in-progress models first, then the newest", async () => {
    renderWithStore(
      () => <ModelsPage />,
      fakeApiWith([
        aModel({ name: "old", createdAt: "2026-01-01T00:00:00Z" }),
        aModel({ name: "new", createdAt: "2026-02-01T00:00:00Z" }),
        aModel({ name: "busy", status: "QUANTIZING", createdAt: "2025-01-01T00:00:00Z" }),
      ]),
    );
    await screen.findAllByRole("article");
    expect(cardNames()).toEqual(["busy Q4", "new Q4", "old Q4"]);
  });

  it("follows a download live: progress with percent, speed and ETA, then ready without a reload", async () => {
    const model = aModel({ id: "m1", name: "gpt2-tiny", status: "DOWNLOADING", progress: progress() });
    const { fake } = renderWithStore(() => <ModelsPage />, fakeApiWith([model]));
    const card = await screen.findByRole("article", { name: "gpt2-tiny Q4" });
    await waitFor(() => expect(fake.open(ModelProgressSubscription)).toEqual([{ id: "m1" }]));

    fake.push(ModelProgressSubscription, {
      modelProgress: { modelId: "m1", status: "DOWNLOADING", errorCode: null, model: null, progress: progress({ percent: 42.4, speed: 2 * 1024 ** 2, etaSeconds: 75 }) },
    });
    const bar = within(card).getByRole("progressbar");
    expect(bar.getAttribute("aria-valuenow")).toBe("42");
    expect(bar.getAttribute("aria-valuemin")).toBe("0");
    expect(bar.getAttribute("aria-valuemax")).toBe("100");
    expect(card.textContent).toContain("42%");
    expect(card.textContent).toContain("2.00 MiB/s");
    expect(card.textContent).toContain("ETA 1m 15s");
    expect(within(card).getByRole("button", { name: "Cancel" }).isConnected).toBe(true);

    fake.push(ModelProgressSubscription, {
      modelProgress: { modelId: "m1", status: "QUANTIZING", errorCode: null, model: null, progress: progress({ phase: "conversion", percent: 10 }) },
    });
    expect(within(card).getByText("quantizing").isConnected).toBe(true);
    expect(card.textContent).toContain("conversion");

    fake.push(ModelProgressSubscription, {
      modelProgress: { modelId: "m1", status: "READY", errorCode: null, model: { ...model, status: "READY", progress: null }, progress: progress({ percent: 100 }) },
    });
    const ready = screen.getByRole("article", { name: "gpt2-tiny Q4" });
    expect(within(ready).queryByRole("progressbar")).toBeNull();
    expect(within(ready).getByRole("button", { name: "Extract Activations" }).isConnected).toBe(true);
    // READY is not busy: the per-model stream is closed, the list stream stays.
    expect(fake.open(ModelProgressSubscription)).toEqual([]);
    expect(fake.open(ModelEventsSubscription)).toHaveLength(1);
  });

  it("adds and removes cards from modelEvents", async () => {
    const { fake } = renderWithStore(() => <ModelsPage />);
    await screen.findByText(EMPTY_TEXT);
    fake.push(ModelEventsSubscription, { modelEvents: { kind: "CREATED", modelId: "x", model: aModel({ id: "x", name: "phi-tiny" }) } });
    expect((await screen.findByRole("article")).getAttribute("aria-label")).toBe("phi-tiny Q4");
    fake.push(ModelEventsSubscription, { modelEvents: { kind: "DELETED", modelId: "x", model: null } });
    expect(await screen.findByText(EMPTY_TEXT)).toBeTruthy();
    expect(screen.queryByRole("article")).toBeNull();
  });

  it("offers Retry for a failed model and sends it", async () => {
    const failed = aModel({ id: "f1", name: "broken", status: "ERROR", statusMessage: "Hub answered 503", errorCode: "UNAVAILABLE" });
    const fake = fakeApiWith([failed]);
    fake.respond(RetryModelDownloadMutation, () => ({ retryModelDownload: { jobId: "j2", model: { ...failed, status: "DOWNLOADING" as const, statusMessage: null } } }));
    renderWithStore(() => <ModelsPage />, fake);
    const card = await screen.findByRole("article", { name: "broken Q4" });
    expect(card.textContent).toContain("Hub answered 503");
    expect(within(card).queryByRole("button", { name: "Extract Activations" })).toBeNull();
    fireEvent.click(within(card).getByRole("button", { name: "Retry" }));
    await waitFor(() => expect(within(screen.getByRole("article")).getByText("downloading").isConnected).toBe(true));
    expect(fake.callsOf(RetryModelDownloadMutation)).toEqual([{ id: "f1", accessToken: undefined }]);
    // ERROR kept its progress stream paused; busy again, it opens.
    await waitFor(() => expect(fake.open(ModelProgressSubscription)).toEqual([{ id: "f1" }]));
  });

  it("filters by status, architecture and search", async () => {
    renderWithStore(
      () => <ModelsPage />,
      fakeApiWith([
        aModel({ name: "gpt2-tiny", repoId: "fixtures/gpt2-tiny", architectureName: "gpt2" }),
        aModel({ name: "llama-tiny", repoId: "fixtures/llama-tiny", architectureName: "llama", status: "ERROR" }),
        aModel({ name: "qwen-tiny", repoId: "fixtures/qwen-tiny", architectureName: "qwen2" }),
      ]),
    );
    await screen.findAllByRole("article");
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "ERROR" } });
    expect(cardNames()).toEqual(["llama-tiny Q4"]);
    fireEvent.change(screen.getByLabelText("Status"), { target: { value: "" } });
    fireEvent.change(screen.getByLabelText("Architecture"), { target: { value: "gpt2" } });
    expect(cardNames()).toEqual(["gpt2-tiny Q4"]);
    fireEvent.change(screen.getByLabelText("Architecture"), { target: { value: "" } });
    fireEvent.input(screen.getByLabelText("Search"), { target: { value: "QWEN" } });
    expect(cardNames()).toEqual(["qwen-tiny Q4"]);
    fireEvent.input(screen.getByLabelText("Search"), { target: { value: "mistral" } });
    expect(screen.getByText("No models match these filters.").isConnected).toBe(true);
    expect(disabled(screen.getByRole("button", { name: "Delete all unused models" }))).toBe(false);
  });

  it("re-quantizes a ready model into a new format from a dialog", async () => {
    const ready = aModel({ id: "r1", name: "SmolLM-135M", format: "Q4" });
    const fake = fakeApiWith([ready]);
    fake.respond(RequantizeModelMutation, ({ quantization }) => ({
      requantizeModel: { jobId: "j3", model: aModel({ id: "r2", name: "SmolLM-135M", format: quantization as "Q8", requestedFormat: quantization as "Q8", status: "QUANTIZING", sourceModel: { id: "r1", name: "SmolLM-135M" } }) },
    }));
    renderWithStore(() => <ModelsPage />, fake);
    fireEvent.click(within(await screen.findByRole("article", { name: "SmolLM-135M Q4" })).getByRole("button", { name: "Re-quantize" }));
    const dialog = screen.getByRole("dialog", { name: "Re-quantize SmolLM-135M" });
    expect(within(dialog).getAllByRole("option").map((o) => o.textContent)).toEqual(["FP32", "FP16", "Q8", "Q2"]);
    fireEvent.change(within(dialog).getByLabelText("New format"), { target: { value: "Q8" } });
    fireEvent.click(within(dialog).getByRole("button", { name: "Build Q8" }));
    const variant = await screen.findByRole("article", { name: "SmolLM-135M Q8" });
    expect(within(variant).getByText("quantizing").isConnected).toBe(true);
    expect(variant.textContent).toContain("re-quantized from SmolLM-135M");
    expect(fake.callsOf(RequantizeModelMutation)).toEqual([{ id: "r1", quantization: "Q8" }]);
    expect(cardNames()).toEqual(["SmolLM-135M Q8", "SmolLM-135M Q4"]);
    expect(screen.queryByRole("dialog")).toBeNull();
  });

  it("cancels a busy model's job", async () => {
    const busy = aModel({ id: "b1", name: "phi-tiny", status: "DOWNLOADING", progress: progress({ percent: 5 }) });
    const fake = fakeApiWith([busy]);
    fake.respond(CancelModelJobMutation, () => ({ cancelModelJob: { ...busy, status: "ERROR" as const, errorCode: "CANCELLED", statusMessage: "Cancelled by the user." } }));
    renderWithStore(() => <ModelsPage />, fake);
    const card = await screen.findByRole("article", { name: "phi-tiny Q4" });
    expect(within(card).queryByRole("button", { name: "Delete" })).toBeNull(); // nothing to delete while a job holds it
    fireEvent.click(within(card).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(within(card).getByText("error").isConnected).toBe(true));
    expect(card.textContent).toContain("Cancelled by the user.");
    expect(within(card).getByRole("button", { name: "Retry" }).isConnected).toBe(true);
    expect(fake.callsOf(CancelModelJobMutation)).toEqual([{ id: "b1" }]);
  });

  it("asks for an access token before retrying a gated download", async () => {
    const gated = aModel({ id: "g1", name: "Llama-3.2-1B", status: "ERROR", errorCode: "GATED", statusMessage: "Access to this repository is gated." });
    const fake = fakeApiWith([gated]);
    fake.respond(RetryModelDownloadMutation, () => ({ retryModelDownload: { jobId: "j4", model: { ...gated, status: "DOWNLOADING" as const, errorCode: null } } }));
    renderWithStore(() => <ModelsPage />, fake);
    fireEvent.click(within(await screen.findByRole("article", { name: "Llama-3.2-1B Q4" })).getByRole("button", { name: "Retry" }));
    const dialog = screen.getByRole("dialog", { name: "Retry Llama-3.2-1B" });
    expect(within(dialog).getByRole("link").getAttribute("href")).toBe("https://huggingface.co/settings/tokens");
    const submit = within(dialog).getByRole("button", { name: "Retry with token" });
    expect(disabled(submit)).toBe(true);
    fireEvent.input(within(dialog).getByLabelText("Access token"), { target: { value: "hf_abcdefghijklmnopqrstuvwxyz" } });
    fireEvent.click(submit);
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(fake.callsOf(RetryModelDownloadMutation)).toEqual([{ id: "g1", accessToken: "hf_abcdefghijklmnopqrstuvwxyz" }]);
    expect(within(screen.getByRole("article")).getByText("downloading").isConnected).toBe(true);
  });
});
