// Residual add and layer norm, one invocation per row:
//
//   v = a + b                 (b optional: v = a)
//   sum = v                   (optional output, e.g. the residual stream of a post-norm block)
//   normed = (v − mean) / √(var + eps) · γ + β,   var = mean((v − mean)²), biased as torch.
//
// Two passes over the row (mean, then Σ(v − mean)²) so inputs of 1e4..1e6 keep their variance:
// E[v²] − E[v]² would cancel it away. v is recomputed from a and b in each pass (the same f32
// addition, so the same value) rather than kept, since the width is not known when compiling.
// Each sum is taken as a workgroup of 64 lanes would (lib/lanes.wgsl), which keeps its rounding
// that of a tree, but without barriers: a software adapter pays most for those.
//! include lib/grid.wgsl
//! include lib/lanes.wgsl

struct ResidualNormParams {
  rows: u32,
  width: u32,
  a_offset: u32,
  lda: u32,
  b_offset: u32,
  ldb: u32,
  // 1: v = a + b; 0: v = a (the b binding is then a placeholder, never read).
  has_b: u32,
  sum_offset: u32,
  ld_sum: u32,
  // 1: write v into sum; 0: the sum binding is a placeholder.
  has_sum: u32,
  normed_offset: u32,
  ld_normed: u32,
  gamma_offset: u32,
  beta_offset: u32,
  eps: f32,
}

@group(0) @binding(0) var<uniform> params: ResidualNormParams;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read> gamma: array<f32>;
@group(0) @binding(4) var<storage, read> beta: array<f32>;
@group(0) @binding(5) var<storage, read_write> sum: array<f32>;
@group(0) @binding(6) var<storage, read_write> normed: array<f32>;

// Rows per workgroup, one per invocation.
override WORKGROUP_SIZE: u32 = 8u;

fn residual(row: u32, i: u32) -> f32 {
  let v = a[params.a_offset + row * params.lda + i];
  if (params.has_b != 0u) {
    return v + b[params.b_offset + row * params.ldb + i];
  }
  return v;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let row = linear_workgroup_index(wid, nwg) * WORKGROUP_SIZE + lane;
  if (row >= params.rows) {
    return;
  }
  let width = params.width;

  var partial: array<f32, LANE_COUNT>;
  for (var part = 0u; part < LANE_COUNT; part++) {
    var total = 0.0;
    for (var i = part; i < width; i += LANE_COUNT) {
      let v = residual(row, i);
      if (params.has_sum != 0u) {
        sum[params.sum_offset + row * params.ld_sum + i] = v;
      }
      total += v;
    }
    partial[part] = total;
  }
  let mean = lanes_tree_sum(&partial) / f32(width);

  for (var part = 0u; part < LANE_COUNT; part++) {
    var squares = 0.0;
    for (var i = part; i < width; i += LANE_COUNT) {
      let d = residual(row, i) - mean;
      squares += d * d;
    }
    partial[part] = squares;
  }
  let variance = lanes_tree_sum(&partial) / f32(width);
  let inverse_deviation = 1.0 / sqrt(variance + params.eps);

  for (var i = 0u; i < width; i++) {
    let d = residual(row, i) - mean;
    normed[params.normed_offset + row * params.ld_normed + i] =
      d * inverse_deviation * gamma[params.gamma_offset + i] + beta[params.beta_offset + i];
  }
}
