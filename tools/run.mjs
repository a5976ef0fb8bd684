#!/usr/bin/env node
// Runs a TypeScript tool through Vite's SSR module loader, so tools import the engine's
// sources (`.ts` files) exactly as the tests do, with no build step.
//   node tools/run.mjs tools/corpus/generate.ts --seed 1 --out data/en-es
// The module must export `main(args: string[]): Promise<number | void>`; its result is the exit status.
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createServer } from 'vite';

const [script, ...args] = process.argv.slice(2);
if (!script) {
  process.stderr.write('usage: node tools/run.mjs <tool.ts> [args...]\n');
  process.exit(2);
}

const server = await createServer({
  configFile: false,
  root: process.cwd(),
  logLevel: 'error',
  appType: 'custom',
  server: { middlewareMode: true, hmr: false, ws: false, watch: null },
  optimizeDeps: { noDiscovery: true, include: [] },
});
let status = 1;
try {
  const loaded = await server.ssrLoadModule(pathToFileURL(resolve(script)).pathname);
  const module = /** @type {{ main?: (args: string[]) => unknown }} */ (loaded);
  if (typeof module.main !== 'function') throw new Error(`${script} does not export main(args)`);
  const result = await module.main(args);
  status = typeof result === 'number' ? result : 0;
} catch (error) {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
} finally {
  await server.close();
}
process.exit(status);
