import { Show } from "solid-js";

/** A failure the user has to read (an API error, a refused action); renders nothing while there is none. */
export function ErrorAlert(props: { message: string | null | undefined }) {
  return (
    <Show when={props.message}>
      <p class="error" role="alert">
        {props.message}
      </p>
    </Show>
  );
}
