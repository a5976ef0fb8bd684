// The decoder layer's cell update (lib/cells.wgsl, the twin of src/cpu/cells.ts) from its two gate
// projections, computed before it by the matmul kernel: xp = W_ih·x + b_ih and hp = W_hh·h + b_hh,
// each [N × G·H] with gate g of unit j at column g·H + j. One invocation per (row n, unit j).
//
// States are ping-ponged by the step's parity: state[parity][slot][layer][n][j] is read and
// state[1 − parity][slot][layer][n][j] written (slot 0 = h, slot 1 = c for LSTM), because the
// matmuls of the layers above and of the next step read the old half while this one is written.
// The top layer also writes its new h into h_top [N×H], a fixed place for the kernels after it.
//! include lib/grid.wgsl
//! include lib/gates.wgsl
//! include lib/step.wgsl
//! include lib/cells.wgsl

struct UpdateParams {
  rows: u32,    // N
  hidden: u32,  // H
  layer: u32,
  layers: u32,  // L
  top: u32,     // 1 when this is the top layer: also write h_top
  pad0: u32,
  pad1: u32,
  pad2: u32,
}

@group(0) @binding(0) var<uniform> params: UpdateParams;
@group(0) @binding(1) var<storage, read> xp: array<f32>;
@group(0) @binding(2) var<storage, read> hp: array<f32>;
@group(0) @binding(3) var<storage, read_write> state: array<f32>;
@group(0) @binding(4) var<storage, read_write> h_top: array<f32>;
@group(1) @binding(0) var<uniform> step: StepInfo;

// CELL_LSTM, CELL_GRU, CELL_RNN_TANH or CELL_RNN_RELU (lib/cells.wgsl).
override CELL: u32 = 0u;
override WORKGROUP_SIZE: u32 = 64u;

// cell_gates(CELL), which an override's initializer cannot call.
override GATES: u32 = select(select(1u, 3u, CELL == CELL_GRU), 4u, CELL == CELL_LSTM);
// State slots per layer: h, and c for LSTM.
override SLOTS: u32 = select(1u, 2u, CELL == CELL_LSTM);

fn state_index(parity: u32, slot: u32, n: u32, j: u32) -> u32 {
  return (((parity * SLOTS + slot) * params.layers + params.layer) * params.rows + n) * params.hidden + j;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let index = linear_workgroup_index(wid, nwg) * WORKGROUP_SIZE + lane;
  let H = params.hidden;
  if (index >= params.rows * H) {
    return;
  }
  let n = index / H;
  let j = index % H;
  let at = n * GATES * H + j + gate_offsets(GATES, H);
  let x = vec4<f32>(xp[at.x], xp[at.y], xp[at.z], xp[at.w]);
  let h = vec4<f32>(hp[at.x], hp[at.y], hp[at.z], hp[at.w]);
  let read_parity = step.parity;
  let write_parity = 1u - step.parity;
  // Only the previous state the cell uses is read.
  var h_prev = 0.0;
  var c_prev = 0.0;
  if (CELL == CELL_LSTM) {
    c_prev = state[state_index(read_parity, 1u, n, j)];
  } else if (CELL == CELL_GRU) {
    h_prev = state[state_index(read_parity, 0u, n, j)];
  }
  let next = cell_update(CELL, x, h, h_prev, c_prev);
  if (CELL == CELL_LSTM) {
    state[state_index(write_parity, 1u, n, j)] = next.c;
  }
  state[state_index(write_parity, 0u, n, j)] = next.h;
  if (params.top != 0u) {
    h_top[index] = next.h;
  }
}
