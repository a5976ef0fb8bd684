// Global attention for one decoder step: one workgroup per row n, attending over the real
// positions j < len of the row's sentence b = n / rows_per_sentence.
//
//   score_j = query_n · key_j                       (SCORE = 0: dot, and general with keys = enc·W_in)
//   score_j = v · tanh(query_n + key_j)             (SCORE = 1: additive, query = W_q h + b_q,
//                                                    keys = enc·W_cᵀ)
//   α = softmax over j < len (max subtracted); c = Σ_j α_j ē_j
//
// Writes α into the alignment history [steps × N × T] at step t (positions ≥ len are left as
// they are and never read), and [c ; h_top] into cat [N × 2H], the input of the attentional
// hidden h̃ = tanh(W_out [c ; h] + b_out) that the matmul kernel computes next.
//
// The scores go through the alignment row in storage (T is not known when compiling); each
// invocation only rereads the positions it wrote itself until the context, which a barrier
// separates.
//! include lib/grid.wgsl
//! include lib/activations.wgsl
//! include lib/step.wgsl

struct AttentionParams {
  rows: u32,               // N
  rows_per_sentence: u32,  // K
  hidden: u32,             // H
  max_length: u32,         // T
}

@group(0) @binding(0) var<uniform> params: AttentionParams;
@group(0) @binding(1) var<storage, read> lengths: array<u32>;
// [B × T × H]
@group(0) @binding(2) var<storage, read> keys: array<f32>;
// [N × H]
@group(0) @binding(3) var<storage, read> query: array<f32>;
// [H], additive only
@group(0) @binding(4) var<storage, read> v: array<f32>;
// Encoder outputs ē [B × T × H]
@group(0) @binding(5) var<storage, read> memory: array<f32>;
// [N × H]
@group(0) @binding(6) var<storage, read> h_top: array<f32>;
// [N × 2H]
@group(0) @binding(7) var<storage, read_write> cat: array<f32>;
// [steps × N × T]
@group(0) @binding(8) var<storage, read_write> alignments: array<f32>;
@group(1) @binding(0) var<uniform> step: StepInfo;

// 0: dot product of query and key (dot, general); 1: additive.
override SCORE: u32 = 0u;
const WORKGROUP_SIZE: u32 = 16u;

var<workgroup> partial: array<f32, WORKGROUP_SIZE>;

fn score(n: u32, key_row: u32) -> f32 {
  let H = params.hidden;
  var sum = 0.0;
  if (SCORE == 0u) {
    for (var i = 0u; i < H; i++) {
      sum += query[n * H + i] * keys[key_row * H + i];
    }
  } else {
    for (var i = 0u; i < H; i++) {
      sum += v[i] * tanh_clamped(query[n * H + i] + keys[key_row * H + i]);
    }
  }
  return sum;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  // Uniform across the workgroup, so the barriers below stay in uniform control flow.
  let n = linear_workgroup_index(wid, nwg);
  let in_range = n < params.rows;
  let T = params.max_length;
  let H = params.hidden;
  var b = 0u;
  var len = 0u;
  if (in_range) {
    b = n / params.rows_per_sentence;
    len = lengths[b];
  }
  let row = (step.t * params.rows + n) * T;

  var local_max = -3.0e38;
  for (var j = lane; j < len; j += WORKGROUP_SIZE) {
    let s = score(n, b * T + j);
    alignments[row + j] = s;
    local_max = max(local_max, s);
  }
  partial[lane] = local_max;
  workgroupBarrier();
  var row_max = -3.0e38;
  for (var k = 0u; k < WORKGROUP_SIZE; k++) {
    row_max = max(row_max, partial[k]);
  }
  workgroupBarrier();

  var local_sum = 0.0;
  for (var j = lane; j < len; j += WORKGROUP_SIZE) {
    let e = exp(alignments[row + j] - row_max);
    alignments[row + j] = e;
    local_sum += e;
  }
  partial[lane] = local_sum;
  workgroupBarrier();
  var total = 0.0;
  for (var k = 0u; k < WORKGROUP_SIZE; k++) {
    total += partial[k];
  }
  for (var j = lane; j < len; j += WORKGROUP_SIZE) {
    alignments[row + j] = alignments[row + j] / total;
  }
  // The context reads every position's α, written by other invocations.
  storageBarrier();

  if (!in_range) {
    return;
  }
  for (var i = lane; i < H; i += WORKGROUP_SIZE) {
    var context = 0.0;
    for (var j = 0u; j < len; j++) {
      context += alignments[row + j] * memory[(b * T + j) * H + i];
    }
    cat[n * 2u * H + i] = context;
    cat[n * 2u * H + H + i] = h_top[n * H + i];
  }
}
