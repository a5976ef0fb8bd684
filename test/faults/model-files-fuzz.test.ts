// Fuzzing the model readers (no GPU): random and damaged safetensors files, damaged config.json
// objects and texts. Whatever the bytes, a reader either returns a well-formed result or throws a
// ModelFormatError naming the file; never another exception, a crash or a hang (each property runs
// a bounded number of cases under the test's timeout, and the largest input is a few KiB).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ModelFormatError } from '../../src/errors.ts';
import type { ModelConfig, RnnConfig } from '../../src/model/config.ts';
import { parseConfig, parseConfigText } from '../../src/model/config-parse.ts';
import { bf16BitsToF32, f16BitsToF32, f32Bits } from '../../src/model/half.ts';
import { loadModelFromFiles } from '../../src/model/load.ts';
import { defaultConfig, randomModel } from '../../src/model/random-model.ts';
import { readSafetensors, type RawTensor, type SafetensorsDtype } from '../../src/model/safetensors.ts';
import { type TensorToWrite, writeSafetensors } from '../../src/model/safetensors-write.ts';
import { expectedTensors } from '../../src/model/tensor-spec.ts';
import { makeVocab, modelTensors } from '../helpers/model-files.ts';

const FILE = 'fuzzed.safetensors';
const RUNS = 400;

/**
 * Runs `read`; passes when it returns (the result is then checked by `check`) or throws a
 * ModelFormatError whose message starts with one of `files`. Anything else fails the property.
 */
function typedOutcome<T>(read: () => T, files: readonly string[], check: (result: T) => void = () => {}): void {
  let result: T;
  try {
    result = read();
  } catch (error) {
    if (!(error instanceof ModelFormatError)) {
      throw new Error(
        `expected a ModelFormatError, got ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`,
        {
          cause: error,
        },
      );
    }
    expect(files).toContain(error.file);
    expect(error.message.startsWith(`${error.file}: `)).toBe(true);
    expect(error.message).not.toMatch(/undefined|\[object Object\]/);
    return;
  }
  check(result);
}

/** A parsed file is consistent: every tensor holds exactly product(shape) values. */
function checkTensors(tensors: Map<string, RawTensor>): void {
  for (const [name, tensor] of tensors) {
    expect(['F32', 'F16', 'BF16'], name).toContain(tensor.dtype);
    expect(tensor.data.length, name).toBe(tensor.shape.reduce((a, b) => a * b, 1));
  }
}

// Tensors the writer can store exactly: F32 any bit pattern but NaN (whose payload the writer
// may canonicalise), F16 and BF16 values decoded from non-NaN 16-bit patterns.
const dtypeArb = fc.constantFrom<SafetensorsDtype>('F32', 'F16', 'BF16');
const shapeArb = fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 0, maxLength: 3 });
const nameArb = fc
  .oneof(
    fc.string({ minLength: 1, maxLength: 12 }),
    fc.constantFrom('encoder.embedding.weight', '__proto__', 'constructor', 'a"b\\c', 'ü∑😀'),
  )
  .filter((name) => name !== '__metadata__');

function valuesFor(dtype: SafetensorsDtype, count: number): fc.Arbitrary<Float32Array> {
  if (dtype === 'F32') {
    return fc.array(fc.float({ noNaN: true }), { minLength: count, maxLength: count }).map((v) => Float32Array.from(v));
  }
  const decode = dtype === 'F16' ? f16BitsToF32 : bf16BitsToF32;
  return fc
    .array(fc.integer({ min: 0, max: 0xffff }), { minLength: count, maxLength: count })
    .map((bits) => Float32Array.from(bits.map(decode).map((v) => (Number.isNaN(v) ? 0 : v))));
}

const tensorArb: fc.Arbitrary<TensorToWrite> = fc.tuple(dtypeArb, shapeArb).chain(([dtype, shape]) =>
  valuesFor(
    dtype,
    shape.reduce((a, b) => a * b, 1),
  ).map((data) => ({ dtype, shape, data })),
);

