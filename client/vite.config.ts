// Builds the browser client into client/dist, which the court server serves at `/`: the live
// hearing page (index.html) and the case record pages (court.html).
// `vite --config client/vite.config.ts` serves it for development, passing signalling, document
// sync and the REST API through to a court server on :3000 (npm start).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const clientDir = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: clientDir,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // rolldownOptions: Vite 8's name for what was rollupOptions (still accepted, deprecated).
    rolldownOptions: {
      input: {
        hearing: fileURLToPath(new URL('index.html', import.meta.url)),
        record: fileURLToPath(new URL('court.html', import.meta.url)),
      },
    },
  },
  server: {
    proxy: {
      '/socket.io': { target: 'http://127.0.0.1:3000', ws: true },
      '/api': { target: 'http://127.0.0.1:3000' },
      // Document sync (y-websocket) on the court's port.
      '/docs': { target: 'http://127.0.0.1:3000', ws: true },
    },
  },
});
