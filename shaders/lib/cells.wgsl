// The recurrent cells' update, the twin of src/cpu/cells.ts, shared by the encoder step
// (shaders/rnn_step.wgsl) and the decoder cell update (shaders/cell_update.wgsl) so that both run the
// same operations in the same order.
//
// Gates in PyTorch order (LSTM i,f,g,o; GRU r,z,n), xp = W_ih·x + b_ih and hp = W_hh·h + b_hh:
//   LSTM      c' = σ(xp_f+hp_f)⊙c + σ(xp_i+hp_i)⊙tanh(xp_g+hp_g); h' = σ(xp_o+hp_o)⊙tanh(c')
//   GRU       r, z = σ(xp_r+hp_r), σ(xp_z+hp_z); n = tanh(xp_n + r⊙hp_n); h' = (1−z)⊙n + z⊙h
//   rnn_*     h' = act(xp + hp), act = tanh or relu
//! include lib/activations.wgsl

// The codes of the kernels' CELL override (CELL_CODES on the host).
const CELL_LSTM: u32 = 0u;
const CELL_GRU: u32 = 1u;
const CELL_RNN_TANH: u32 = 2u;
const CELL_RNN_RELU: u32 = 3u;

// Gates per unit: G = 4 LSTM, 3 GRU, 1 rnn_*.
fn cell_gates(cell: u32) -> u32 {
  if (cell == CELL_LSTM) {
    return 4u;
  }
  if (cell == CELL_GRU) {
    return 3u;
  }
  return 1u;
}

// c is the LSTM cell state; other cells leave it 0.
struct CellState {
  h: f32,
  c: f32,
}

// One unit's new state from its G gate pre-activations (the unused words of xp and hp are
// ignored), its previous h (read by GRU only) and previous c (LSTM only).
fn cell_update(cell: u32, xp: vec4<f32>, hp: vec4<f32>, h_prev: f32, c_prev: f32) -> CellState {
  if (cell == CELL_LSTM) {
    let i_gate = sigmoid_clamped(xp.x + hp.x);
    let f_gate = sigmoid_clamped(xp.y + hp.y);
    let g_gate = tanh_clamped(xp.z + hp.z);
    let o_gate = sigmoid_clamped(xp.w + hp.w);
    let c = f_gate * c_prev + i_gate * g_gate;
    return CellState(o_gate * tanh_clamped(c), c);
  }
  if (cell == CELL_GRU) {
    let r = sigmoid_clamped(xp.x + hp.x);
    let z = sigmoid_clamped(xp.y + hp.y);
    let n = tanh_clamped(xp.z + r * hp.z);
    return CellState((1.0 - z) * n + z * h_prev, 0.0);
  }
  if (cell == CELL_RNN_TANH) {
    return CellState(tanh_clamped(xp.x + hp.x), 0.0);
  }
  return CellState(max(xp.x + hp.x, 0.0), 0.0);
}
