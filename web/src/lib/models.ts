import type { ModelItemFragment, ModelStatus } from "../gql/graphql.ts";
import { MODEL_BUSY_STATUSES } from "../../../contracts/src/status.ts";

export interface ModelFilter {
  status: ModelStatus | "";
  architecture: string;
  search: string;
}
export const NO_FILTER: ModelFilter = { status: "", architecture: "", search: "" };

/** In-progress models first (the user is watching them), then newest first. */
export function sortModels(models: readonly ModelItemFragment[]): ModelItemFragment[] {
  const busy = (m: ModelItemFragment) => (MODEL_BUSY_STATUSES.includes(m.status) ? 0 : 1);
  return [...models].sort((x, y) => busy(x) - busy(y) || y.createdAt.localeCompare(x.createdAt));
}

export function filterModels(models: readonly ModelItemFragment[], filter: ModelFilter): ModelItemFragment[] {
  const needle = filter.search.trim().toLowerCase();
  return models.filter(
    (m) =>
      (!filter.status || m.status === filter.status) &&
      (!filter.architecture || m.architectureName === filter.architecture) &&
      (!needle || m.repoId.toLowerCase().includes(needle) || (m.architectureName ?? "").toLowerCase().includes(needle)),
  );
}
