#!/usr/bin/env node
// The `unroll` command: runs the Node build made by `npm install` (or `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('unroll: dist/cli.js is missing; run `npm install` (or `npm run build`) first\n');
  process.exit(1);
}
await import(cli);
