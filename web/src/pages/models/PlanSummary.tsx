import { For, Show } from "solid-js";
import { Fact } from "../../components/Fact.tsx";
import { FitBadge } from "../../components/FitBadge.tsx";
import type { QuantizationFormat } from "../../gql/graphql.ts";
import { formatBytes, formatParams, humanizeKey } from "../../lib/format.ts";
import type { ModelPlan } from "../../store/plan.ts";

/** Names for the estimator's breakdown keys (engine/estimate); other keys are shown as words. */
const BREAKDOWN_LABELS: Record<string, string> = {
  runtimeWeightBytes: "Weights in memory",
  runtimeOverheadBytes: "Runtime overhead",
  blockLinearBytes: "Quantized linear layers (disk)",
  lmHeadBytes: "LM head (disk)",
  embeddingBytes: "Embeddings (disk)",
  otherBytes: "Norms, biases, positions (disk)",
};

/** The plan's breakdown as label/bytes rows, memory parts first. */
export function breakdownRows(breakdown: unknown): [string, number][] {
  if (typeof breakdown !== "object" || breakdown === null) return [];
  return Object.entries(breakdown)
    .filter((entry): entry is [string, number] => typeof entry[1] === "number")
    .sort(([a], [b]) => Number(b.startsWith("runtime")) - Number(a.startsWith("runtime")))
    .map(([key, bytes]) => [BREAKDOWN_LABELS[key] ?? humanizeKey(key), bytes]);
}

/** What the chosen repo costs in each format, against this device's budget and free disk. */
export function PlanSummary(props: { plan: ModelPlan; selected: QuantizationFormat }) {
  const selectedPlan = () => props.plan.formats.find((f) => f.format === props.selected);
  return (
    <section class="plan" aria-label="Download plan">
      <dl class="facts">
        <Fact label="Architecture">{props.plan.architecture ?? "unknown"}</Fact>
        <Fact label="Parameters">{formatParams(props.plan.parameterCount)}</Fact>
        <Fact label="Download">{formatBytes(props.plan.downloadBytes)}</Fact>
        <Fact label="Free disk">{formatBytes(props.plan.freeDiskBytes)}</Fact>
        <Fact label="Memory budget">{formatBytes(props.plan.deviceBudgetBytes)}</Fact>
        <Fact label="Revision">
          <code title={props.plan.revision}>{props.plan.revision.slice(0, 10)}</code>
        </Fact>
      </dl>
      <Show when={!props.plan.supported}>
        <p class="error" role="alert">
          Not supported: {props.plan.unsupportedReason ?? "unknown architecture"}
        </p>
      </Show>
      <table class="formats">
        <caption class="sr-only">Size and memory per format</caption>
        <thead>
          <tr>
            <th scope="col">Format</th>
            <th scope="col">Disk</th>
            <th scope="col">Memory</th>
            <th scope="col">Fit</th>
          </tr>
        </thead>
        <tbody>
          <For each={props.plan.formats}>
            {(f) => (
              <tr classList={{ selected: f.format === props.selected }} data-format={f.format}>
                <th scope="row">
                  {f.format}
                  <Show when={f.recommended}>
                    <span class="tag">recommended</span>
                  </Show>
                </th>
                <td>{formatBytes(f.diskBytes)}</td>
                <td>{formatBytes(f.memoryBytes)}</td>
                <td>
                  <FitBadge fit={f.fit} />
                </td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <Show when={selectedPlan()}>
        {(f) => (
          <details class="breakdown">
            <summary>Memory breakdown for {f().format}</summary>
            <ul>
              <For each={breakdownRows(f().breakdown)}>
                {([label, bytes]) => (
                  <li>
                    <span>{label}</span> <span>{formatBytes(bytes)}</span>
                  </li>
                )}
              </For>
            </ul>
          </details>
        )}
      </Show>
      <For each={props.plan.warnings}>{(warning) => <p class="warning">{warning}</p>}</For>
    </section>
  );
}
