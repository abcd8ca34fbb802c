import { Select } from "../../components/Select.tsx";
import { MODEL_STATUSES } from "../../../../contracts/src/status.ts";
import type { ModelStatus } from "../../gql/graphql.ts";
import type { ModelFilter } from "../../lib/models.ts";

export function ModelFilters(props: { filter: ModelFilter; architectures: string[]; onChange: (next: ModelFilter) => void }) {
  const set = (patch: Partial<ModelFilter>) => props.onChange({ ...props.filter, ...patch });
  return (
    <div class="filters" role="search">
      <label class="field">
        <span>Status</span>
        <Select<ModelStatus | "">
          value={props.filter.status}
          onChange={(status) => set({ status })}
          options={[{ value: "", label: "All" }, ...MODEL_STATUSES.map((s) => ({ value: s, label: s.toLowerCase() }))]}
        />
      </label>
      <label class="field">
        <span>Architecture</span>
        <Select
          value={props.filter.architecture}
          onChange={(architecture) => set({ architecture })}
          options={[{ value: "", label: "All" }, ...props.architectures.map((a) => ({ value: a, label: a }))]}
        />
      </label>
      <label class="field grow">
        <span>Search</span>
        <input type="search" placeholder="name or architecture" value={props.filter.search} onInput={(e) => set({ search: e.currentTarget.value })} />
      </label>
    </div>
  );
}
