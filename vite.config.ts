import { defineConfig } from 'vite';

// The demo page: `npm run demo` builds it into demo-dist/ and serves it on 127.0.0.1.
export default defineConfig({
  root: 'demo',
  // No SPA fallback: a missing file (an optional vocab.json under ?model=) answers 404, not index.html.
  appType: 'mpa',
  publicDir: false,
  build: { outDir: '../demo-dist', emptyOutDir: true, target: 'es2022' },
  server: { host: '127.0.0.1', port: 5173, fs: { allow: ['..'] } },
  preview: { host: '127.0.0.1', port: 4173 },
});
