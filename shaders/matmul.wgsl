// C = act(A · Bᵀ + bias (+ C)): A is [M×K], B is [N×K] (a PyTorch weight [out × in]), C is [M×N].
//! include lib/grid.wgsl
//! include lib/activations.wgsl
//! include lib/erf.wgsl
//
// Register blocking without workgroup memory: each invocation computes a 4×4 tile of C in
// registers, reading 4 rows of A and 4 rows of B four K-elements at a time (16 dot products per
// 8 four-wide loads). No barriers: on SwiftShader they cost more than the reuse they buy.
//
// A workgroup covers a block of block_rows × (WORKGROUP_SIZE / block_rows) tiles; the host picks
// block_rows from M so a short A (a few decoder rows) does not leave most invocations idle.
// Operands are element offsets and row strides into their buffers, so a kernel can read a slice
// of a bigger buffer and write a column range of a wider C (ldc >= N).

struct MatmulParams {
  m: u32,
  n: u32,
  k: u32,
  a_offset: u32,
  lda: u32,
  b_offset: u32,
  ldb: u32,
  c_offset: u32,
  ldc: u32,
  bias_offset: u32,
  // 1: add bias[bias_offset + n]; 0: no bias (the binding is then any buffer, never read).
  has_bias: u32,
  // 1: add the value C already holds (C = act(A·Bᵀ + bias + C)); 0: overwrite it.
  accumulate: u32,
  // Tiles (of 4 rows) per workgroup block along M; a divisor of WORKGROUP_SIZE.
  block_rows: u32,
  // Workgroup blocks along N, and in all (the folded grid may hold more workgroups than that).
  blocks_n: u32,
  blocks_total: u32,
}

@group(0) @binding(0) var<uniform> params: MatmulParams;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read> bias: array<f32>;
@group(0) @binding(4) var<storage, read_write> c: array<f32>;

// 0: identity; 1: tanh (clamped); 2: relu; 3: gelu (erf form, the Transformer's feed-forward).
override ACTIVATION: u32 = 0u;
override WORKGROUP_SIZE: u32 = 64u;

fn load4(base: u32) -> vec4<f32> {
  return vec4<f32>(a[base], a[base + 1u], a[base + 2u], a[base + 3u]);
}

fn load4b(base: u32) -> vec4<f32> {
  return vec4<f32>(b[base], b[base + 1u], b[base + 2u], b[base + 3u]);
}

fn activate(x: f32) -> f32 {
  if (ACTIVATION == 1u) {
    return tanh_clamped(x);
  }
  if (ACTIVATION == 2u) {
    return relu(x);
  }
  if (ACTIVATION == 3u) {
    return gelu(x);
  }
  return x;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let block_index = linear_workgroup_index(wid, nwg);
  if (block_index >= params.blocks_total) {
    return;
  }
  let block_cols = WORKGROUP_SIZE / params.block_rows;
  let tile_m = (block_index / params.blocks_n) * params.block_rows + lane % params.block_rows;
  let tile_n = (block_index % params.blocks_n) * block_cols + lane / params.block_rows;
  let m0 = tile_m * 4u;
  let n0 = tile_n * 4u;
  if (m0 >= params.m || n0 >= params.n) {
    return;
  }

  // Rows past the edge of C re-read the last valid row: no branch in the K loop, no
  // out-of-bounds read; their results are computed and dropped.
  let last_m = params.m - 1u;
  let last_n = params.n - 1u;
  let a0 = params.a_offset + min(m0, last_m) * params.lda;
  let a1 = params.a_offset + min(m0 + 1u, last_m) * params.lda;
  let a2 = params.a_offset + min(m0 + 2u, last_m) * params.lda;
  let a3 = params.a_offset + min(m0 + 3u, last_m) * params.lda;
  let b0 = params.b_offset + min(n0, last_n) * params.ldb;
  let b1 = params.b_offset + min(n0 + 1u, last_n) * params.ldb;
  let b2 = params.b_offset + min(n0 + 2u, last_n) * params.ldb;
  let b3 = params.b_offset + min(n0 + 3u, last_n) * params.ldb;

  var acc0 = vec4<f32>(0.0);
  var acc1 = vec4<f32>(0.0);
  var acc2 = vec4<f32>(0.0);
  var acc3 = vec4<f32>(0.0);
  let k4 = params.k & ~3u;
  for (var k = 0u; k < k4; k += 4u) {
    let x0 = load4(a0 + k);
    let x1 = load4(a1 + k);
    let x2 = load4(a2 + k);
    let x3 = load4(a3 + k);
    let y0 = load4b(b0 + k);
    let y1 = load4b(b1 + k);
    let y2 = load4b(b2 + k);
    let y3 = load4b(b3 + k);
    acc0 += vec4<f32>(dot(x0, y0), dot(x0, y1), dot(x0, y2), dot(x0, y3));
    acc1 += vec4<f32>(dot(x1, y0), dot(x1, y1), dot(x1, y2), dot(x1, y3));
    acc2 += vec4<f32>(dot(x2, y0), dot(x2, y1), dot(x2, y2), dot(x2, y3));
    acc3 += vec4<f32>(dot(x3, y0), dot(x3, y1), dot(x3, y2), dot(x3, y3));
  }
  for (var k = k4; k < params.k; k++) {
    let x = vec4<f32>(a[a0 + k], a[a1 + k], a[a2 + k], a[a3 + k]);
    let y = vec4<f32>(b[b0 + k], b[b1 + k], b[b2 + k], b[b3 + k]);
    acc0 += x.x * y;
    acc1 += x.y * y;
    acc2 += x.z * y;
    acc3 += x.w * y;
  }

  var shift = vec4<f32>(0.0);
  if (params.has_bias != 0u) {
    shift = vec4<f32>(
      bias[params.bias_offset + min(n0, last_n)],
      bias[params.bias_offset + min(n0 + 1u, last_n)],
      bias[params.bias_offset + min(n0 + 2u, last_n)],
      bias[params.bias_offset + min(n0 + 3u, last_n)],
    );
  }
  store_row(m0, n0, acc0 + shift);
  store_row(m0 + 1u, n0, acc1 + shift);
  store_row(m0 + 2u, n0, acc2 + shift);
  store_row(m0 + 3u, n0, acc3 + shift);
}

fn store_row(m: u32, n0: u32, values: vec4<f32>) {
  if (m >= params.m) {
    return;
  }
  let row = params.c_offset + m * params.ldc;
  for (var j = 0u; j < 4u; j++) {
    let n = n0 + j;
    if (n < params.n) {
      var value = values[j];
      if (params.accumulate != 0u) {
        value += c[row + n];
      }
      c[row + n] = activate(value);
    }
  }
}
