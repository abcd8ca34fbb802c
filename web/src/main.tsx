import { render } from "solid-js/web";
import { createApi } from "./api/client.ts";
import { App } from "./App.tsx";
import { StoreProvider } from "./store/index.tsx";
import "./styles.css";

const api = createApi();
render(
  () => (
    <StoreProvider api={api}>
      <App />
    </StoreProvider>
  ),
  document.getElementById("root")!,
);
