/** Extractions page (container): every extraction, live while it runs, results when done. */
import { For } from "solid-js";
import { useStore } from "../../store/index.tsx";
import { ExtractionCard } from "./ExtractionCard.tsx";

export default function ExtractionsPage() {
  const { extractions } = useStore();
  return (
    <div class="page">
      <section class="panel" aria-labelledby="extractions-heading">
        <h2 id="extractions-heading">Extractions</h2>
        <div class="card-list">
          <For each={extractions.list()} fallback={<p class="empty">No extractions yet. Start one from a ready model's card.</p>}>
            {(e) => <ExtractionCard extraction={e} samples={extractions.state.samples[e.id]} onCancel={() => void extractions.cancel(e.id)} />}
          </For>
        </div>
      </section>
    </div>
  );
}
