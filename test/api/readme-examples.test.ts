// The README's "Embedding the engine" examples, taken from README.md as written: the Node one runs
// (on the shipped model, or a random one with the same directory layout while models/en-es is not
// there), the browser one is typechecked against the DOM and WebGPU types.
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import ts from 'typescript';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { makeVocab, writeModelDir } from '../helpers/model-files.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = join(ROOT, 'test-output', 'readme-examples');
const SHIPPED_MODEL = 'models/en-es';

/** The ```ts block that follows `<!-- example: name -->` in README.md. */
async function readmeExample(name: string): Promise<string> {
  const readme = await readFile(join(ROOT, 'README.md'), 'utf8');
  const match = new RegExp(`<!-- example: ${name} -->\\n\`\`\`ts\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  if (!match) throw new Error(`README.md has no "${name}" example`);
  return match[1];
}

/** The example with its package import pointed at the source entry, written where Vite can load it. */
async function writeExample(name: string, code: string, pkg: string, entry: string): Promise<string> {
  const rewritten = code.replace(`from '${pkg}';`, `from '${join(ROOT, entry)}';`);
  expect(rewritten, `the ${name} example imports '${pkg}'`).not.toBe(code);
  await mkdir(OUT, { recursive: true });
  const file = join(OUT, `${name}.ts`);
  await writeFile(file, rewritten);
  return file;
}

afterEach(() => vi.restoreAllMocks());

describe('README examples', () => {
  it('the Node example runs and prints translations, a score and an input error', async () => {
    let code = await readmeExample('node');
    let vocabSize: number;
    if (!existsSync(join(ROOT, SHIPPED_MODEL, 'config.json'))) {
      const config = defaultConfig({
        attention: 'general',
        input_feeding: true,
        src_vocab_size: 40,
        tgt_vocab_size: 30,
      });
      const dir = await writeModelDir(join(OUT, 'model'), { ...randomModel(config, 2), vocab: makeVocab(config) });
      code = code.replace(`'${SHIPPED_MODEL}'`, `'${dir}'`);
      vocabSize = config.src_vocab_size;
    } else {
      vocabSize = (
        JSON.parse(await readFile(join(ROOT, SHIPPED_MODEL, 'config.json'), 'utf8')) as { src_vocab_size: number }
      ).src_vocab_size;
    }
    const file = await writeExample('node', code, 'unroll/node', 'src/node.ts');
    const printed: string[] = [];
    const errors: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((...args: unknown[]) => void printed.push(args.join(' ')));
    vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args.join(' ')));

    await import(/* @vite-ignore */ file);

    expect(printed).toHaveLength(5);
    printed.slice(0, 3).forEach((line) => expect(line).toMatch(/^-?\d+\.\d{3} /));
    expect(printed[3]).toMatch(/ \| /);
    expect(printed[4]).toMatch(/^log p\(greedy translation\) = -?\d+\.\d{3}$/);
    expect(errors[0]).toMatch(/^gpu backend on (hardware|software) adapter /);
    expect(errors.at(-1)).toBe(
      `input error: source 0: id 99999 at position 1 is outside the vocabulary (size ${vocabSize})`,
    );
  });

  it('the browser example typechecks against the DOM and WebGPU types', async () => {
    const file = await writeExample('browser', await readmeExample('browser'), 'unroll', 'src/index.ts');
    const config: unknown = ts.readConfigFile(join(ROOT, 'tsconfig.json'), (path) => ts.sys.readFile(path)).config;
    const { options } = ts.parseJsonConfigFileContent(config, ts.sys, ROOT);
    const program = ts.createProgram([file], options);
    const diagnostics = ts.getPreEmitDiagnostics(program, program.getSourceFile(file));
    const messages = diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    expect(messages).toEqual([]);
    // The example is a module (top-level await needs one) that reaches the public entry.
    expect(program.getSourceFile(join(ROOT, 'src/index.ts'))).toBeDefined();
  });
});
