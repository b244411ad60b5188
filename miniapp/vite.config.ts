import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// Served by the api under /app; `npm run dev` serves it from Vite and proxies /api to the local api (DEV_API_URL).
export default defineConfig({
  base: '/app/',
  plugins: [react()],
  server: { proxy: { '/api': process.env.DEV_API_URL ?? 'http://localhost:3000' } },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2020', sourcemap: false },
});
