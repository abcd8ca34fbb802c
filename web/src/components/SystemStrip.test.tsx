import { fireEvent, screen, waitFor } from "@solidjs/testing-library";
import { describe, expect, it } from "vitest";
import { ModelProgressSubscription, ModelsQuery, SystemQuery } from "../api/documents.ts";
import { aModel } from "../test/fixtures.ts";
import { fakeApiWith, renderWithStore } from "../test/render.tsx";
import { ConnectionBanner } from "./ConnectionBanner.tsx";
import { SystemStrip } from "./SystemStrip.tsx";
import { TokenDialog } from "./TokenDialog.tsx";

const shell = () => (
  <>
    <SystemStrip />
    <ConnectionBanner />
    <TokenDialog />
  </>
);

describe("system strip and connection", () => {
  it("shows free disk, memory budget and queue depths", async () => {
    const fake = fakeApiWith();
    fake.respond(SystemQuery, () => ({
      system: {
        freeDiskBytes: 12 * 1024 ** 3,
        totalDiskBytes: 64 * 1024 ** 3,
        deviceBudgetBytes: 8 * 1024 ** 3,
        memoryTotalBytes: 16 * 1024 ** 3,
        queues: [{ queue: "downloads", waiting: 2, active: 1, delayed: 0, failed: 0 }],
      },
    }));
    renderWithStore(shell, fake);
    const strip = await screen.findByRole("complementary", { name: "System" });
    await waitFor(() => expect(strip.textContent).toContain("Free disk 12.0 GiB of 64.0 GiB"));
    expect(strip.textContent).toContain("Memory budget 8.00 GiB");
    expect(screen.getByTitle("2 waiting, 1 active, 0 delayed, 0 failed").textContent).toBe("downloads 1 active · 2 waiting");
  });

  it("shows a banner while the socket is down and catches up on reconnect without a reload", async () => {
    const { fake } = renderWithStore(shell);
    await waitFor(() => expect(fake.callsOf(ModelsQuery)).toHaveLength(1));
    fake.setConnection("connected");
    expect(screen.queryByRole("alert")).toBeNull();

    fake.setConnection("dropped");
    expect((await screen.findByRole("alert")).textContent).toContain("Connection to the server lost");
    fake.setConnection("connecting"); // a retry: the banner stays up
    expect(screen.getByRole("alert").textContent).toContain("Reconnecting");
    fake.setConnection("connected");
    expect((await screen.findByRole("status")).textContent).toContain("Reconnected. Everything is up to date.");
    expect(screen.queryByRole("alert")).toBeNull();
    expect(fake.callsOf(ModelsQuery)).toHaveLength(2); // the list was re-read once, not polled
  });

  it("graphs the resource samples a running conversion streams", async () => {
    const model = aModel({ id: "m1", name: "llama-tiny", status: "QUANTIZING" });
    const { fake } = renderWithStore(shell, fakeApiWith([model]));
    await waitFor(() => expect(fake.open(ModelProgressSubscription)).toHaveLength(1));
    const progress = (cpu: number, rss: number) => ({
      modelProgress: {
        modelId: "m1",
        status: "QUANTIZING" as const,
        errorCode: null,
        model: null,
        progress: { phase: "conversion", percent: 30, bytesDone: null, bytesTotal: null, speed: null, etaSeconds: null, currentFile: null, message: null, at: "t", resources: { at: "t", cpuPercent: cpu, rssBytes: rss, gpuPercent: null, gpuMemoryBytes: null } },
      },
    });
    fake.push(ModelProgressSubscription, progress(50, 100 * 1024 ** 2));
    fake.push(ModelProgressSubscription, progress(180, 300 * 1024 ** 2));
    const graph = await screen.findByRole("img", { name: "CPU and memory over the last minute" });
    expect(graph.querySelector("polyline.cpu")?.getAttribute("points")?.split(" ")).toHaveLength(2);
    const strip = screen.getByRole("complementary", { name: "System" });
    expect(strip.textContent).toContain("quantizing llama-tiny");
    expect(strip.textContent).toContain("CPU 180%");
    expect(strip.textContent).toContain("RAM 300.0 MiB");
  });

  it("asks for the API token once when the server refuses the connection", async () => {
    const { fake } = renderWithStore(shell);
    fake.setConnection("unauthorized");
    const dialog = await screen.findByRole("dialog", { name: "API token required" });
    expect(document.activeElement).toBe(screen.getByLabelText("API token")); // focus starts in the field
    fireEvent.input(screen.getByLabelText("API token"), { target: { value: "s3cret" } });
    fireEvent.click(screen.getByRole("button", { name: "Connect" }));
    expect(fake.tokens).toEqual(["s3cret"]);
    fake.setConnection("connected");
    await waitFor(() => expect(dialog.isConnected).toBe(false));
  });
});
