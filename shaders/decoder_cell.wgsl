// Fused decoder layer step: one dispatch per layer per decoder step, one invocation per
// (block of up to ROW_BLOCK rows, unit j). Gathers the layer's input on the fly, computes
// W_ih·x + b_ih and W_hh·h + b_hh for the unit's G gates and applies the cell update of
// src/cpu/cells.ts. Each weight word an invocation reads serves every row of its block, so a step
// reads the weights ceil(N / ROW_BLOCK) times instead of N times.
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
// Needs shaders/lib/grid.wgsl, activations.wgsl and step.wgsl before it.

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

// 0 lstm, 1 gru, 2 rnn_tanh, 3 rnn_relu (CELL_CODES in src/gpu/decoder/kernels.ts).
override CELL: u32 = 0u;
// Layer 0 gathers embedding (+ feed); the others read the layer below.
override FIRST_LAYER: bool = true;
override WORKGROUP_SIZE: u32 = 64u;
// Rows per invocation; at most MAX_BLOCK (the size of the private arrays below).
override ROW_BLOCK: u32 = 8u;
const MAX_BLOCK: u32 = 8u;

override GATES: u32 = select(select(1u, 3u, CELL == 1u), 4u, CELL == 0u);
// State slots per layer: h, and c for LSTM.
override SLOTS: u32 = select(1u, 2u, CELL == 0u);

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
  let in_block = min(min(ROW_BLOCK, MAX_BLOCK), params.rows - first);
  let read_parity = step.parity;
  let write_parity = 1u - step.parity;
  let gate_rows = GATES * H;

  var bias_x = vec4<f32>(0.0);
  var bias_h = vec4<f32>(0.0);
  for (var g = 0u; g < GATES; g++) {
    bias_x[g] = biases[g * H + j];
    bias_h[g] = biases[gate_rows + g * H + j];
  }

  var tokens: array<u32, MAX_BLOCK>;
  if (FIRST_LAYER) {
    for (var s = 0u; s < in_block; s++) {
      tokens[s] = history[step.t * params.rows + first + s];
    }
  }
  var xp: array<vec4<f32>, MAX_BLOCK>;
  var hp: array<vec4<f32>, MAX_BLOCK>;
  for (var i = 0u; i < params.input_size; i++) {
    let base = i * gate_rows + j;
    var w = vec4<f32>(0.0);
    for (var g = 0u; g < GATES; g++) {
      w[g] = w_ih_t[base + g * H];
    }
    for (var s = 0u; s < in_block; s++) {
      xp[s] += w * input_value(first + s, i, tokens[s], write_parity);
    }
  }
  for (var i = 0u; i < H; i++) {
    let base = i * gate_rows + j;
    var w = vec4<f32>(0.0);
    for (var g = 0u; g < GATES; g++) {
      w[g] = w_hh_t[base + g * H];
    }
    for (var s = 0u; s < in_block; s++) {
      hp[s] += w * state[state_index(read_parity, 0u, params.layer, first + s, i)];
    }
  }

  for (var s = 0u; s < in_block; s++) {
    let n = first + s;
    let x_gates = xp[s] + bias_x;
    let h_gates = hp[s] + bias_h;
    var h_new: f32;
    if (CELL == 0u) {
      let c_prev = state[state_index(read_parity, 1u, params.layer, n, j)];
      let gates = x_gates + h_gates;
      let i_gate = sigmoid_clamped(gates[0]);
      let f_gate = sigmoid_clamped(gates[1]);
      let g_gate = tanh_clamped(gates[2]);
      let o_gate = sigmoid_clamped(gates[3]);
      let c_new = f_gate * c_prev + i_gate * g_gate;
      h_new = o_gate * tanh_clamped(c_new);
      state[state_index(write_parity, 1u, params.layer, n, j)] = c_new;
    } else if (CELL == 1u) {
      let h_prev = state[state_index(read_parity, 0u, params.layer, n, j)];
      let r = sigmoid_clamped(x_gates[0] + h_gates[0]);
      let z = sigmoid_clamped(x_gates[1] + h_gates[1]);
      let candidate = tanh_clamped(x_gates[2] + r * h_gates[2]);
      h_new = (1.0 - z) * candidate + z * h_prev;
    } else if (CELL == 2u) {
      h_new = tanh_clamped(x_gates[0] + h_gates[0]);
    } else {
      h_new = max(x_gates[0] + h_gates[0], 0.0);
    }
    state[state_index(write_parity, 0u, params.layer, n, j)] = h_new;
    if (params.top != 0u) {
      h_top[n * H + j] = h_new;
    }
  }
}
