import { createUniqueId, onCleanup, onMount, type JSX, type ParentProps } from "solid-js";

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Accessible modal: role="dialog" aria-modal="true", labelled by its title, Esc closes, Tab stays
 * inside, and focus returns to whatever opened it.
 */
export function Modal(props: ParentProps<{ title: string; onClose: () => void; wide?: boolean; footer?: JSX.Element }>) {
  const titleId = createUniqueId();
  let panel!: HTMLDivElement;
  const opener = document.activeElement as HTMLElement | null;

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      props.onClose();
    } else if (event.key === "Tab") {
      const items = [...panel.querySelectorAll<HTMLElement>(FOCUSABLE)];
      if (items.length === 0) return;
      const first = items[0];
      const last = items[items.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    }
  };

  // Start in the content (the first field), not on the close button in the header.
  onMount(() => (panel.querySelector<HTMLElement>(`.modal-body :is(${FOCUSABLE})`) ?? panel).focus());
  onCleanup(() => opener?.focus?.());

  return (
    <div class="overlay" onClick={(e) => e.target === e.currentTarget && props.onClose()}>
      <div
        ref={panel}
        class="modal"
        classList={{ wide: props.wide }}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabindex="-1"
        onKeyDown={onKeyDown}
      >
        <header class="modal-head">
          <h2 id={titleId}>{props.title}</h2>
          <button type="button" class="icon" aria-label="Close dialog" onClick={() => props.onClose()}>
            ×
          </button>
        </header>
        <div class="modal-body">{props.children}</div>
        {props.footer && <footer class="modal-foot">{props.footer}</footer>}
      </div>
    </div>
  );
}
