import type { JSX, ParentProps } from "solid-js";

/** One label/value pair inside a `<dl class="facts">`. */
export function Fact(props: ParentProps<{ label: JSX.Element; title?: string }>) {
  return (
    <div>
      <dt>{props.label}</dt>
      <dd title={props.title}>{props.children}</dd>
    </div>
  );
}
