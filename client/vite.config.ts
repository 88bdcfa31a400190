// Builds the browser client into client/dist, which the court server serves at `/`.
// `vite --config client/vite.config.ts` serves it for development, passing signalling
// through to a court server on :3000 (npm start).
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
  },
  server: {
    proxy: { '/socket.io': { target: 'http://127.0.0.1:3000', ws: true } },
  },
});
