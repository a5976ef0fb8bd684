// Token embeddings with scale and positions, one invocation per output element:
//
//   out[r] = embedding[id]·scale + positions[p]
//
// with the token and position of row r from the position mode:
//   0 (row in sentence, the encoder)  id = tokens[tokens_offset + r], p = r % rows_per_sentence;
//   1 (step, a decoder step t)        id = tokens[tokens_offset + t·rows + r], p = t,
// t from the step table (bound in both modes; mode 0 never reads it).
//
// Ids ≥ vocab and positions ≥ max_positions are clamped to the last row of their table: the
// engine rejects them before, this only keeps every read in bounds.
//! include lib/grid.wgsl
//! include lib/step.wgsl

struct EmbedPositionsParams {
  rows: u32,
  width: u32,
  vocab: u32,
  max_positions: u32,
  tokens_offset: u32,
  out_offset: u32,
  ldo: u32,
  // 0: row in sentence; 1: step.
  position_mode: u32,
  rows_per_sentence: u32,
  scale: f32,
}

@group(0) @binding(0) var<uniform> params: EmbedPositionsParams;
@group(0) @binding(1) var<storage, read> tokens: array<u32>;
@group(0) @binding(2) var<storage, read> embedding: array<f32>;
@group(0) @binding(3) var<storage, read> positions: array<f32>;
@group(0) @binding(4) var<storage, read_write> out: array<f32>;
@group(1) @binding(0) var<uniform> step: StepInfo;

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let element = linear_workgroup_index(wid, nwg) * WORKGROUP_SIZE + lane;
  if (element >= params.rows * params.width) {
    return;
  }
  let r = element / params.width;
  let e = element % params.width;
  var token_index = params.tokens_offset + r;
  var position = r % params.rows_per_sentence;
  if (params.position_mode == 1u) {
    token_index = params.tokens_offset + step.t * params.rows + r;
    position = step.t;
  }
  let id = min(tokens[token_index], params.vocab - 1u);
  position = min(position, params.max_positions - 1u);
  out[params.out_offset + r * params.ldo + e] =
    embedding[id * params.width + e] * params.scale + positions[position * params.width + e];
}
