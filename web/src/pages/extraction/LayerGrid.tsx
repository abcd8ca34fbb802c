import { Index } from "solid-js";

/** L0…L{n-1} as toggle buttons (aria-pressed), with Select All / Deselect All. */
export function LayerGrid(props: { numLayers: number; selected: readonly number[]; onChange: (layers: number[]) => void }) {
  const isOn = (layer: number) => props.selected.includes(layer);
  const toggle = (layer: number) =>
    props.onChange(isOn(layer) ? props.selected.filter((l) => l !== layer) : [...props.selected, layer].sort((a, b) => a - b));
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
      <div class="grid" role="group" aria-label="Layers">
        <Index each={Array.from({ length: props.numLayers }, (_, i) => i)}>
          {(layer) => (
            <button type="button" class="layer" aria-pressed={isOn(layer())} onClick={() => toggle(layer())}>
              L{layer()}
            </button>
          )}
        </Index>
      </div>
    </fieldset>
  );
}
