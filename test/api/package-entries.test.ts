// The package as another project sees it: `unroll` and `unroll/node` resolved through package.json
// "exports" to the built bundles and declarations (`npm test` builds them before vitest runs).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { makeVocab, writeModelDir } from '../helpers/model-files.ts';

const ROOT = resolve(import.meta.dirname, '../..');

interface ExportTarget {
  types: string;
  import: string;
}

let consumer: string;
let modelDir: string;
let exportsField: Record<string, ExportTarget | string>;

beforeAll(async () => {
  const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { exports: typeof exportsField };
  exportsField = pkg.exports;
  for (const entry of ['dist/index.js', 'dist/node.js', 'dist/types/index.d.ts', 'dist/types/node.d.ts']) {
    if (!existsSync(join(ROOT, entry)))
      throw new Error(`${entry} is missing: run \`npm run build\` (npm test does) before these tests`);
  }
  // A project next to the package, with the package installed as a link, as `npm install <dir>` does.
  consumer = await mkdtemp(join(tmpdir(), 'unroll-consumer-'));
  await mkdir(join(consumer, 'node_modules'));
  await symlink(ROOT, join(consumer, 'node_modules', 'unroll'), 'dir');
  await writeFile(join(consumer, 'package.json'), JSON.stringify({ type: 'module' }));
  const model = randomModel(defaultConfig({ attention: 'general', input_feeding: true }), 5);
  modelDir = await writeModelDir(join(consumer, 'model'), model, makeVocab(model.config));
});

afterAll(async () => {
  if (consumer) await rm(consumer, { recursive: true, force: true });
});

describe('package exports', () => {
  it('names a bundle and declarations for "." and "./node", and nothing under src', () => {
    for (const key of ['.', './node']) {
      const target = exportsField[key] as ExportTarget;
      expect(target.import, key).toMatch(/^\.\/dist\/.+\.js$/);
      expect(target.types, key).toMatch(/^\.\/dist\/types\/.+\.d\.ts$/);
      expect(existsSync(join(ROOT, target.import)), target.import).toBe(true);
      expect(existsSync(join(ROOT, target.types)), target.types).toBe(true);
    }
  });

  it('runs from another project: unroll/node loads a model directory and translates on the cpu backend', async () => {
    const script = join(consumer, 'use.mjs');
    await writeFile(
      script,
      [
        "import { createBackend, UnrollError } from 'unroll/node';",
        "import * as browserEntry from 'unroll';",
        "const backend = await createBackend({ kind: 'cpu' });",
        `const model = await backend.load(${JSON.stringify(modelDir)});`,
        "const { hypotheses } = await model.translate('w4 w5 w6', { beam: 3, nBest: 2 });",
        'let kind = "";',
        "try { await model.translate([[4, 1e6]]); } catch (error) { kind = error instanceof UnrollError ? error.kind : 'other'; }",
        'backend.dispose();',
        'console.log(JSON.stringify({ count: hypotheses.length, tokens: hypotheses[0].tokens.length, kind, browser: Object.keys(browserEntry).sort() }));',
      ].join('\n'),
    );
    const run = spawnSync(process.execPath, [script], { cwd: consumer, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout) as { count: number; tokens: number; kind: string; browser: string[] };
    expect(printed.count).toBe(2);
    expect(printed.tokens).toBeGreaterThan(0);
    expect(printed.kind).toBe('input');
    expect(printed.browser).toEqual([
      'GpuError',
      'InputError',
      'ModelFormatError',
      'UnrollError',
      'UsageError',
      'createBackend',
      'loadModel',
    ]);
  });

  it('typechecks from another project under NodeNext resolution, WebGPU types included', async () => {
    const file = join(consumer, 'use.ts');
    await writeFile(
      file,
      [
        "import { createBackend, type Backend, type Translation } from 'unroll/node';",
        "import { UnrollError } from 'unroll';",
        'export async function first(device?: GPUDevice): Promise<string | undefined> {',
        "  const backend: Backend = await createBackend(device ? { kind: 'gpu', device } : { kind: 'cpu' });",
        "  const result: Translation = await (await backend.load('model')).translate('w4', { beam: 2 });",
        '  backend.dispose();',
        '  return result.hypotheses[0]?.text;',
        '}',
        'export const isUnrollError = (error: unknown) => error instanceof UnrollError;',
        // A wrong option type must be caught: the declarations are really in use.
        "export const wrong = () => createBackend({ kind: 'cpu' }).then((b) => b.load('model')).then((m) => m.translate('w4', { beam: 'five' }));",
      ].join('\n'),
    );
    const program = ts.createProgram([file], {
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
      target: ts.ScriptTarget.ES2022,
      // The DOM lib, as @webgpu/types needs; WebGPU's own types come with the package.
      lib: ['lib.es2022.d.ts', 'lib.dom.d.ts'],
      types: [],
      strict: true,
      noEmit: true,
    });
    const messages = ts
      .getPreEmitDiagnostics(program)
      .map(
        (d) =>
          `${d.file ? d.file.fileName.replace(ROOT, '') : ''}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`,
      );
    expect(messages, messages.join('\n')).toHaveLength(1);
    expect(messages[0]).toMatch(
      /use\.ts: No overload matches this call\..*'string' is not assignable to type 'number'/,
    );
  });
});
