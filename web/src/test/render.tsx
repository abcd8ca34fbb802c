import { cleanup, render } from "@solidjs/testing-library";
import { Provider as UrqlProvider } from "@urql/solid";
import { afterEach } from "vitest";
import type { JSX } from "solid-js";
import { DatasetsQuery, ExtractionsQuery, ExtractionTemplatesQuery, ModelsQuery, SystemQuery } from "../api/documents.ts";
import { StoreProvider } from "../store/index.tsx";
import type { ModelItemFragment } from "../gql/graphql.ts";
import { createFakeApi, type FakeApi } from "./fakeApi.ts";

// No vitest globals here, so the testing library cannot register its own cleanup.
afterEach(cleanup);

export const disabled = (element: Element) => (element as HTMLButtonElement).disabled;

/** A fake Api that already answers the list queries the provider sends at start. */
export function fakeApiWith(models: ModelItemFragment[] = []): FakeApi {
  const fake = createFakeApi();
  fake.respond(ModelsQuery, ({ first, after }) => {
    const start = after ? Number(after) : 0;
    const page = models.slice(start, start + (first ?? 20));
    const end = start + page.length;
    return { models: { totalCount: models.length, pageInfo: { hasNextPage: end < models.length, endCursor: String(end) }, edges: page.map((node) => ({ node })) } };
  });
  fake.respond(ExtractionsQuery, () => ({ extractions: [] }));
  fake.respond(DatasetsQuery, () => ({ datasets: [] }));
  fake.respond(ExtractionTemplatesQuery, () => ({ extractionTemplates: [] }));
  fake.respond(SystemQuery, () => ({
    system: { freeDiskBytes: 40 * 1024 ** 3, totalDiskBytes: 100 * 1024 ** 3, deviceBudgetBytes: 8 * 1024 ** 3, memoryTotalBytes: 16 * 1024 ** 3, queues: [] },
  }));
  return fake;
}

/** Renders under a fresh provider; `stored` is what an earlier session left in localStorage. */
export function renderWithStore(ui: () => JSX.Element, fake: FakeApi = fakeApiWith(), stored: Record<string, string> = {}) {
  window.localStorage.clear();
  Object.entries(stored).forEach(([key, value]) => window.localStorage.setItem(key, value));
  const result = render(() => (
    <UrqlProvider value={fake.client}>
      <StoreProvider api={fake.api} options={{ debounceMs: 0, storage: window.localStorage }}>
        {ui()}
      </StoreProvider>
    </UrqlProvider>
  ));
  return { ...result, fake };
}