const tensorsArb = fc.dictionary(nameArb, tensorArb, { maxKeys: 5 });
const metadataArb = fc.option(fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }), {
  nil: undefined,
});

/** Damage done to a file's bytes. */
type Mutation =
  | { kind: 'flip'; at: number; bits: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'insert'; at: number; bytes: number[] }
  | { kind: 'delete'; at: number; count: number }
  | { kind: 'header-length'; value: bigint }
  | { kind: 'header-text'; from: string; to: string };

const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({
    kind: fc.constant('header-length' as const),
    value: fc.oneof(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), fc.bigInt({ min: 0n, max: 400n })),
  }),
  fc.record({
    kind: fc.constant('header-text' as const),
    // Header tokens a damaged or hostile file could change, and what they could become.
    from: fc.constantFrom(
      '"F32"',
      '"F16"',
      '"BF16"',
      '"shape"',
      '"data_offsets"',
      '"dtype"',
      '[',
      ']',
      ',',
      ':',
      '0',
      '1',
      '2',
      '4',
    ),
    to: fc.constantFrom(
      '"F64"',
      '"I8"',
      '"f32"',
      'null',
      '[]',
      '{}',
      '-1',
      '1e400',
      '9007199254740993',
      '1.5',
      '"x"',
      '',
      ' ',
      '0',
      '99999999999',
    ),
  }),
);

function mutate(bytes: Uint8Array, mutation: Mutation): Uint8Array {
  const at =
    bytes.length === 0
      ? 0
      : mutation.kind === 'header-length' || mutation.kind === 'header-text'
        ? 0
        : mutation.at % bytes.length;
  switch (mutation.kind) {
    case 'flip': {
      const out = bytes.slice();
      if (out.length > 0) out[at] ^= mutation.bits;
      return out;
    }
    case 'truncate':
      return bytes.slice(0, at);
    case 'insert':
      return Uint8Array.from([...bytes.subarray(0, at), ...mutation.bytes, ...bytes.subarray(at)]);
    case 'delete':
      return Uint8Array.from([...bytes.subarray(0, at), ...bytes.subarray(at + mutation.count)]);
    case 'header-length': {
      const out = bytes.slice();
      if (out.length >= 8) new DataView(out.buffer).setBigUint64(0, mutation.value, true);
      return out;
    }
    case 'header-text': {
      if (bytes.length < 8) return bytes;
      const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
      if (8 + length > bytes.length) return bytes;
      const header = new TextDecoder().decode(bytes.subarray(8, 8 + length));
      const index = header.indexOf(mutation.from);
      if (index < 0) return bytes;
      const changed = new TextEncoder().encode(
        header.slice(0, index) + mutation.to + header.slice(index + mutation.from.length),
      );
      const out = new Uint8Array(8 + changed.length + (bytes.length - 8 - length));
      new DataView(out.buffer).setBigUint64(0, BigInt(changed.length), true);
      out.set(changed, 8);
      out.set(bytes.subarray(8 + length), 8 + changed.length);
      return out;
    }
  }
}

