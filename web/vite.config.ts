import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The browser face of govgraph, built once and served by the gateway (web/server.ts): the sandbox
 * (index.html) and the privacy officers' console (console.html). Everything the pages load is bundled
 * here — fonts, Monaco's workers, chart.js — because government networks are often closed: no CDN.
 *
 * `npm run build:web` → web/dist. No React plugin: Vite's own transform compiles TSX (automatic runtime).
 */
const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root,
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // GraphiQL brings Monaco (several MB); the pages are served locally, not over a slow link.
    chunkSizeWarningLimit: 6000,
    rollupOptions: {
      // GraphiQL's dependencies mark modules "use client" (a React Server Components hint, meaningless in a browser bundle).
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      input: {
        index: fileURLToPath(new URL('./index.html', import.meta.url)),
        console: fileURLToPath(new URL('./console.html', import.meta.url)),
      },
    },
  },
  // Monaco's workers (graphiql/setup-workers/vite imports them with ?worker) are ES modules.
  worker: { format: 'es' },
});
