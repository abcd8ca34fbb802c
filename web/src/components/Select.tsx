import { For } from "solid-js";

export interface Option<T> {
  value: T;
  label: string;
}

/**
 * A <select> whose current value is set per option (`selected`), because setting `value` on the
 * element before its dynamic options are inserted leaves the browser on the first option. The
 * change handler gets the option's typed value back, not a string.
 */
export function Select<T extends string | number>(props: { value: T; options: readonly Option<T>[]; onChange: (value: T) => void; name?: string }) {
  return (
    <select name={props.name} onChange={(e) => props.onChange(props.options[e.currentTarget.selectedIndex].value)}>
      <For each={props.options}>
        {(o) => (
          <option value={String(o.value)} selected={o.value === props.value}>
            {o.label}
          </option>
        )}
      </For>
    </select>
  );
}
