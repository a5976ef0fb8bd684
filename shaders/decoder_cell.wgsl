// Fused decoder layer step: one dispatch per layer per decoder step, one invocation per
// (block of ROW_BLOCK consecutive rows, unit j), ROW_BLOCK = 1, 2, 4 or 8. Gathers the layer's
// input on the fly, computes W_ih·x + b_ih and W_hh·h + b_hh for the unit's G gates and applies the
// cell update of lib/cells.wgsl (the twin of src/cpu/cells.ts). Each weight word an invocation reads
// serves every row of its block, so a step reads the weights ceil(N / ROW_BLOCK) times instead of N
// times. The block is unrolled by hand into named accumulators, as in shaders/rnn_step.wgsl
// (private-array indexing in the inner loops costs SwiftShader about as much as the loads it saves).
//
// Input x of layer 0: the embedding of the previous token history[t][n], followed (input feeding)
// by the previous attentional hidden h̃ [N×H] (zero at t = 0). Input of layer k > 0: the new h of
// layer k−1, already written by the previous dispatch of this step.
//
// States are ping-ponged by the step's parity: state[parity][slot][layer][n][j] is read and
// state[1 − parity][slot][layer][n][j] written (slot 0 = h, slot 1 = c for LSTM), because one
// invocation's row h is read by every unit of that row while they write their new h.
// The top layer also writes its new h into h_top [N×H], a fixed place for the kernels after it.
//
// Weights are transposed (src/gpu/decoder-weights.ts): w_ih_t [in × G·H], w_hh_t [H × G·H], so
// neighbouring units read neighbouring addresses; biases = [b_ih ; b_hh].
//! include lib/grid.wgsl
//! include lib/gates.wgsl
//! include lib/step.wgsl
//! include lib/cells.wgsl

struct CellParams {
  rows: u32,        // N
  hidden: u32,      // H
  embedding: u32,   // E
  input_size: u32,  // E (+ H with input feeding) for layer 0, H for the others
  layer: u32,
  layers: u32,      // L
  top: u32,         // 1 when this is the top layer: also write h_top
  pad0: u32,
}

@group(0) @binding(0) var<uniform> params: CellParams;
@group(0) @binding(1) var<storage, read> history: array<u32>;
@group(0) @binding(2) var<storage, read> embedding: array<f32>;
@group(0) @binding(3) var<storage, read> feed: array<f32>;
@group(0) @binding(4) var<storage, read> w_ih_t: array<f32>;
@group(0) @binding(5) var<storage, read> w_hh_t: array<f32>;
@group(0) @binding(6) var<storage, read> biases: array<f32>;
@group(0) @binding(7) var<storage, read_write> state: array<f32>;
@group(0) @binding(8) var<storage, read_write> h_top: array<f32>;
@group(1) @binding(0) var<uniform> step: StepInfo;

// CELL_LSTM, CELL_GRU, CELL_RNN_TANH or CELL_RNN_RELU (lib/cells.wgsl).
override CELL: u32 = 0u;
// Layer 0 gathers embedding (+ feed); the others read the layer below.
override FIRST_LAYER: bool = true;
override WORKGROUP_SIZE: u32 = 64u;
// Rows per invocation: 1, 2, 4 or 8 (rowBlock in src/gpu/kernels/recurrent.ts); each size
// is its own pipeline, so the unrolled code of unused rows is folded away.
override ROW_BLOCK: u32 = 8u;

// cell_gates(CELL), which an override's initializer cannot call.
override GATES: u32 = select(select(1u, 3u, CELL == CELL_GRU), 4u, CELL == CELL_LSTM);
// State slots per layer: h, and c for LSTM.
override SLOTS: u32 = select(1u, 2u, CELL == CELL_LSTM);

fn state_index(parity: u32, slot: u32, layer: u32, n: u32, j: u32) -> u32 {
  return (((parity * SLOTS + slot) * params.layers + layer) * params.rows + n) * params.hidden + j;
}

fn input_value(n: u32, i: u32, token: u32, write_parity: u32) -> f32 {
  if (FIRST_LAYER) {
    if (i < params.embedding) {
      return embedding[token * params.embedding + i];
    }
    return feed[n * params.hidden + (i - params.embedding)];
  }
  return state[state_index(write_parity, 0u, params.layer - 1u, n, i)];
}

// Where the G gate words of unit j lie in row i of a transposed weight matrix [in × G·H].
fn gate_indices(i: u32, j: u32) -> vec4<u32> {
  return i * GATES * params.hidden + j + gate_offsets(GATES, params.hidden);
}

fn input_weights(i: u32, j: u32) -> vec4<f32> {
  let at = gate_indices(i, j);
  return vec4<f32>(w_ih_t[at.x], w_ih_t[at.y], w_ih_t[at.z], w_ih_t[at.w]);
}

fn hidden_weights(i: u32, j: u32) -> vec4<f32> {
  let at = gate_indices(i, j);
  return vec4<f32>(w_hh_t[at.x], w_hh_t[at.y], w_hh_t[at.z], w_hh_t[at.w]);
}

// Row n if it exists, else row 0: a block's rows past N read valid memory and are not written.
fn row_or_first(n: u32) -> u32 {
  return select(0u, n, n < params.rows);
}

