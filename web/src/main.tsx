import { Provider as UrqlProvider } from "@urql/solid";
import { render } from "solid-js/web";
import { createNetwork } from "./api/client.ts";
import { App } from "./App.tsx";
import { StoreProvider } from "./store/index.tsx";
import "./styles.css";

const { api, client } = createNetwork();
render(
  () => (
    <UrqlProvider value={client}>
      <StoreProvider api={api}>
        <App />
      </StoreProvider>
    </UrqlProvider>
  ),
  document.getElementById("root")!,
);
