// One recurrent time step of an encoder layer, both directions and every sentence of the batch in
// one dispatch. One invocation computes unit j of direction d for a block of up to BATCH_BLOCK
// sentences: each W_hh word it reads serves the whole block, so the step reads W_hh
// ceil(B / BATCH_BLOCK) times instead of B times (W_hh is most of the step's memory traffic).
// Needs shaders/lib/grid.wgsl, shaders/lib/activations.wgsl and shaders/lib/step.wgsl before it.
//
// Step t runs the forward direction at time t and the backward direction at time len_b − 1 − t;
// a sentence with len_b ≤ t does nothing, so padding never reaches a state. The previous state of
// a direction is its own output at the neighbouring time (t − 1 forward, t + 1 backward), read
// from the layer's resident output all_h (and all_c); at t = 0 it is zero. The dispatch boundary
// is the barrier between steps. The step that writes a direction's last state (t = len_b − 1:
// forward at time len_b − 1, backward at time 0) also writes it to the final states, so no
// separate gather is needed.
//
// Cell math as src/cpu/cells.ts, gates in PyTorch order (LSTM i,f,g,o; GRU r,z,n) with
// hp = W_hh·h + b_hh and xp = the precomputed input projection W_ih·x + b_ih:
//   LSTM      c' = σ(xp_f+hp_f)⊙c + σ(xp_i+hp_i)⊙tanh(xp_g+hp_g); h' = σ(xp_o+hp_o)⊙tanh(c')
//   GRU       r, z = σ(xp_r+hp_r), σ(xp_z+hp_z); n = tanh(xp_n + r⊙hp_n); h' = (1−z)⊙n + z⊙h
//   rnn_*     h' = act(xp + hp), act = tanh or relu

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

// 0 lstm, 1 gru, 2 rnn_tanh, 3 rnn_relu.
override CELL: u32 = 0u;
override WORKGROUP_SIZE: u32 = 64u;
// Sentences per invocation; at most MAX_BLOCK (the size of the private arrays below).
override BATCH_BLOCK: u32 = 8u;
const MAX_BLOCK: u32 = 8u;

fn gate_count() -> u32 {
  if (CELL == 0u) {
    return 4u;
  }
  if (CELL == 1u) {
    return 3u;
  }
  return 1u;
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
  let first = (index / (units * dirs)) * BATCH_BLOCK;
  if (first >= params.batch) {
    return;
  }
  let in_block = min(min(BATCH_BLOCK, MAX_BLOCK), params.batch - first);
  let t = step.t;

  let gates = gate_count();
  let rows = gates * units;       // gate rows of one direction
  let width = dirs * units;       // H
  let state_col = d * units + j;  // this unit's column in an all_h row

  // Per sentence of the block: whether it runs at this step, its time and its previous state's row.
  var runs: array<bool, MAX_BLOCK>;
  var times: array<u32, MAX_BLOCK>;
  var h_bases: array<u32, MAX_BLOCK>;
  for (var s = 0u; s < in_block; s++) {
    let b = first + s;
    let len = lengths[b];
    runs[s] = t < len;
    var time = t;
    var prev_time = t - 1u;
    if (d == 1u) {
      time = len - 1u - t;
      prev_time = time + 1u;
    }
    times[s] = time;
    // An inactive sentence still reads a valid row (its own first one) and discards the result.
    h_bases[s] = b * params.max_len * width + d * units;
    if (runs[s] && t > 0u) {
      h_bases[s] = (b * params.max_len + prev_time) * width + d * units;
    }
  }

  // hp[s]_g = Σ_k W_hh[g·Hd + j, k] · h_prev[s][k], skipped at t = 0 where every h_prev = 0.
  var acc: array<vec4<f32>, MAX_BLOCK>;
  if (t > 0u) {
    let w_base = d * units * rows + j;
    for (var k = 0u; k < units; k++) {
      let w_row = w_base + k * rows;
      var w = vec4<f32>(w_hh_t[w_row], 0.0, 0.0, 0.0);
      if (gates > 1u) {
        w.y = w_hh_t[w_row + units];
        w.z = w_hh_t[w_row + 2u * units];
      }
      if (gates > 3u) {
        w.w = w_hh_t[w_row + 3u * units];
      }
      for (var s = 0u; s < in_block; s++) {
        acc[s] += w * all_h[h_bases[s] + k];
      }
    }
  }

  let bias_base = d * rows + j;
  var bias = vec4<f32>(b_hh[bias_base], 0.0, 0.0, 0.0);
  if (gates > 1u) {
    bias.y = b_hh[bias_base + units];
    bias.z = b_hh[bias_base + 2u * units];
  }
  if (gates > 3u) {
    bias.w = b_hh[bias_base + 3u * units];
  }

  for (var s = 0u; s < in_block; s++) {
    if (!runs[s]) {
      continue;
    }
    let b = first + s;
    let time = times[s];
    var h_prev_j = 0.0;
    var c_prev_j = 0.0;
    if (t > 0u) {
      h_prev_j = all_h[h_bases[s] + j];
      if (CELL == 0u) {
        c_prev_j = all_c[h_bases[s] + j];
      }
    }
    let p_base = (b * params.max_len + time) * dirs * rows + d * rows + j;
    var xp = vec4<f32>(proj[p_base], 0.0, 0.0, 0.0);
    if (gates > 1u) {
      xp.y = proj[p_base + units];
      xp.z = proj[p_base + 2u * units];
    }
    if (gates > 3u) {
      xp.w = proj[p_base + 3u * units];
    }
    let hp = acc[s] + bias;

    var h = 0.0;
    var c = 0.0;
    if (CELL == 0u) {
      let i_gate = sigmoid_clamped(xp.x + hp.x);
      let f_gate = sigmoid_clamped(xp.y + hp.y);
      let g_gate = tanh_clamped(xp.z + hp.z);
      let o_gate = sigmoid_clamped(xp.w + hp.w);
      c = f_gate * c_prev_j + i_gate * g_gate;
      h = o_gate * tanh_clamped(c);
    } else if (CELL == 1u) {
      let r = sigmoid_clamped(xp.x + hp.x);
      let z = sigmoid_clamped(xp.y + hp.y);
      let n = tanh_clamped(xp.z + r * hp.z);
      h = (1.0 - z) * n + z * h_prev_j;
    } else if (CELL == 2u) {
      h = tanh_clamped(xp.x + hp.x);
    } else {
      h = max(xp.x + hp.x, 0.0);
    }

    let out = (b * params.max_len + time) * width + state_col;
    all_h[out] = h;
    if (CELL == 0u) {
      all_c[out] = c;
    }
    if (t + 1u == lengths[b]) {
      let final_index = (params.layer * params.batch + b) * width + state_col;
      final_h[final_index] = h;
      if (CELL == 0u) {
        final_c[final_index] = c;
      }
    }
  }
}
