import { For } from "solid-js";
import { MODEL_STATUSES } from "../../../../contracts/src/status.ts";
import type { ModelStatus } from "../../gql/graphql.ts";
import type { ModelFilter } from "../../lib/models.ts";

export function ModelFilters(props: { filter: ModelFilter; architectures: string[]; onChange: (next: ModelFilter) => void }) {
  const set = (patch: Partial<ModelFilter>) => props.onChange({ ...props.filter, ...patch });
  return (
    <div class="filters" role="search">
      <label class="field">
        <span>Status</span>
        <select value={props.filter.status} onChange={(e) => set({ status: e.currentTarget.value as ModelStatus | "" })}>
          <option value="">All</option>
          <For each={MODEL_STATUSES}>{(s) => <option value={s}>{s.toLowerCase()}</option>}</For>
        </select>
      </label>
      <label class="field">
        <span>Architecture</span>
        <select value={props.filter.architecture} onChange={(e) => set({ architecture: e.currentTarget.value })}>
          <option value="">All</option>
          <For each={props.architectures}>{(a) => <option value={a}>{a}</option>}</For>
        </select>
      </label>
      <label class="field grow">
        <span>Search</span>
        <input type="search" placeholder="name or architecture" value={props.filter.search} onInput={(e) => set({ search: e.currentTarget.value })} />
      </label>
    </div>
  );
}
