/** Datasets page (container). */
import { For } from "solid-js";
import { useStore } from "../../store/index.tsx";
import { DatasetCard } from "./DatasetCard.tsx";
import { ImportDatasetForm } from "./ImportDatasetForm.tsx";

export default function DatasetsPage() {
  const { datasets } = useStore();
  return (
    <div class="page">
      <ImportDatasetForm uploadProgress={datasets.uploadProgress()} onFile={datasets.importFile} onHub={datasets.importFromHub} />
      <section class="panel" aria-labelledby="datasets-heading">
        <h2 id="datasets-heading">Datasets</h2>
        <div class="card-grid">
          <For each={datasets.list()} fallback={<p class="empty">No datasets yet. Import a file or a Hub dataset above.</p>}>
            {(d) => <DatasetCard dataset={d} percent={datasets.percentById[d.id]} onDelete={() => datasets.remove(d.id)} />}
          </For>
        </div>
      </section>
    </div>
  );
}
