// One recurrent time step of an encoder layer, both directions and every sentence of the batch in
// one dispatch. One invocation computes unit j of direction d for a block of BATCH_BLOCK (1, 2, 4
// or 8) consecutive sentences: each W_hh word it reads serves the whole block, so the step reads
// W_hh ceil(B / BATCH_BLOCK) times instead of B times. The block is unrolled by hand into named
// accumulators (a0..a7, with BATCH_BLOCK tests the compiler folds away): indexing a private array
// in the inner loop costs SwiftShader about as much as the loads it saves.
//! include lib/grid.wgsl
//! include lib/gates.wgsl
//! include lib/step.wgsl
//! include lib/cells.wgsl
//
// Step t runs the forward direction at time t and the backward direction at time len_b − 1 − t;
// a sentence with len_b ≤ t does nothing, so padding never reaches a state. The previous state of
// a direction is its own output at the neighbouring time (t − 1 forward, t + 1 backward), read
// from the layer's resident output all_h (and all_c); at t = 0 it is zero. The dispatch boundary
// is the barrier between steps. The step that writes a direction's last state (t = len_b − 1:
// forward at time len_b − 1, backward at time 0) also writes it to the final states, so no
// separate gather is needed.
//
// The cell update is lib/cells.wgsl's, with hp = W_hh·h + b_hh and xp = the precomputed input
// projection W_ih·x + b_ih.

struct RnnStepParams {
  batch: u32,     // B
  max_len: u32,   // T: the time stride of proj, all_h and all_c
  units: u32,     // Hd: units per direction
  dirs: u32,      // 1 or 2
  layer: u32,     // which L×B×H slice of final_h / final_c this layer fills
}

@group(0) @binding(0) var<uniform> params: RnnStepParams;
@group(0) @binding(1) var<storage, read> lengths: array<u32>;
// [B·T × dirs·G·Hd], row b·T + time, column d·G·Hd + g·Hd + j.
@group(0) @binding(2) var<storage, read> proj: array<f32>;
// W_hhᵀ of each direction, [dirs × Hd × G·Hd]: neighbouring units read neighbouring words.
@group(0) @binding(3) var<storage, read> w_hh_t: array<f32>;
// [dirs × G·Hd].
@group(0) @binding(4) var<storage, read> b_hh: array<f32>;
// [B × T × dirs·Hd], row (b, time) = [forward ; backward].
@group(0) @binding(5) var<storage, read_write> all_h: array<f32>;
// Same layout as all_h; LSTM only (other cells bind a placeholder they never touch).
@group(0) @binding(6) var<storage, read_write> all_c: array<f32>;
// [L × B × dirs·Hd].
@group(0) @binding(7) var<storage, read_write> final_h: array<f32>;
@group(0) @binding(8) var<storage, read_write> final_c: array<f32>;

@group(1) @binding(0) var<uniform> step: StepInfo;

// CELL_LSTM, CELL_GRU, CELL_RNN_TANH or CELL_RNN_RELU (lib/cells.wgsl).
override CELL: u32 = 0u;
override WORKGROUP_SIZE: u32 = 64u;
// Sentences per invocation: 1, 2, 4 or 8 (the host checks).
override BATCH_BLOCK: u32 = 8u;

// Where the G gate words of unit j lie, from base (its gate-0 word).
fn gate_indices(base: u32, units: u32) -> vec4<u32> {
  return base + gate_offsets(cell_gates(CELL), units);
}

fn gate_words_w(base: u32, units: u32) -> vec4<f32> {
  let i = gate_indices(base, units);
  return vec4<f32>(w_hh_t[i.x], w_hh_t[i.y], w_hh_t[i.z], w_hh_t[i.w]);
}

fn gate_words_b(base: u32, units: u32) -> vec4<f32> {
  let i = gate_indices(base, units);
  return vec4<f32>(b_hh[i.x], b_hh[i.y], b_hh[i.z], b_hh[i.w]);
}

fn gate_words_proj(base: u32, units: u32) -> vec4<f32> {
  let i = gate_indices(base, units);
  return vec4<f32>(proj[i.x], proj[i.y], proj[i.z], proj[i.w]);
}

// Whether sentence b runs at step t, and its time at this step for direction d.
fn runs(b: u32, t: u32) -> bool {
  return b < params.batch && t < lengths[b];
}

