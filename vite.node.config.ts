import { builtinModules } from 'node:module';
import { defineConfig } from 'vite';

// The Node build: the `unroll` CLI and the library entries (`unroll`, `unroll/node`), with WGSL inlined via `?raw` imports.
export default defineConfig({
  build: {
    ssr: true,
    outDir: 'dist',
    emptyOutDir: true,
    target: 'node20',
    minify: false,
    sourcemap: true,
    rollupOptions: {
      input: { cli: 'src/cli.ts', index: 'src/index.ts', node: 'src/node.ts' },
      output: { format: 'es', entryFileNames: '[name].js' },
      external: [...builtinModules, ...builtinModules.map((m) => `node:${m}`), 'webgpu', 'wgsl_reflect'],
    },
  },
});
