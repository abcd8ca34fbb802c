import { createSignal, onCleanup } from "solid-js";

export type Route =
  | { page: "models" }
  | { page: "model"; id: string }
  | { page: "compare"; a?: string; b?: string }
  | { page: "extractions" }
  | { page: "datasets" };

/** Hash routes: #/models, #/models/:id, #/compare/:a/:b, #/extractions, #/datasets. */
export function parseRoute(hash: string): Route {
  const [page, first, second] = hash.replace(/^#\/?/, "").split("/").map(decodeURIComponent);
  if (page === "models" && first) return { page: "model", id: first };
  if (page === "compare") return { page: "compare", a: first || undefined, b: second || undefined };
  if (page === "extractions" || page === "datasets") return { page };
  return { page: "models" };
}

export const href = {
  models: () => "#/models",
  model: (id: string) => `#/models/${encodeURIComponent(id)}`,
  compare: (a: string, b: string) => `#/compare/${encodeURIComponent(a)}/${encodeURIComponent(b)}`,
  extractions: () => "#/extractions",
  datasets: () => "#/datasets",
};

export function createRoute() {
  const [route, setRoute] = createSignal(parseRoute(window.location.hash));
  const onChange = () => setRoute(parseRoute(window.location.hash));
  window.addEventListener("hashchange", onChange);
  onCleanup(() => window.removeEventListener("hashchange", onChange));
  return route;
}

export const navigate = (to: string) => {
  window.location.hash = to;
};
