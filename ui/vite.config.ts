import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// `npm run build` bundles the UI into dist/ui: index.html and content-hashed files under assets/,
// served by the daemon at /ui/ (src/http/ui-site.ts). No inline script: the CSP forbids it.
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/ui/',
  publicDir: false,
  logLevel: 'warn',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: fileURLToPath(new URL('../dist/ui', import.meta.url)),
    emptyOutDir: true,
    assetsDir: 'assets',
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    target: 'es2022',
    reportCompressedSize: false,
  },
});
