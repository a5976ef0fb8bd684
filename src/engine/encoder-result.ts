/**
 * What a GPU encode leaves on the device for the decoder: buffers that stay resident (no
 * readback) until the decoder, or readEncoderResults for the `encode` command, uses them.
 * They belong to the encoder's arena: valid until the next encode or the encoder's dispose().
 */
export interface EncoderResultBuffers {
  /** Top layer outputs, f32 [B×T×H]; row b·T + t = [forward_t ; backward_t]. Rows t ≥ lengths[b] hold stale values. */
  readonly outputs: GPUBuffer;
  /** Final hidden state per layer, f32 [L×B×H]: [forward after x_len ; backward after x_1]. */
  readonly finalH: GPUBuffer;
  /** Final cell state per layer, f32 [L×B×H] (LSTM only). */
  readonly finalC?: GPUBuffer;
  /** Source lengths, u32 [B]. */
  readonly lengths: GPUBuffer;
  /** B. */
  readonly batch: number;
  /** T = the largest length of the batch: the row stride of `outputs`. */
  readonly maxLength: number;
  /** The same lengths on the host (CPU), for schedules that size work by them. */
  readonly sourceLengths: readonly number[];
}
