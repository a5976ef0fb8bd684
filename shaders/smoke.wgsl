// Smoke kernel: y[i] = a * x[i] + b for i < n. Checks that a backend compiles, binds, dispatches
// (folded grids included) and reads back correctly.
//! include lib/grid.wgsl

struct SmokeParams {
  n: u32,
  a: f32,
  b: f32,
}

@group(0) @binding(0) var<uniform> params: SmokeParams;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;

override WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let i = linear_workgroup_index(wid, nwg) * WORKGROUP_SIZE + lane;
  if (i >= params.n) {
    return;
  }
  y[i] = params.a * x[i] + params.b;
}
