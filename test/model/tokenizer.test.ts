// The tokenizer module (src/model/tokenizer): vocab.json's word-level normalisation and
// detokenisation, tokenizer.json files run by @huggingface/tokenizers, and the checks that tie
// either to config.json.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../src/errors.ts';
import { loadModelFromFiles } from '../../src/model/load.ts';
import { loadModelDir } from '../../src/model/load-node.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { writeSafetensors } from '../../src/model/safetensors-write.ts';
import { detokenize } from '../../src/model/tokenizer/detokenize.ts';
import { tokenizerOf } from '../../src/model/tokenizer/model-tokenizer.ts';
import { splitWords, tokenizeSource, wordTokenizer } from '../../src/model/tokenizer/words.ts';
import { MODEL_FILE_LIMITS } from '../../src/model/file-limits.ts';
import { modelFormatRejection, modelTensors, writeModelDir } from '../helpers/model-files.ts';

const FIXTURES = resolve(import.meta.dirname, '../fixtures/tokenizers');
/** The SentencePiece-style BPE fixture has 40 tokens: <pad> <unk> <s> </s> at 0..3. */
const BPE_SIZE = 40;
/** The WordPiece fixture has 15: [PAD] [UNK] [CLS] [SEP] at 0..3. */
const WORDPIECE_SIZE = 15;

let bpe: string;
let wordpiece: string;
let dir: string;

