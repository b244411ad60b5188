import { defineConfig } from 'vite';

// Served by the Telegram sandbox under /sandbox (through the api's port under `npm start`). Vite's own
// transform compiles the JSX (automatic runtime); the page needs no fast refresh.
export default defineConfig({
  base: '/sandbox/',
  oxc: { jsx: { runtime: 'automatic' } },
  server: { proxy: { '/sandbox/api': 'http://localhost:3000' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020', sourcemap: false },
});
