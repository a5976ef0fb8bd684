// The first decoder layer's input rows, gathered for the matmul that projects them: row n of step t
// is the embedding of the previous token history[t][n], followed (input feeding) by the previous
// attentional hidden h̃ [N×H] (zero at t = 0). x is [N × width], width = E (+ H with input feeding).
// One invocation per element of x.
//! include lib/grid.wgsl
//! include lib/step.wgsl

struct InputParams {
  rows: u32,       // N
  embedding: u32,  // E
  hidden: u32,     // H
  width: u32,      // E, or E + H with input feeding
}

@group(0) @binding(0) var<uniform> params: InputParams;
// u32 [(steps + 1) × N].
@group(0) @binding(1) var<storage, read> history: array<u32>;
// [V × E].
@group(0) @binding(2) var<storage, read> embedding: array<f32>;
// [N × H] (read only with input feeding).
@group(0) @binding(3) var<storage, read> feed: array<f32>;
@group(0) @binding(4) var<storage, read_write> x: array<f32>;
@group(1) @binding(0) var<uniform> step: StepInfo;

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let index = linear_workgroup_index(wid, nwg) * WORKGROUP_SIZE + lane;
  if (index >= params.rows * params.width) {
    return;
  }
  let n = index / params.width;
  let i = index % params.width;
  if (i < params.embedding) {
    let token = history[step.t * params.rows + n];
    x[index] = embedding[token * params.embedding + i];
  } else {
    x[index] = feed[n * params.hidden + (i - params.embedding)];
  }
}
