/**
 * The benchmark's LSTM encoder as an ONNX model (ir_version 8, opset 17), built in memory from the
 * engine model's weights by a minimal protobuf writer (no dependency):
 *   ids int64 [B,T] → Gather(embedding [V,E]) → [B,T,E] → Transpose [1,0,2] → [T,B,E]
 *   → LSTM (forward, hidden H) → Y [T,1,B,H] → Squeeze axis 1 → [T,B,H] → Transpose [1,0,2] → outputs [B,T,H].
 * `node tools/run.mjs bench/run.ts --write-onnx FILE` writes the small shape's model for inspection.
 */
import type { Model } from '../../src/model/model.ts';
import type { LstmShape } from '../lstm-shapes.ts';

/** Protobuf wire types. */
const VARINT = 0;
const LENGTH_DELIMITED = 2;

/** A protobuf message under construction: fields are appended in the order written. */
class Message {
  private readonly chunks: Uint8Array[] = [];
  private size = 0;

  private push(bytes: Uint8Array): void {
    this.chunks.push(bytes);
    this.size += bytes.length;
  }

  private tag(field: number, wireType: number): void {
    this.push(varint(BigInt((field << 3) | wireType)));
  }

  int(field: number, value: number | bigint): this {
    this.tag(field, VARINT);
    this.push(varint(BigInt(value)));
    return this;
  }

  bytes(field: number, value: Uint8Array): this {
    this.tag(field, LENGTH_DELIMITED);
    this.push(varint(BigInt(value.length)));
    this.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, new TextEncoder().encode(value));
  }

  message(field: number, value: Message): this {
    return this.bytes(field, value.finish());
  }

  /** A packed repeated int64 field. */
  packedInts(field: number, values: readonly number[]): this {
    const body = new Message();
    for (const value of values) body.push(varint(BigInt(value)));
    return this.bytes(field, body.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }
}

/** Base-128 varint; negative int64 values take ten bytes, as protobuf encodes them. */
function varint(value: bigint): Uint8Array {
  let v = BigInt.asUintN(64, value);
  const bytes: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v !== 0n) byte |= 0x80;
    bytes.push(byte);
  } while (v !== 0n);
  return Uint8Array.from(bytes);
}

// onnx.proto enums and field numbers used below.
const FLOAT = 1;
const INT64 = 7;
const ATTRIBUTE_INT = 2;
const ATTRIBUTE_STRING = 3;
const ATTRIBUTE_INTS = 7;

function tensor(name: string, dims: readonly number[], dataType: number, raw: Uint8Array): Message {
  // TensorProto: dims 1, data_type 2, name 8, raw_data 9 (little-endian).
  return new Message().packedInts(1, dims).int(2, dataType).string(8, name).bytes(9, raw);
}

const floatTensor = (name: string, dims: readonly number[], values: Float32Array) =>
  tensor(name, dims, FLOAT, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));

const int64Tensor = (name: string, dims: readonly number[], values: readonly number[]) => {
  const data = BigInt64Array.from(values, (v) => BigInt(v));
  return tensor(name, dims, INT64, new Uint8Array(data.buffer));
};

type Attribute = { name: string } & ({ i: number } | { s: string } | { ints: number[] });

function attribute(a: Attribute): Message {
  // AttributeProto: name 1, i 3, s 4, ints 8, type 20.
  const m = new Message().string(1, a.name);
  if ('i' in a) return m.int(3, a.i).int(20, ATTRIBUTE_INT);
  if ('s' in a) return m.string(4, a.s).int(20, ATTRIBUTE_STRING);
  return m.packedInts(8, a.ints).int(20, ATTRIBUTE_INTS);
}

function node(opType: string, inputs: string[], outputs: string[], attributes: Attribute[] = []): Message {
  // NodeProto: input 1, output 2, name 3, op_type 4, attribute 5.
  const m = new Message();
  for (const input of inputs) m.string(1, input);
  for (const output of outputs) m.string(2, output);
  m.string(3, `${opType}_${outputs[0]}`).string(4, opType);
  for (const a of attributes) m.message(5, attribute(a));
  return m;
}