beforeAll(async () => {
  bpe = await readFile(join(FIXTURES, 'bpe.tokenizer.json'), 'utf8');
  wordpiece = await readFile(join(FIXTURES, 'wordpiece.tokenizer.json'), 'utf8');
  dir = await mkdtemp(join(tmpdir(), 'unroll-tokenizer-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const VOCAB = {
  source: ['<pad>', '<unk>', '<s>', '</s>', 'she', 'reads', 'the', 'book', '.', '?', 'where', 'is', 'Sofia', ','],
  target: ['<pad>', '<unk>', '<s>', '</s>', 'ella', 'lee', 'el', 'libro', '.', '¿', 'dónde', 'está', 'Sofia', '?', ','],
};
const WORD_CONFIG = defaultConfig({ src_vocab_size: VOCAB.source.length, tgt_vocab_size: VOCAB.target.length });

describe('the word-level tokenizer of vocab.json', () => {
  const words = wordTokenizer(VOCAB, WORD_CONFIG);

  it('splits punctuation off, looks a capitalised word up in lower case, and reports unknown words once', () => {
    const encoding = words.encodeSource('She reads the Book, Zorbak Zorbak!');
    expect(encoding.tokens).toEqual(['she', 'reads', 'the', 'book', ',', '<unk>', '<unk>', '<unk>']);
    expect(encoding.ids).toEqual([4, 5, 6, 7, 13, 1, 1, 1]);
    expect(encoding.typed).toEqual(['She', 'reads', 'the', 'Book', ',', 'Zorbak', 'Zorbak', '!']);
    expect(encoding.unknown).toEqual(['Zorbak', '!']);
    // A word the vocabulary has capitalised keeps its own id.
    expect(words.encodeSource('where is Sofia?').ids).toEqual([10, 11, 12, 9]);
    expect(words.encodeSource('   ').ids).toEqual([]);
  });

  it('detokenises with no space before closing punctuation or after opening marks', () => {
    const decoded = words.decodeTarget([9, 10, 11, 12, 13]);
    expect(decoded).toEqual({ tokens: ['¿', 'dónde', 'está', 'Sofia', '?'], text: '¿dónde está Sofia?' });
    expect(words.decodeTarget([4, 99]).tokens).toEqual(['ella', '<99>']);
    expect(words.detokenizeTarget(['ella', 'lee', 'Zorbak', '.'])).toBe('ella lee Zorbak.');
  });

  it('round-trips text in the corpus style: split, then detokenised, gives the text back', () => {
    for (const text of [
      '¿dónde está Sofia?',
      'ella lee el libro, sí.',
      'he said (twice) «no».',
      '¡hola!',
      'the red cat.',
      '',
    ]) {
      expect(detokenize(splitWords(text)), text).toBe(text);
    }
    // Target text encodes to the ids it decodes from.
    const ids = words.encodeTarget('¿Dónde está Sofia?').ids;
    expect(words.decodeTarget(ids).text).toBe('¿dónde está Sofia?');
  });

  it('is what tokenizerOf gives a model with only a vocabulary, and none without', () => {
    const model = { config: WORD_CONFIG, vocab: VOCAB };
    expect(tokenizerOf(model)?.kind).toBe('words');
    expect(tokenizerOf(model)).toBe(tokenizerOf(model));
    expect(tokenizerOf({ config: WORD_CONFIG })).toBeUndefined();
  });
});

/** A random model's files with the given tokenizer files in place of vocab.json. */
function filesOf(size: number, tokenizers: Record<string, string | object>, overrides = {}) {
  const config = defaultConfig({ src_vocab_size: size, tgt_vocab_size: size, ...overrides });
  const model = randomModel(config, 2);
  return { config: JSON.stringify(config), safetensors: writeSafetensors(modelTensors(model)), ...tokenizers };
}

function formatError(load: () => unknown): ModelFormatError {
  let error: unknown;
  try {
    load();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ModelFormatError);
  return error as ModelFormatError;
}

describe('tokenizer.json', () => {
  it('encodes and decodes with a SentencePiece-style BPE, shared by both sides', () => {
    const model = loadModelFromFiles(filesOf(BPE_SIZE, { tokenizer: bpe }));
    const tokenizer = tokenizerOf(model)!;
    expect(tokenizer.kind).toBe('tokenizer.json');
    const encoding = tokenizer.encodeSource('the red cat.');
    expect(encoding.tokens).toEqual(['▁the', '▁red', '▁cat', '.']);
    expect(encoding.unknown).toEqual([]);
    // The model's vocabulary is the tokenizer's, id by id.
    expect(encoding.ids.map((id) => model.vocab!.source[id])).toEqual(encoding.tokens);
    expect(model.vocab!.source).toHaveLength(BPE_SIZE);
    const target = tokenizer.encodeTarget('el gato rojo.');
    expect(tokenizer.decodeTarget(target.ids)).toEqual({ tokens: target.tokens, text: 'el gato rojo.' });
    expect(tokenizer.encodeSource('  ').ids).toEqual([]);
  });

  it('reports the words holding an unknown piece, and shows them for their unk tokens', () => {
    const tokenizer = tokenizerOf(loadModelFromFiles(filesOf(BPE_SIZE, { tokenizer: bpe })))!;
    const encoding = tokenizer.encodeSource('The Zorbak cat');
    expect(encoding.unknown).toEqual(['The', 'Zorbak']);
    const unk = encoding.ids.flatMap((id, i) => (id === 1 ? [encoding.typed[i]] : []));
    expect(unk).toEqual(['The', 'Zorbak', 'Zorbak', 'Zorbak']);
  });

  it('runs a WordPiece tokenizer with BERT special tokens', () => {
    const model = loadModelFromFiles(filesOf(WORDPIECE_SIZE, { tokenizer: wordpiece }));
    const encoding = tokenizerOf(model)!.encodeSource('The red cats, Zorbak.');
    expect(encoding.tokens).toEqual(['the', 'red', 'cat', '##s', ',', '[UNK]', '.']);
    expect(encoding.unknown).toEqual(['Zorbak.']);
    expect(tokenizerOf(model)!.decodeTarget([4, 5, 6, 14]).text).toBe('the red cats');
  });

  it('takes one tokenizer per side', () => {
    const model = loadModelFromFiles(
      filesOf(BPE_SIZE, { sourceTokenizer: bpe, targetTokenizer: JSON.parse(bpe) as object }),
    );
    expect(tokenizerOf(model)!.encodeSource('the cat').tokens).toEqual(['▁the', '▁cat']);
  });

  it('refuses a special token whose id is not config.json’s, naming the file and the key', () => {
    const error = formatError(() =>
      loadModelFromFiles(filesOf(BPE_SIZE, { tokenizer: bpe }, { bos_id: 3, eos_id: 2 }), {
        tokenizer: 'm/tokenizer.json',
      }),
    );
    expect(error.file).toBe('m/tokenizer.json');
    expect(error.key).toBe('bos_id');
    expect(error.message).toBe(
      'm/tokenizer.json: key "bos_id": special token "<s>" has id 2 but config.json bos_id is 3',
    );
  });

  it('refuses a vocabulary size other than config.json’s, and a tokenizer without an eos token', () => {
    const size = formatError(() => loadModelFromFiles(filesOf(BPE_SIZE + 1, { tokenizer: bpe })));
    expect(size.key).toBe('src_vocab_size');
    expect(size.message).toContain('has 40 tokens but config.json src_vocab_size is 41');
    const json = JSON.parse(bpe) as { model: { vocab: Record<string, number> }; added_tokens: { content: string }[] };
    const renamed = (name: string) => {
      const copy = structuredClone(json);
      copy.model.vocab[name] = copy.model.vocab['</s>'];
      delete copy.model.vocab['</s>'];
      copy.added_tokens = copy.added_tokens.filter((token) => token.content !== '</s>');
      return filesOf(BPE_SIZE, { tokenizer: JSON.stringify(copy) });
    };
    const eos = formatError(() => loadModelFromFiles(renamed('<end>')));
    expect(eos.key).toBe('eos_id');
    expect(eos.message).toContain('has none of the tokens "</s>", "<eos>", "[SEP]" for config.json eos_id');
    // '<eos>' is one of eos's usual strings: the same id is accepted under that name.
    expect(tokenizerOf(loadModelFromFiles(renamed('<eos>')))?.kind).toBe('tokenizer.json');
  });

  it('refuses what is not a tokenizer, and ambiguous or incomplete sets of files', () => {
    expect(formatError(() => loadModelFromFiles(filesOf(BPE_SIZE, { tokenizer: '{"model": ' }))).file).toBe(
      'tokenizer.json',
    );
    expect(formatError(() => loadModelFromFiles(filesOf(BPE_SIZE, { tokenizer: '[1]' }))).message).toContain(
      'expected a tokenizer.json object with a "model"',
    );
    expect(
      formatError(() => loadModelFromFiles(filesOf(BPE_SIZE, { tokenizer: '{"model": {"type": "Nope"}}' }))).message,
    ).toContain('cannot be read as a tokenizer');
    const both = formatError(() => loadModelFromFiles(filesOf(BPE_SIZE, { tokenizer: bpe, vocab: '{}' })));
    expect(both.message).toContain('keep one way of tokenising');
    const mixed = formatError(() => loadModelFromFiles(filesOf(BPE_SIZE, { tokenizer: bpe, sourceTokenizer: bpe })));
    expect(mixed.message).toContain('one shared tokenizer.json or one per side');
    const half = formatError(() => loadModelFromFiles(filesOf(BPE_SIZE, { sourceTokenizer: bpe })));
    expect(half.file).toBe('target.tokenizer.json');
  });
});

describe('tokenizer files in a model directory', () => {
  async function modelDir(name: string): Promise<string> {
    const config = defaultConfig({ src_vocab_size: BPE_SIZE, tgt_vocab_size: BPE_SIZE });
    return writeModelDir(join(dir, name), randomModel(config, 4));
  }

  it('loads tokenizer.json, and source.tokenizer.json with target.tokenizer.json, without vocab.json', async () => {
    const shared = await modelDir('shared');
    await writeFile(join(shared, 'tokenizer.json'), bpe);
    expect((await loadModelDir(shared)).tokenizer?.kind).toBe('tokenizer.json');
    const sides = await modelDir('sides');
    await writeFile(join(sides, 'source.tokenizer.json'), bpe);
    await writeFile(join(sides, 'target.tokenizer.json'), bpe);
    expect((await loadModelDir(sides)).tokenizer?.encodeSource('the cat').ids).toHaveLength(2);
  });

  it('caps a tokenizer file in size and refuses one that is not a regular file', async () => {
    const capped = await modelDir('capped');
    await writeFile(join(capped, 'tokenizer.json'), bpe);
    const tooLarge = await modelFormatRejection(loadModelDir(capped, { ...MODEL_FILE_LIMITS, tokenizer: 1024 }));
    expect(tooLarge.file).toBe(join(capped, 'tokenizer.json'));
    expect(tooLarge.message).toContain('more than the 1 KiB limit');
    const folder = await modelDir('folder');
    await mkdir(join(folder, 'tokenizer.json'));
    const notFile = await modelFormatRejection(loadModelDir(folder));
    expect(notFile.message).toContain('is a directory, not a regular file');
  });
});

describe('the word-level tokenizer on the shipped vocabulary', () => {
  it('keeps a whitespace word the vocabulary has whole, even one starting with a mark ("\'s")', async () => {
    const vocab = JSON.parse(await readFile('models/en-es/vocab.json', 'utf8')) as { source: string[] };
    const encoding = tokenizeSource("Maria 's dog sleeps.", vocab.source, 1);
    expect(encoding.map((token) => token.token)).toEqual(['Maria', "'s", 'dog', 'sleeps', '.']);
    expect(encoding.every((token) => token.known)).toBe(true);
    // Without such a token the mark is still split off.
    expect(tokenizeSource('"dog', vocab.source, 1).map((token) => token.typed)).toEqual(['"', 'dog']);
  });
});
