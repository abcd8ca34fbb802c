/**
 * The one provider: composes every slice over one Api, opens the live streams (over the urql
 * Client that @urql/solid's Provider above it gives), and wires the few cross-slice reactions
 * (reconnect → catch up; a status change → fresh system figures).
 */
import { createContext, createEffect, on, onMount, useContext, type ParentProps } from "solid-js";
import type { Api } from "../api/api.ts";
import { createArchitecture } from "./architecture.ts";
import { createConnection } from "./connection.ts";
import { createDatasets } from "./datasets.ts";
import { createExtractions } from "./extractions.ts";
import { createModels } from "./models.ts";
import { createModelPlan } from "./plan.ts";
import { createSystem } from "./system.ts";
import { createTemplates } from "./templates.ts";

export interface StoreOptions {
  /** Quiet time before a plan is re-fetched while typing (tests use 0). */
  debounceMs?: number;
  storage?: Storage;
}

function createRootStore(api: Api, options: StoreOptions) {
  const debounceMs = options.debounceMs ?? 350;
  return {
    connection: createConnection(api),
    system: createSystem(api),
    models: createModels(api),
    plan: createModelPlan(api, debounceMs),
    architecture: createArchitecture(api, options.storage ?? window.localStorage),
    extractions: createExtractions(api, debounceMs),
    templates: createTemplates(api),
    datasets: createDatasets(api),
  };
}
export type RootStore = ReturnType<typeof createRootStore>;

const StoreContext = createContext<RootStore>();

export function StoreProvider(props: ParentProps<{ api: Api; options?: StoreOptions }>) {
  const store = createRootStore(props.api, props.options ?? {});
  const { connection, system, models, extractions, templates, datasets } = store;
  const loadAll = () =>
    Promise.allSettled([models.load(), extractions.load(), datasets.load(), templates.load(), system.refresh()]);

  models.live();
  extractions.live();
  datasets.live();
  connection.onReconnect(loadAll);
  onMount(loadAll);
  // Disk and queue figures move when a job starts or ends; follow status changes, not a timer.
  createEffect(
    on(
      () => [...models.list().map((m) => m.status), ...extractions.list().map((e) => e.status)].join(),
      () => void system.refresh(),
      { defer: true },
    ),
  );

  return <StoreContext.Provider value={store}>{props.children}</StoreContext.Provider>;
}

export function useStore(): RootStore {
  const store = useContext(StoreContext);
  if (!store) throw new Error("useStore() outside <StoreProvider>");
  return store;
}
