/**
 * Buffer sizes against the device's limits, checked before anything is allocated: a buffer past
 * maxBufferSize, or a storage buffer past maxStorageBufferBindingSize (every storage buffer here is
 * bound whole), is a GpuError naming the buffer and the limit instead of a WebGPU validation error
 * that surfaces later, on some dispatch, far from its cause. Pure: no GPU needed.
 */
import { GpuError } from '../errors.ts';
import { encoderDirectionSize, gateCount, type RnnConfig } from '../model/config.ts';

/** The two limits that bound a buffer's size (GPUSupportedLimits has both). */
export interface BufferLimits {
  readonly maxBufferSize: number;
  readonly maxStorageBufferBindingSize: number;
}

export interface PlannedBuffer {
  /** The label the buffer gets when it is created. */
  readonly label: string;
  readonly bytes: number;
  /** The model tensor(s) it holds, for error messages. */
  readonly tensors: string;
}

export interface BufferUse {
  /** Bound as a storage buffer (then maxStorageBufferBindingSize applies too). */
  storage: boolean;
  /** What it holds, named in the error (model tensors). */
  holding?: string;
}

/** Throws a GpuError naming the buffer when `bytes` exceed what the device allows for it. */
export function checkBufferSize(label: string, bytes: number, limits: BufferLimits, use: BufferUse): void {
  const holding = use.holding ? ` (holding ${use.holding})` : '';
  const over = (limit: number, name: string) =>
    new GpuError(
      `buffer "${label}"${holding} needs ${formatBytes(bytes)}, more than this device's ${name} of ${formatBytes(limit)}`,
    );
  if (bytes > limits.maxBufferSize) throw over(limits.maxBufferSize, 'maxBufferSize');
  if (use.storage && bytes > limits.maxStorageBufferBindingSize) {
    throw over(limits.maxStorageBufferBindingSize, 'maxStorageBufferBindingSize');
  }
}

/**
 * Every weight buffer the gpu backend uploads for a model (src/gpu/encoder-weights.ts and
 * src/gpu/decoder-weights.ts), with its label and size: the encoder stacks both directions of a
 * layer into one buffer, so those are twice a tensor's size.
 */
export function weightBuffers(config: RnnConfig): PlannedBuffer[] {
  const G = gateCount(config.cell);
  const H = config.hidden_size;
  const E = config.embedding_dim;
  const Hd = encoderDirectionSize(config);
  const dirs = config.bidirectional ? 2 : 1;
  const floats = (label: string, count: number, tensors: string): PlannedBuffer => ({
    label,
    bytes: count * 4,
    tensors,
  });
  // Both directions of an encoder layer share a buffer.
  const directions = (name: string) => (dirs === 2 ? `${name} and ${name}_reverse` : name);
  const buffers: PlannedBuffer[] = [floats('encoder embedding', config.src_vocab_size * E, 'encoder.embedding.weight')];
  for (let k = 0; k < config.num_layers; k++) {
    const inputSize = k === 0 ? E : dirs * Hd;
    const rnn = (name: string) => directions(`encoder.rnn.${name}_l${k}`);
    buffers.push(
      floats(`encoder layer ${k} W_ih`, dirs * G * Hd * inputSize, rnn('weight_ih')),
      floats(`encoder layer ${k} b_ih`, dirs * G * Hd, rnn('bias_ih')),
      floats(`encoder layer ${k} W_hhT`, dirs * Hd * G * Hd, rnn('weight_hh')),
      floats(`encoder layer ${k} b_hh`, dirs * G * Hd, rnn('bias_hh')),
    );
  }
  for (let k = 0; k < config.num_layers; k++) {
    const inputSize = k === 0 ? E + (config.input_feeding ? H : 0) : H;
    buffers.push(
      floats(`decoder weight_ih_l${k}`, inputSize * G * H, `decoder.rnn.weight_ih_l${k}`),
      floats(`decoder weight_hh_l${k}`, H * G * H, `decoder.rnn.weight_hh_l${k}`),
      floats(`decoder biases_l${k}`, 2 * G * H, `decoder.rnn.bias_ih_l${k} and decoder.rnn.bias_hh_l${k}`),
    );
  }
  if (config.attention === 'general')
    buffers.push(floats('decoder attention linear_inᵀ', H * H, 'attention.linear_in.weight'));
  if (config.attention === 'additive') {
    buffers.push(
      floats('decoder attention linear_query', H * H, 'attention.linear_query.weight'),
      floats('decoder attention linear_query bias', H, 'attention.linear_query.bias'),
      floats('decoder attention linear_context', H * H, 'attention.linear_context.weight'),
      floats('decoder attention v', H, 'attention.v.weight'),
    );
  }
  if (config.attention !== 'none') {
    buffers.push(
      floats('decoder attention linear_out', H * 2 * H, 'attention.linear_out.weight'),
      floats('decoder attention linear_out bias', H, 'attention.linear_out.bias'),
    );
  }
  buffers.push(
    floats('decoder embedding', config.tgt_vocab_size * E, 'decoder.embedding.weight'),
    floats('decoder generator', config.tgt_vocab_size * H, 'generator.weight'),
    floats('decoder generator bias', config.tgt_vocab_size, 'generator.bias'),
  );
  return buffers;
}

/** Checks every weight buffer of the model against the limits before any of them is created. */
export function checkModelFitsDevice(config: RnnConfig, limits: BufferLimits): void {
  for (const buffer of weightBuffers(config)) {
    checkBufferSize(buffer.label, buffer.bytes, limits, { storage: true, holding: buffer.tensors });
  }
}

function formatBytes(bytes: number): string {
  const mib = bytes / 2 ** 20;
  return `${bytes} bytes (${mib.toFixed(2)} MiB)`;
}
