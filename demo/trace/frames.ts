/**
 * The step-through's frames, in the order the computation happens: each encoder layer reads
 * the source forward (then backward when bidirectional), one frame per cell step; then one
 * frame per decoder step of the chosen hypothesis.
 */
import type { EncoderTrace } from './encoder-trace.ts';

export type Frame =
  { kind: 'encoder'; layer: number; direction: number; position: number } | { kind: 'decoder'; step: number };

export function listFrames(encoder: EncoderTrace, decoderSteps: number): Frame[] {
  const frames: Frame[] = [];
  for (let layer = 0; layer < encoder.layers; layer++) {
    for (let direction = 0; direction < encoder.directions; direction++) {
      for (let i = 0; i < encoder.length; i++) {
        const position = direction === 1 ? encoder.length - 1 - i : i;
        frames.push({ kind: 'encoder', layer, direction, position });
      }
    }
  }
  for (let step = 0; step < decoderSteps; step++) frames.push({ kind: 'decoder', step });
  return frames;
}

/** Frame index at which the encoder state (layer, direction, position) is computed. */
export function encoderFrameIndex(encoder: EncoderTrace, layer: number, direction: number, position: number): number {
  const pass = (layer * encoder.directions + direction) * encoder.length;
  return pass + (direction === 1 ? encoder.length - 1 - position : position);
}

export function decoderFrameIndex(encoder: EncoderTrace, step: number): number {
  return encoder.layers * encoder.directions * encoder.length + step;
}
