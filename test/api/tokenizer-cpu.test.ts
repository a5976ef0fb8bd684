// One tokenizer everywhere: the same sentence gives the same tokens, ids and translation through the
// API, the command line and the demo; a model with a tokenizer.json translates text end to end on
// the cpu backend, from a directory and from a URL.
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenizeSource } from '../../demo/text/tokenize.ts';
import { createBackend, type Backend, type LoadedModel, type Translation } from '../../src/node.ts';
import { loadModelDir } from '../../src/model/load-node.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { runCliWith } from '../helpers/cli-harness.ts';
import { writeModelDir } from '../helpers/model-files.ts';

const EN_ES = resolve(import.meta.dirname, '../../models/en-es');
const BPE = resolve(import.meta.dirname, '../fixtures/tokenizers/bpe.tokenizer.json');
/** The BPE fixture's vocabulary size. */
const BPE_SIZE = 40;

let backend: Backend;
let dir: string;
let bpeDir: string;

beforeAll(async () => {
  backend = await createBackend({ kind: 'cpu' });
  dir = await mkdtemp(join(tmpdir(), 'unroll-tokenizer-api-'));
  const config = defaultConfig({
    src_vocab_size: BPE_SIZE,
    tgt_vocab_size: BPE_SIZE,
    attention: 'general',
    input_feeding: true,
  });
  bpeDir = await writeModelDir(join(dir, 'bpe'), randomModel(config, 5));
  await copyFile(BPE, join(bpeDir, 'tokenizer.json'));
});

afterAll(async () => {
  backend.dispose();
  await rm(dir, { recursive: true, force: true });
});

/** The CLI's result for one line, with --backend cpu. */
async function cliTranslate(model: string, line: string, flags: string[] = []) {
  const run = await runCliWith(['translate', '--model', model, '--backend', 'cpu', ...flags], `${line}\n`);
  expect(run.code, run.stderr).toBe(0);
  return { run, result: run.objects[0] as unknown as Translation };
}

describe('the shipped word-level model', () => {
  let model: LoadedModel;
  beforeAll(async () => {
    model = await backend.load(EN_ES);
  });
  afterAll(() => model.dispose());

  it('translates "The red cat." alike through the API, the command line and the demo', async () => {
    const sentence = 'The red cat.';
    const api = await model.translate(sentence);
    const { run, result: cli } = await cliTranslate(EN_ES, sentence);
    expect(api.source).toEqual({ ids: api.source.ids, tokens: ['the', 'red', 'cat', '.'], unknown: [] });
    expect(api.text).toBe('el gato rojo.');
    expect(cli).toEqual(api);
    expect(run.stderr).toBe('');
    const vocab = (await loadModelDir(EN_ES)).vocab!;
    expect(tokenizeSource(sentence, vocab.source, 1).map((token) => token.id)).toEqual(api.source.ids);
    expect(model.tokenize(sentence)).toEqual(api.source.ids);
  });

  it('reports unknown words in results, and on stderr per line with --verbose only', async () => {
    const api = await model.translate('The Zorbak cat.');
    expect(api.source.unknown).toEqual(['Zorbak']);
    const quiet = await cliTranslate(EN_ES, 'The Zorbak cat.');
    expect(quiet.result.source).toEqual(api.source);
    expect(quiet.run.stderr).toBe('');
    const run = await runCliWith(
      ['translate', '--model', EN_ES, '--backend', 'cpu', '--verbose'],
      'the cat .\nThe Zorbak cat.\n',
    );
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('unroll: line 2: unknown words: Zorbak\n');
  });

  it('forces a prefix typed as text through the same tokenizer', async () => {
    const api = await model.translate('The red cat.', { prefix: 'El' });
    expect(api.hypotheses[0].tokens?.[0]).toBe('el');
  });
});

describe('a model with a tokenizer.json', () => {
  it('translates text end to end on the cpu backend, as the command line does', async () => {
    const model = await backend.load(bpeDir);
    try {
      const api = await model.translate('the red cat.', { beam: 2, maxLength: 6 });
      expect(api.source.tokens).toEqual(['▁the', '▁red', '▁cat', '.']);
      expect(api.source.unknown).toEqual([]);
      const best = api.hypotheses[0];
      expect(best.tokens).toHaveLength(best.ids.length);
      expect(typeof best.text).toBe('string');
      expect(api.text).toBe(best.text);
      const { result } = await cliTranslate(bpeDir, 'the red cat.', ['--beam', '2', '--max-len', '6']);
      expect(result).toEqual(api);
      // Scores take target text through the target side of the tokenizer.
      const score = await model.score('the cat', 'el gato');
      expect(score.logprobs).toHaveLength(model.tokenize('el gato', 'target').length + 1);
    } finally {
      model.dispose();
    }
  });

  it('loads from a URL, where a 404 for vocab.json and the per-side files means absent', async () => {
    const server: Server = createServer((request, response) => {
      const name = new URL(request.url!, 'http://x').pathname.split('/').pop()!;
      readFile(join(bpeDir, name)).then(
        (bytes) => response.writeHead(200).end(bytes),
        () => response.writeHead(404, 'Not Found').end(),
      );
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    try {
      const { port } = server.address() as { port: number };
      const fromUrl = await backend.load(`http://127.0.0.1:${port}/bpe/`);
      const fromDir = await backend.load(bpeDir);
      expect(await fromUrl.translate('the red cat.')).toEqual(await fromDir.translate('the red cat.'));
      fromUrl.dispose();
      fromDir.dispose();
    } finally {
      await new Promise((done) => server.close(done));
    }
  });
});

describe('the command line', () => {
  it('prints each command’s own help on stdout with status 0', async () => {
    for (const command of ['translate', 'score', 'encode', 'compare']) {
      let stdout = '';
      const run = await runCliWith([command, '--help'], '', { writeOut: (text) => void (stdout += text) });
      expect(run.code).toBe(0);
      expect(run.stderr).toBe('');
      expect(stdout.split('\n')[0]).toMatch(new RegExp(`^usage: unroll ${command} --model DIR`));
      expect(stdout).toContain('--verbose');
      expect(stdout.includes('--beam K')).toBe(command === 'translate');
      expect(stdout.includes('--target FILE')).toBe(command === 'score');
    }
    const bare = await runCliWith([], '');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('usage: unroll <command>');
  });

  it('rounds attention to 4 decimals, its columns labelled by the source tokens', async () => {
    const { result } = await cliTranslate(EN_ES, 'The red cat.', ['--attention']);
    const [best] = result.hypotheses;
    expect(best.attention![0]).toHaveLength(result.source.tokens!.length);
    for (const row of best.attention!) for (const weight of row) expect(Math.round(weight * 1e4) / 1e4).toBe(weight);
  });
});
