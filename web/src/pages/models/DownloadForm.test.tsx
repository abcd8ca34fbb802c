import { fireEvent, screen, waitFor, within } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { ApiError } from "../../api/api.ts";
import { DownloadModelMutation, ModelPlanQuery } from "../../api/documents.ts";
import { aModel, aPlan } from "../../test/fixtures.ts";
import { disabled, renderWithStore } from "../../test/render.tsx";
import ModelsPage from "./index.tsx";

const type = (label: string, value: string) => fireEvent.input(screen.getByLabelText(label), { target: { value } });

describe("download form", () => {
  it("keeps Download disabled while the repo id is empty or invalid", async () => {
    renderWithStore(() => <ModelsPage />);
    const submit = screen.getByRole("button", { name: "Download" });
    expect(disabled(submit)).toBe(true);
    type("Repository", "not a repo id");
    expect((await screen.findByText(/Use the form owner\/name/)).isConnected).toBe(true);
    expect(screen.getByLabelText("Repository").getAttribute("aria-invalid")).toBe("true");
    expect(disabled(submit)).toBe(true);
  });

  it("shows the live plan for a valid repo id: size and memory per format, fit, free disk, revision", async () => {
    const { fake } = renderWithStore(() => <ModelsPage />);
    fake.respond(ModelPlanQuery, ({ repoId }) => ({ modelPlan: aPlan({ repoId }) }));
    type("Repository", "HuggingFaceTB/SmolLM-135M");

    const table = await screen.findByRole("table");
    expect(fake.callsOf(ModelPlanQuery)).toEqual([{ repoId: "HuggingFaceTB/SmolLM-135M", accessToken: null }]);
    const q4 = within(table).getByRole("row", { name: /Q4/ });
    expect(q4.textContent).toContain("recommended");
    expect(q4.textContent).toContain("104.9 MiB"); // 110e6 bytes on disk
    expect(q4.textContent).toContain("fits");
    expect(within(table).getByRole("row", { name: /Q2/ }).textContent).toContain("tight");
    expect(screen.getByText("40.0 GiB").isConnected).toBe(true); // free disk
    expect(screen.getByText("abcdef1234").isConnected).toBe(true); // revision, shortened
    expect(screen.getByRole("option", { name: "Q4 (recommended)" }).isConnected).toBe(true);
    const breakdown = screen.getByText(/Memory breakdown for Q4/).closest("details")!;
    expect([...breakdown.querySelectorAll("li")].map((li) => li.textContent)).toEqual([
      "Weights in memory 145.8 MiB",
      "Runtime overhead 64.0 MiB",
      "Quantized linear layers (disk) 62.9 MiB",
      "LM head (disk) 10.5 MiB",
      "Embeddings (disk) 26.2 MiB",
      "Norms, biases, positions (disk) 5.25 MiB",
    ]);
    expect(disabled(screen.getByRole("button", { name: "Download" }))).toBe(false);
  });

  it("says in place when the repository does not exist", async () => {
    const { fake } = renderWithStore(() => <ModelsPage />);
    fake.respond(ModelPlanQuery, () => {
      throw new ApiError("NOT_FOUND", "Repository not found", "repoId");
    });
    type("Repository", "nobody/nothing");
    expect((await screen.findByRole("alert")).textContent).toContain("Repository not found on the Hub: nobody/nothing");
    expect(screen.getByLabelText("Repository").getAttribute("aria-invalid")).toBe("true");
  });

  it("highlights the token field with a link to the token page when the model is gated", async () => {
    const { fake } = renderWithStore(() => <ModelsPage />);
    fake.respond(ModelPlanQuery, () => {
      throw new ApiError("GATED", "gated repo", "accessToken");
    });
    type("Repository", "meta-llama/Llama-3.2-1B");
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain("This model is gated");
    expect(within(alert).getByRole("link").getAttribute("href")).toBe("https://huggingface.co/settings/tokens");
    const token = screen.getByLabelText("Access token");
    expect(token.getAttribute("type")).toBe("password");
    expect(token.getAttribute("aria-invalid")).toBe("true");
    expect(token.closest("label")?.classList.contains("highlighted")).toBe(true);
  });

  it("re-asks the plan with the token, and starts the download with the chosen format", async () => {
    const { fake } = renderWithStore(() => <ModelsPage />);
    fake.respond(ModelPlanQuery, ({ repoId }) => ({ modelPlan: aPlan({ repoId }) }));
    fake.respond(DownloadModelMutation, () => ({
      downloadModel: { jobId: "j1", model: aModel({ id: "new", name: "SmolLM-135M", status: "DOWNLOADING", format: "Q8", requestedFormat: "Q8" }) },
    }));
    type("Repository", "HuggingFaceTB/SmolLM-135M");
    type("Access token", "hf_abcdefghijklmnopqrstuvwxyz");
    await waitFor(() => expect(fake.callsOf(ModelPlanQuery).at(-1)).toEqual({ repoId: "HuggingFaceTB/SmolLM-135M", accessToken: "hf_abcdefghijklmnopqrstuvwxyz" }));
    fireEvent.change(screen.getByLabelText("Format"), { target: { value: "Q8" } });
    await screen.findByRole("table");
    fireEvent.click(screen.getByRole("button", { name: "Download" }));

    const card = await screen.findByRole("article", { name: "SmolLM-135M Q8" });
    expect(within(card).getByText("downloading").isConnected).toBe(true);
    expect(fake.callsOf(DownloadModelMutation)).toEqual([
      { input: { repoId: "HuggingFaceTB/SmolLM-135M", quantization: "Q8", accessToken: "hf_abcdefghijklmnopqrstuvwxyz" } },
    ]);
    expect((screen.getByLabelText("Repository") as HTMLInputElement).value).toBe("");
  });

  it("rejects a malformed access token before asking the server", async () => {
    renderWithStore(() => <ModelsPage />);
    type("Repository", "HuggingFaceTB/SmolLM-135M");
    type("Access token", "secret");
    expect((await screen.findByText(/starts with hf_/)).isConnected).toBe(true);
    expect(disabled(screen.getByRole("button", { name: "Download" }))).toBe(true);
  });
});
