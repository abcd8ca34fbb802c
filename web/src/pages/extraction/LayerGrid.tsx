import { createSignal, Index } from "solid-js";

/**
 * L0…L{n-1} as toggle buttons (aria-pressed), with Select All / Deselect All. The grid is one Tab
 * stop (roving tabindex): arrow keys, Home and End move between layers, Space or Enter toggles, so
 * a 40-layer model does not cost 40 presses of Tab to get past.
 */
export function LayerGrid(props: { numLayers: number; selected: readonly number[]; onChange: (layers: number[]) => void }) {
  const [current, setCurrent] = createSignal(0);
  let grid!: HTMLDivElement;
  const isOn = (layer: number) => props.selected.includes(layer);
  const toggle = (layer: number) =>
    props.onChange(isOn(layer) ? props.selected.filter((l) => l !== layer) : [...props.selected, layer].sort((a, b) => a - b));

  const STEPS: Record<string, (from: number) => number> = {
    ArrowRight: (from) => from + 1,
    ArrowDown: (from) => from + 1,
    ArrowLeft: (from) => from - 1,
    ArrowUp: (from) => from - 1,
    Home: () => 0,
    End: () => props.numLayers - 1,
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const step = STEPS[event.key];
    if (!step) return;
    event.preventDefault();
    const next = Math.max(0, Math.min(props.numLayers - 1, step(current())));
    setCurrent(next);
    grid.querySelectorAll<HTMLButtonElement>("button")[next]?.focus();
  };

  return (
    <fieldset class="layer-grid">
      <legend>
        Layers <span class="muted">({props.selected.length} of {props.numLayers})</span>
      </legend>
      <div class="row">
        <button type="button" onClick={() => props.onChange(Array.from({ length: props.numLayers }, (_, i) => i))}>
          Select All
        </button>
        <button type="button" onClick={() => props.onChange([])}>
          Deselect All
        </button>
      </div>
      <div ref={grid} class="grid" role="group" aria-label="Layers" onKeyDown={onKeyDown}>
        <Index each={Array.from({ length: props.numLayers }, (_, i) => i)}>
          {(layer) => (
            <button
              type="button"
              class="layer"
              aria-pressed={isOn(layer())}
              tabindex={layer() === current() ? 0 : -1}
              onFocus={() => setCurrent(layer())}
              onClick={() => toggle(layer())}
            >
              L{layer()}
            </button>
          )}
        </Index>
      </div>
    </fieldset>
  );
}
