// Initial decoder states: the encoder's final states, copied into the parity-0 half of the
// decoder state (layout of shaders/cell_update.wgsl: state[parity][slot][layer][n][j], slot 0 = h,
// slot 1 = c for LSTM). Row n takes sentence n / rows_per_sentence, so beams of one sentence start
// from the same state. One invocation per (layer, row, unit).
//! include lib/grid.wgsl

struct InitParams {
  rows: u32,               // N
  rows_per_sentence: u32,  // K
  sentences: u32,          // B
  hidden: u32,             // H
  layers: u32,             // L
  slots: u32,              // 2 for LSTM (h and c), else 1
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<uniform> params: InitParams;
// [L × B × H] each; final_c is only read when slots = 2.
@group(0) @binding(1) var<storage, read> final_h: array<f32>;
@group(0) @binding(2) var<storage, read> final_c: array<f32>;
@group(0) @binding(3) var<storage, read_write> state: array<f32>;

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let index = linear_workgroup_index(wid, nwg) * WORKGROUP_SIZE + lane;
  let H = params.hidden;
  let per_layer = params.rows * H;
  if (index >= params.layers * per_layer) {
    return;
  }
  let layer = index / per_layer;
  let n = (index % per_layer) / H;
  let j = index % H;
  let source = (layer * params.sentences + n / params.rows_per_sentence) * H + j;
  // Parity 0, slot 0: state index = (layer * N + n) * H + j = index.
  state[index] = final_h[source];
  if (params.slots == 2u) {
    state[(params.layers + layer) * per_layer + n * H + j] = final_c[source];
  }
}