describe('safetensors reader under fuzzing', () => {
  it('random bytes: a ModelFormatError naming the file, or a consistent result', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) =>
        typedOutcome(() => readSafetensors(bytes, FILE), [FILE], checkTensors),
      ),
      { numRuns: RUNS },
    );
  });

  it('a header length followed by random JSON and random data', () => {
    fc.assert(
      fc.property(
        fc.json({ maxDepth: 3 }),
        fc.uint8Array({ maxLength: 64 }),
        fc.integer({ min: -3, max: 3 }),
        (json, data, skew) => {
          const header = new TextEncoder().encode(json);
          const bytes = new Uint8Array(8 + header.length + data.length);
          new DataView(bytes.buffer).setBigUint64(0, BigInt(Math.max(0, header.length + skew)), true);
          bytes.set(header, 8);
          bytes.set(data, 8 + header.length);
          typedOutcome(() => readSafetensors(bytes, FILE), [FILE], checkTensors);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('valid files with one to three mutations', () => {
    fc.assert(
      fc.property(tensorsArb, fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (tensors, mutations) => {
        const damaged = mutations.reduce(mutate, writeSafetensors(tensors));
        typedOutcome(() => readSafetensors(damaged, FILE), [FILE], checkTensors);
      }),
      { numRuns: RUNS },
    );
  });

  it('valid generated files round-trip: names, dtypes, shapes and every value bit for bit', () => {
    fc.assert(
      fc.property(tensorsArb, metadataArb, (tensors, metadata) => {
        const read = readSafetensors(writeSafetensors(tensors, metadata), FILE);
        expect([...read.keys()].sort()).toEqual(Object.keys(tensors).sort());
        for (const [name, written] of Object.entries(tensors)) {
          const tensor = read.get(name)!;
          expect(tensor.dtype).toBe(written.dtype);
          expect(tensor.shape).toEqual(written.shape);
          expect(Array.from(tensor.data, f32Bits)).toEqual(Array.from(written.data, f32Bits));
        }
      }),
      { numRuns: RUNS },
    );
  });
});

/** Values a fuzzed config key may take: right and wrong types, edges, huge and negative numbers. */
const configValueArb = fc.oneof(
  fc.jsonValue({ maxDepth: 2 }),
  fc.integer({ min: -3, max: 70 }),
  fc.constantFrom(0, 1, 2, 3, 1e5, 1e7, 2 ** 31, 2 ** 53 - 1, 2 ** 53, 1e300, -0, 0.5, Infinity, NaN),
  fc.constantFrom(
    'lstm',
    'gru',
    'rnn_tanh',
    'rnn_relu',
    'none',
    'dot',
    'general',
    'additive',
    'seq2seq-rnn',
    'LSTM',
    '',
  ),
  fc.boolean(),
);

const BASE_CONFIG = defaultConfig({
  cell: 'gru',
  attention: 'additive',
  input_feeding: true,
  bidirectional: true,
  hidden_size: 6,
  embedding_dim: 4,
});
const CONFIG_KEYS = Object.keys(BASE_CONFIG) as (keyof RnnConfig)[];
const configEditArb = fc.array(
  fc.oneof(
    fc.record({ key: fc.constantFrom(...CONFIG_KEYS), value: configValueArb }),
    fc.record({ key: fc.constantFrom(...CONFIG_KEYS), remove: fc.constant(true) }),
  ),
  { minLength: 1, maxLength: 4 },
);

function editConfig(edits: { key: string; value?: unknown; remove?: boolean }[]): Record<string, unknown> {
  const config: Record<string, unknown> = { ...BASE_CONFIG };
  for (const edit of edits) {
    if (edit.remove) delete config[edit.key];
    else config[edit.key] = edit.value;
  }
  return config;
}

/** A config that parsed keeps every invariant docs/model-format.md states. */
function checkConfig(loadedConfig: ModelConfig): void {
  expect(loadedConfig.format).toBe('seq2seq-rnn');
  const config = loadedConfig as RnnConfig;
  for (const key of ['src_vocab_size', 'tgt_vocab_size', 'embedding_dim', 'hidden_size', 'num_layers'] as const) {
    expect(Number.isSafeInteger(config[key]) && config[key] >= 1, key).toBe(true);
  }
  for (const key of ['pad_id', 'unk_id'] as const)
    expect(config[key]).toBeLessThan(Math.min(config.src_vocab_size, config.tgt_vocab_size));
  for (const key of ['bos_id', 'eos_id'] as const) expect(config[key]).toBeLessThan(config.tgt_vocab_size);
  if (config.bidirectional) expect(config.hidden_size % 2).toBe(0);
  if (config.attention === 'none') expect(config.input_feeding).toBe(false);
}

describe('config validation under fuzzing', () => {
  it('edited config objects: a ModelFormatError naming config.json and the key, or a config that keeps the invariants', () => {
    fc.assert(
      fc.property(configEditArb, (edits) => {
        typedOutcome(() => parseConfig(editConfig(edits)), ['config.json'], checkConfig);
        try {
          parseConfig(editConfig(edits));
        } catch (error) {
          // Every problem in an object names its key.
          expect((error as ModelFormatError).key ?? 'no key').not.toBe('no key');
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('damaged config.json text', () => {
    const text = JSON.stringify(BASE_CONFIG, null, 2);
    fc.assert(
      fc.property(fc.nat(), fc.nat({ max: 6 }), fc.string({ maxLength: 4 }), (at, cut, insert) => {
        const position = at % (text.length + 1);
        const damaged = text.slice(0, position) + insert + text.slice(position + cut);
        typedOutcome(() => parseConfigText(damaged), ['config.json'], checkConfig);
      }),
      { numRuns: RUNS },
    );
  });

  it('random text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 80 }), fc.json()), (text) =>
        typedOutcome(() => parseConfigText(text), ['config.json']),
      ),
      { numRuns: RUNS },
    );
  });
});

describe('whole model loads under fuzzing', () => {
  const model = randomModel(BASE_CONFIG, 5);
  const safetensors = writeSafetensors(modelTensors(model));
  const vocab = makeVocab(BASE_CONFIG);
  const files = ['config.json', 'model.safetensors', 'vocab.json'];

  /** A loaded model binds exactly the expected tensors, each of its spec size. */
  const checkModel = (loaded: ReturnType<typeof loadModelFromFiles>) => {
    checkConfig(loaded.config);
    const specs = expectedTensors(loaded.config);
    expect([...loaded.weights.keys()]).toEqual(specs.map((spec) => spec.name));
    for (const spec of specs) expect(loaded.weights.get(spec.name)!.length).toBe(spec.shape.reduce((a, b) => a * b, 1));
  };

  it('an edited config against the unchanged weights and vocabulary (sizes that no longer match, huge layer counts...)', () => {
    fc.assert(
      fc.property(configEditArb, (edits) => {
        typedOutcome(() => loadModelFromFiles({ config: editConfig(edits), safetensors, vocab }), files, checkModel);
      }),
      { numRuns: RUNS },
    );
  });

  it('damaged weights under the unchanged config', () => {
    fc.assert(
      fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 2 }), (mutations) => {
        const damaged = mutations.reduce(mutate, safetensors);
        typedOutcome(() => loadModelFromFiles({ config: BASE_CONFIG, safetensors: damaged, vocab }), files, checkModel);
      }),
      { numRuns: RUNS },
    );
  });

  it('a config claiming 2^31 or 2^53 − 1 layers is refused at the first missing tensor, at once', () => {
    for (const layers of [2 ** 31, 2 ** 53 - 1]) {
      const started = performance.now();
      expect(() => loadModelFromFiles({ config: { ...BASE_CONFIG, num_layers: layers }, safetensors, vocab })).toThrow(
        'model.safetensors: tensor "encoder.rnn.weight_ih_l1": required tensor is missing (expected shape [9, 6])',
      );
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });

  it('the unchanged files load, and F16 files whose values overflow to Inf are refused naming the tensor', () => {
    checkModel(loadModelFromFiles({ config: BASE_CONFIG, safetensors, vocab }));
    const tensors = modelTensors(model, 'F16');
    const data = tensors['decoder.rnn.weight_hh_l0'].data.slice();
    data[7] = 70000; // [1, 1] of [18, 6]; past F16's largest finite value, 65504: stored as +Inf
    tensors['decoder.rnn.weight_hh_l0'] = { ...tensors['decoder.rnn.weight_hh_l0'], data };
    expect(() => loadModelFromFiles({ config: BASE_CONFIG, safetensors: writeSafetensors(tensors) })).toThrow(
      'model.safetensors: tensor "decoder.rnn.weight_hh_l0": contains Infinity at index 7 (element [1, 1]); weights must be finite',
    );
  });
});
