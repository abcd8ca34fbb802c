/** Shell: header with navigation, the system strip and connection banner, and the routed page. */
import { lazy, Match, Suspense, Switch } from "solid-js";
import { ConnectionBanner } from "./components/ConnectionBanner.tsx";
import { SystemStrip } from "./components/SystemStrip.tsx";
import { TokenDialog } from "./components/TokenDialog.tsx";
import { createRoute, href, type Route } from "./lib/route.ts";

const ModelsPage = lazy(() => import("./pages/models/index.tsx"));
const ArchitecturePage = lazy(() => import("./pages/architecture/index.tsx"));
const ComparePage = lazy(() => import("./pages/architecture/ComparePage.tsx"));
const ExtractionsPage = lazy(() => import("./pages/extractions/index.tsx"));
const DatasetsPage = lazy(() => import("./pages/datasets/index.tsx"));

const NAV: [string, string, Route["page"][]][] = [
  ["Models", href.models(), ["models", "model", "compare"]],
  ["Extractions", href.extractions(), ["extractions"]],
  ["Datasets", href.datasets(), ["datasets"]],
];

export function App() {
  const route = createRoute();
  const is = <P extends Route["page"]>(page: P) => {
    const r = route();
    return r.page === page ? (r as Extract<Route, { page: P }>) : undefined;
  };
  return (
    <div class="app">
      <header class="top">
        <h1>miStudio Models</h1>
        <nav aria-label="Main">
          {NAV.map(([label, to, pages]) => (
            <a href={to} aria-current={pages.includes(route().page) ? "page" : undefined}>
              {label}
            </a>
          ))}
        </nav>
      </header>
      <SystemStrip />
      <ConnectionBanner />
      <main>
        <Suspense fallback={<p role="status">Loading…</p>}>
          <Switch>
            <Match when={is("model")}>{(r) => <ArchitecturePage id={r().id} />}</Match>
            <Match when={is("compare")}>{(r) => <ComparePage a={r().a} b={r().b} />}</Match>
            <Match when={is("extractions")}>
              <ExtractionsPage />
            </Match>
            <Match when={is("datasets")}>
              <DatasetsPage />
            </Match>
            <Match when={true}>
              <ModelsPage />
            </Match>
          </Switch>
        </Suspense>
      </main>
      <TokenDialog />
    </div>
  );
}