fn token_of(n: u32) -> u32 {
  if (FIRST_LAYER) {
    return history[step.t * params.rows + n];
  }
  return 0u;
}

fn previous_h(n: u32, i: u32) -> f32 {
  return state[state_index(step.parity, 0u, params.layer, n, i)];
}

// The cell update of row n, unit j, from xp = W_ih·x + b_ih and hp = W_hh·h + b_hh, and its writes.
fn finish(n: u32, j: u32, xp: vec4<f32>, hp: vec4<f32>) {
  if (n >= params.rows) {
    return;
  }
  let read_parity = step.parity;
  let write_parity = 1u - step.parity;
  // Only the previous state the cell uses is read.
  var h_prev = 0.0;
  var c_prev = 0.0;
  if (CELL == CELL_LSTM) {
    c_prev = state[state_index(read_parity, 1u, params.layer, n, j)];
  } else if (CELL == CELL_GRU) {
    h_prev = state[state_index(read_parity, 0u, params.layer, n, j)];
  }
  let next = cell_update(CELL, xp, hp, h_prev, c_prev);
  if (CELL == CELL_LSTM) {
    state[state_index(write_parity, 1u, params.layer, n, j)] = next.c;
  }
  state[state_index(write_parity, 0u, params.layer, n, j)] = next.h;
  if (params.top != 0u) {
    h_top[n * params.hidden + j] = next.h;
  }
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let index = linear_workgroup_index(wid, nwg) * WORKGROUP_SIZE + lane;
  let H = params.hidden;
  let j = index % H;
  let first = (index / H) * ROW_BLOCK;
  if (first >= params.rows) {
    return;
  }
  let write_parity = 1u - step.parity;
  let gate_rows = GATES * H;

  var bias_x = vec4<f32>(0.0);
  var bias_h = vec4<f32>(0.0);
  for (var g = 0u; g < GATES; g++) {
    bias_x[g] = biases[g * H + j];
    bias_h[g] = biases[gate_rows + g * H + j];
  }

  let n0 = row_or_first(first);
  let n1 = row_or_first(first + 1u);
  let n2 = row_or_first(first + 2u);
  let n3 = row_or_first(first + 3u);
  let n4 = row_or_first(first + 4u);
  let n5 = row_or_first(first + 5u);
  let n6 = row_or_first(first + 6u);
  let n7 = row_or_first(first + 7u);
  let k0 = token_of(n0);
  let k1 = token_of(n1);
  let k2 = token_of(n2);
  let k3 = token_of(n3);
  let k4 = token_of(n4);
  let k5 = token_of(n5);
  let k6 = token_of(n6);
  let k7 = token_of(n7);

  // xp = W_ih·x + b_ih for each row of the block.
  var x0 = bias_x;
  var x1 = bias_x;
  var x2 = bias_x;
  var x3 = bias_x;
  var x4 = bias_x;
  var x5 = bias_x;
  var x6 = bias_x;
  var x7 = bias_x;
  for (var i = 0u; i < params.input_size; i++) {
    let w = input_weights(i, j);
    x0 += w * input_value(n0, i, k0, write_parity);
    if (ROW_BLOCK > 1u) {
      x1 += w * input_value(n1, i, k1, write_parity);
    }
    if (ROW_BLOCK > 2u) {
      x2 += w * input_value(n2, i, k2, write_parity);
      x3 += w * input_value(n3, i, k3, write_parity);
    }
    if (ROW_BLOCK > 4u) {
      x4 += w * input_value(n4, i, k4, write_parity);
      x5 += w * input_value(n5, i, k5, write_parity);
      x6 += w * input_value(n6, i, k6, write_parity);
      x7 += w * input_value(n7, i, k7, write_parity);
    }
  }

  // hp = W_hh·h + b_hh for each row of the block.
  var h0 = bias_h;
  var h1 = bias_h;
  var h2 = bias_h;
  var h3 = bias_h;
  var h4 = bias_h;
  var h5 = bias_h;
  var h6 = bias_h;
  var h7 = bias_h;
  for (var i = 0u; i < H; i++) {
    let w = hidden_weights(i, j);
    h0 += w * previous_h(n0, i);
    if (ROW_BLOCK > 1u) {
      h1 += w * previous_h(n1, i);
    }
    if (ROW_BLOCK > 2u) {
      h2 += w * previous_h(n2, i);
      h3 += w * previous_h(n3, i);
    }
    if (ROW_BLOCK > 4u) {
      h4 += w * previous_h(n4, i);
      h5 += w * previous_h(n5, i);
      h6 += w * previous_h(n6, i);
      h7 += w * previous_h(n7, i);
    }
  }

  // One copy of the cell update for the block (a loop: it runs once per step, not once per weight).
  let xs = array<vec4<f32>, 8>(x0, x1, x2, x3, x4, x5, x6, x7);
  let hs = array<vec4<f32>, 8>(h0, h1, h2, h3, h4, h5, h6, h7);
  for (var s = 0u; s < ROW_BLOCK; s++) {
    finish(first + s, j, xs[s], hs[s]);
  }
}
