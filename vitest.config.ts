import { defineConfig } from "vitest/config";
import solid from "vite-plugin-solid";

// Three projects: pure/unit code with no services, code that needs PostgreSQL + Redis + worker
// processes, and the SolidJS components (happy-dom). End-to-end browser tests live in `e2e`.
export default defineConfig({
  test: {
    coverage: {
      provider: "v8",
      // Source files only: the coverage remapper parses what it includes as JavaScript (a .wat is not).
      include: ["server/src/**/*.ts", "worker/src/**/*.{ts,mjs}", "contracts/src/**/*.ts"],
      exclude: ["server/src/generated/**"],
      reporter: ["text-summary", "text"],
    },
    projects: [
      {
        test: {
          name: "unit",
          environment: "node",
          include: ["contracts/**/*.test.ts", "worker/src/**/*.test.ts", "server/src/**/*.unit.test.ts"],
          testTimeout: 120_000,
        },
      },
      {
        test: {
          name: "integration",
          environment: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/e2e/**"],
          globalSetup: ["test/support/global-setup.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
      {
        plugins: [solid()],
        test: {
          name: "web",
          environment: "happy-dom",
          include: ["web/src/**/*.test.tsx", "web/src/**/*.test.ts"],
        },
        resolve: { conditions: ["development", "browser"] },
      },
      {
        test: {
          name: "e2e",
          environment: "node",
          include: ["test/e2e/**/*.test.ts"],
          globalSetup: ["test/support/global-setup.ts"],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