fn time_of(b: u32, d: u32, t: u32) -> u32 {
  if (d == 1u) {
    return lengths[b] - 1u - t;
  }
  return t;
}

// Start of the previous state of sentence b, direction d, in all_h. A sentence outside the batch
// or idle at this step reads row 0 instead (valid memory) and its sums are discarded.
fn previous_row(b: u32, d: u32, t: u32) -> u32 {
  let width = params.dirs * params.units;
  if (!runs(b, t) || t == 0u) {
    return d * params.units;
  }
  var prev_time = t - 1u;
  if (d == 1u) {
    prev_time = time_of(b, d, t) + 1u;
  }
  return (b * params.max_len + prev_time) * width + d * params.units;
}

// The cell update of sentence b's unit j, direction d, given hp (its W_hh·h + b_hh), and the writes.
fn finish(b: u32, d: u32, j: u32, t: u32, hp: vec4<f32>) {
  if (!runs(b, t)) {
    return;
  }
  let units = params.units;
  let dirs = params.dirs;
  let width = dirs * units;
  let rows = cell_gates(CELL) * units;
  let time = time_of(b, d, t);
  let prev = previous_row(b, d, t) + j;
  var h_prev_j = 0.0;
  var c_prev_j = 0.0;
  if (t > 0u) {
    h_prev_j = all_h[prev];
    if (CELL == CELL_LSTM) {
      c_prev_j = all_c[prev];
    }
  }
  let xp = gate_words_proj((b * params.max_len + time) * dirs * rows + d * rows + j, units);
  let next = cell_update(CELL, xp, hp, h_prev_j, c_prev_j);

  let state_col = d * units + j;
  let out = (b * params.max_len + time) * width + state_col;
  all_h[out] = next.h;
  if (CELL == CELL_LSTM) {
    all_c[out] = next.c;
  }
  if (t + 1u == lengths[b]) {
    let final_index = (params.layer * params.batch + b) * width + state_col;
    final_h[final_index] = next.h;
    if (CELL == CELL_LSTM) {
      final_c[final_index] = next.c;
    }
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let units = params.units;
  let dirs = params.dirs;
  let index = linear_workgroup_index(wid, nwg) * WORKGROUP_SIZE + lane;
  let j = index % units;
  let d = (index / units) % dirs;
  let b0 = (index / (units * dirs)) * BATCH_BLOCK;
  if (b0 >= params.batch) {
    return;
  }
  let t = step.t;
  let rows = cell_gates(CELL) * units;

  // hp_g = Σ_k W_hh[g·Hd + j, k] · h_prev[k] + b_hh, the sum skipped at t = 0 where h_prev = 0.
  let bias = gate_words_b(d * rows + j, units);
  var a0 = bias;
  var a1 = bias;
  var a2 = bias;
  var a3 = bias;
  var a4 = bias;
  var a5 = bias;
  var a6 = bias;
  var a7 = bias;
  if (t > 0u) {
    let r0 = previous_row(b0, d, t);
    let r1 = previous_row(b0 + 1u, d, t);
    let r2 = previous_row(b0 + 2u, d, t);
    let r3 = previous_row(b0 + 3u, d, t);
    let r4 = previous_row(b0 + 4u, d, t);
    let r5 = previous_row(b0 + 5u, d, t);
    let r6 = previous_row(b0 + 6u, d, t);
    let r7 = previous_row(b0 + 7u, d, t);
    let w_base = d * units * rows + j;
    for (var k = 0u; k < units; k++) {
      let w = gate_words_w(w_base + k * rows, units);
      a0 += w * all_h[r0 + k];
      if (BATCH_BLOCK > 1u) {
        a1 += w * all_h[r1 + k];
      }
      if (BATCH_BLOCK > 2u) {
        a2 += w * all_h[r2 + k];
        a3 += w * all_h[r3 + k];
      }
      if (BATCH_BLOCK > 4u) {
        a4 += w * all_h[r4 + k];
        a5 += w * all_h[r5 + k];
        a6 += w * all_h[r6 + k];
        a7 += w * all_h[r7 + k];
      }
    }
  }

  // One copy of the cell update for the block (a loop, not unrolled code: it runs once per step).
  let sums = array<vec4<f32>, 8>(a0, a1, a2, a3, a4, a5, a6, a7);
  for (var s = 0u; s < BATCH_BLOCK; s++) {
    finish(b0 + s, d, j, t, sums[s]);
  }
}