function valueInfo(name: string, elemType: number, dims: readonly number[]): Message {
  // ValueInfoProto { name 1, type 2: TypeProto { tensor_type 1: { elem_type 1, shape 2: { dim 1: { dim_value 1 } } } } }
  const shape = new Message();
  for (const dim of dims) shape.message(1, new Message().int(1, dim));
  const tensorType = new Message().int(1, elemType).message(2, shape);
  return new Message().string(1, name).message(2, new Message().message(1, tensorType));
}

/**
 * PyTorch stacks the gates' rows as i, f, g(c), o; ONNX as i, o, f, c: ONNX block k is PyTorch block
 * ONNX_FROM_PYTORCH[k].
 */
const ONNX_FROM_PYTORCH = [0, 3, 1, 2];

function reorderGates(w: Float32Array, hidden: number): Float32Array {
  const block = w.length / 4;
  if (block !== Math.floor(block) || block % hidden !== 0) throw new Error('gate rows do not split in 4');
  const out = new Float32Array(w.length);
  ONNX_FROM_PYTORCH.forEach((from, to) => out.set(w.subarray(from * block, (from + 1) * block), to * block));
  return out;
}

/** The model's encoder (embedding then its first LSTM layer) as ONNX bytes for B × T ids. */
export function lstmOnnxModel(model: Model, shape: LstmShape): Uint8Array {
  const { batch: B, length: T, embedding: E, hidden: H } = shape;
  const vocab = model.config.src_vocab_size;
  const weight = (name: string) => {
    const w = model.weights.get(name);
    if (!w) throw new Error(`the model has no ${name}`);
    return w;
  };
  const bias = new Float32Array(8 * H);
  bias.set(reorderGates(weight('encoder.rnn.bias_ih_l0'), H), 0);
  bias.set(reorderGates(weight('encoder.rnn.bias_hh_l0'), H), 4 * H);

  const graph = new Message();
  const nodes = [
    node('Gather', ['embedding', 'ids'], ['embedded'], [{ name: 'axis', i: 0 }]),
    node('Transpose', ['embedded'], ['time_major'], [{ name: 'perm', ints: [1, 0, 2] }]),
    node(
      'LSTM',
      ['time_major', 'W', 'R', 'B'],
      ['Y'],
      [
        { name: 'hidden_size', i: H },
        { name: 'direction', s: 'forward' },
      ],
    ),
    node('Squeeze', ['Y', 'squeeze_axes'], ['Y_squeezed']),
    node('Transpose', ['Y_squeezed'], ['outputs'], [{ name: 'perm', ints: [1, 0, 2] }]),
  ];
  // GraphProto: node 1, name 2, initializer 5, input 11, output 12.
  for (const n of nodes) graph.message(1, n);
  graph.string(2, 'unroll_lstm_encoder');
  graph.message(5, floatTensor('embedding', [vocab, E], weight('encoder.embedding.weight')));
  graph.message(5, floatTensor('W', [1, 4 * H, E], reorderGates(weight('encoder.rnn.weight_ih_l0'), H)));
  graph.message(5, floatTensor('R', [1, 4 * H, H], reorderGates(weight('encoder.rnn.weight_hh_l0'), H)));
  graph.message(5, floatTensor('B', [1, 8 * H], bias));
  graph.message(5, int64Tensor('squeeze_axes', [1], [1]));
  graph.message(11, valueInfo('ids', INT64, [B, T]));
  graph.message(12, valueInfo('outputs', FLOAT, [B, T, H]));

  // ModelProto: ir_version 1, producer_name 2, producer_version 3, graph 7, opset_import 8 { domain 1, version 2 }.
  return new Message()
    .int(1, 8)
    .string(2, 'unroll-bench')
    .string(3, '1')
    .message(7, graph)
    .message(8, new Message().string(1, '').int(2, 17))
    .finish();
}
