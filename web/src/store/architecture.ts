/** Architecture slice: model details (architecture, fidelity) and the remembered comparison pair. */
import { createSignal } from "solid-js";
import { createStore } from "solid-js/store";
import type { Api } from "../api/api.ts";
import { CompareModelsQuery, ModelDetailQuery } from "../api/documents.ts";
import type { CompareModelsQuery as CompareData, ModelDetailQuery as DetailData } from "../gql/graphql.ts";

export type ModelDetail = NonNullable<DetailData["model"]>;
export type Comparison = CompareData["compareModels"];
export type ComparePair = { a: string; b: string };
const PAIR_KEY = "mistudio.comparePair";

export function createArchitecture(api: Api, storage: Storage) {
  const [details, setDetails] = createStore<Record<string, ModelDetail | null>>({});
  const [pair, setPairSignal] = createSignal<ComparePair | null>(readPair());

  function readPair(): ComparePair | null {
    try {
      const parsed = JSON.parse(storage.getItem(PAIR_KEY) ?? "null") as ComparePair | null;
      return parsed && typeof parsed.a === "string" && typeof parsed.b === "string" ? parsed : null;
    } catch {
      return null;
    }
  }

  return {
    details,
    pair,
    async load(id: string) {
      setDetails(id, (await api.query(ModelDetailQuery, { id })).model);
    },
    setPair(next: ComparePair) {
      storage.setItem(PAIR_KEY, JSON.stringify(next));
      setPairSignal(next);
    },
    async compare(next: ComparePair): Promise<Comparison> {
      return (await api.query(CompareModelsQuery, next)).compareModels;
    },
  };
}
