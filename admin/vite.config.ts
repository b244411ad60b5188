import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Served by the api under /admin; `npm run dev` proxies /api to a local api on :3000.
export default defineConfig({
  base: '/admin/',
  plugins: [react()],
  server: { proxy: { '/api': 'http://localhost:3000' } },
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
});
