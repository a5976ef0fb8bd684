// The layer rule of eslint.config.js (src/model ← cpu, gpu ← engine ← api, cli) run through ESLint's
// Node API on small in-memory files: it must report a forbidden import and pass an allowed one.
import { resolve } from 'node:path';
import { ESLint } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');

// The project's config, minus type information: the probe files exist only in memory, where the
// TypeScript project service cannot see them, and the layer rule needs no types.
const eslint = new ESLint({
  cwd: ROOT,
  overrideConfig: [{ files: ['**/*.ts'], ...tseslint.configs.disableTypeChecked }],
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
});

/** The layer-rule messages for `code` linted as if it were the file at `filePath`. */
async function layerErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: resolve(ROOT, filePath) });
  expect(result.messages.filter((m) => m.fatal)).toEqual([]);
  return result.messages.map((m) => `${m.line}: ${m.message}`);
}

const imports = (...specifiers: string[]) =>
  specifiers.map((s, i) => `import * as m${i} from '${s}';\nvoid m${i};\n`).join('');

describe('layer rule', () => {
  it('reports src/model importing src/gpu, and names the rule', async () => {
    const errors = await layerErrors('src/model/x.ts', imports('../gpu/device.ts'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^1: .*layer rule: src\/model imports only src\/model and src\/errors\.ts/);
  });

  it('passes src/model importing src/model, src/errors.ts and Node modules', async () => {
    expect(await layerErrors('src/model/x.ts', imports('./half.ts', '../errors.ts', 'node:fs/promises'))).toEqual([]);
  });

  it('keeps shaders and the WebGPU packages out of model and cpu', async () => {
    expect(await layerErrors('src/model/x.ts', imports('../../shaders/matmul.wgsl?raw', 'webgpu'))).toHaveLength(2);
    expect(
      await layerErrors('src/cpu/search/x.ts', imports('../../../shaders/matmul.wgsl?raw', 'wgsl_reflect')),
    ).toHaveLength(2);
  });

  it('lets cpu import model and cpu, nothing above', async () => {
    const ok = imports('../../model/model.ts', '../step-model.ts', './beam.ts', '../../errors.ts');
    expect(await layerErrors('src/cpu/search/x.ts', ok)).toEqual([]);
    expect(
      await layerErrors('src/cpu/x.ts', imports('../gpu/buffers.ts', '../engine/runner.ts', '../index.ts')),
    ).toHaveLength(3);
  });

  it('lets gpu import model, gpu and shaders (?raw), not cpu or engine', async () => {
    expect(
      await layerErrors(
        'src/gpu/kernels/x.ts',
        imports('../../../shaders/matmul.wgsl?raw', '../kernel.ts', '../../model/config.ts'),
      ),
    ).toEqual([]);
    expect(await layerErrors('src/gpu/x.ts', imports('../cpu/cells.ts', '../engine/runner.ts'))).toHaveLength(2);
  });

  it('lets engine import everything below, not api, cli or the entries', async () => {
    expect(
      await layerErrors('src/engine/x.ts', imports('../cpu/cells.ts', '../gpu/device.ts', '../model/model.ts')),
    ).toEqual([]);
    expect(
      await layerErrors('src/engine/x.ts', imports('../api/types.ts', '../cli/args.ts', '../node.ts', '../cli.ts')),
    ).toHaveLength(4);
  });

  it('keeps api (with src/index.ts and src/node.ts) and cli (with src/cli.ts) apart', async () => {
    expect(
      await layerErrors('src/api/x.ts', imports('../engine/runner.ts', '../gpu/device.ts', '../cli/args.ts')),
    ).toHaveLength(1);
    expect(await layerErrors('src/index.ts', imports('./api/backend.ts', './cli/main.ts'))).toHaveLength(1);
    expect(
      await layerErrors('src/cli/x.ts', imports('../engine/runner.ts', '../api/types.ts', '../node.ts')),
    ).toHaveLength(2);
    expect(
      await layerErrors('src/cli.ts', imports('./cli/main.ts', './model/load-node.ts', './index.ts')),
    ).toHaveLength(1);
  });
});
