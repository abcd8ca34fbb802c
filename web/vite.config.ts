import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";
import solid from "vite-plugin-solid";

const here = fileURLToPath(new URL(".", import.meta.url));

// Built into web/dist, which the API server serves at /. In dev, /graphql (HTTP and WebSocket)
// goes to the API server.
export default defineConfig({
  root: here,
  plugins: [solid()],
  build: { outDir: "dist", emptyOutDir: true, target: "es2022" },
  server: {
    fs: { allow: [fileURLToPath(new URL("..", import.meta.url))] }, // contracts/ sits beside web/
    proxy: { "/graphql": { target: `http://localhost:${process.env.PORT ?? 4000}`, ws: true } },
  },
});
