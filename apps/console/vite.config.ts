/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The domain package is consumed from source: its dist may not be built yet, and
// the console must run exactly the rules the API runs.
const domainSrc = fileURLToPath(new URL('../../packages/domain/src/index.ts', import.meta.url));

export default defineConfig({
  base: '/console/',
  plugins: [react()],
  resolve: { alias: { '@shiming/domain': domainSrc } },
  server: {
    port: 5174,
    // `pnpm dev` talks to a running API; point it elsewhere with SHIMING_API_URL.
    proxy: { '/api': process.env.SHIMING_API_URL ?? 'http://127.0.0.1:3000' },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 900,
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    css: false,
    testTimeout: 20000,
  },
});
