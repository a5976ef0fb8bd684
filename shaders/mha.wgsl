// Multi-head scaled dot-product attention of projected queries over projected keys and values,
// one workgroup per query row r, looping over the heads h (columns h·dh .. h·dh + dh − 1):
//
//   s_j = (q_r · k_j)·scale over the allowed keys j      (scale = 1/√dh, from the host)
//   α_j = exp(s_j − max s) / Σ exp(s − max s)
//   out_r = Σ_j α_j v_j,  heads concatenated
//
// The allowed keys of row r are key rows base + j, j < count:
//   key_kind 0 (blocks)  block b = r / query_rows_per_block, base = b·key_rows_per_block,
//                        count = lengths[b] (at most key_rows_per_block): the padding mask of the
//                        encoder, or cross-attention of K beams over their sentence;
//   key_kind 1 (causal)  base = r·key_rows_per_query, count = t + 1 (at most key_rows_per_query),
//                        t from the step table: a decoder step over its cache.
// A row with no allowed key writes zeros.
//
// Optionally α averaged over the heads goes to weights[(t·rows + r)·weights_stride + j] (t = 0
// unless weights_by_step), zeros for the other j < weights_stride. Each lane owns the keys
// j ≡ lane (mod WORKGROUP_SIZE) in every pass, so it accumulates the heads' α there on its own.
//! include lib/grid.wgsl
//! include lib/step.wgsl
//! include lib/reductions.wgsl

struct MhaParams {
  rows: u32,
  width: u32,
  heads: u32,
  head_width: u32,
  scale: f32,
  q_offset: u32,
  ldq: u32,
  k_offset: u32,
  ldk: u32,
  v_offset: u32,
  ldv: u32,
  out_offset: u32,
  ldo: u32,
  // 0: blocks; 1: causal.
  key_kind: u32,
  query_rows_per_block: u32,
  key_rows_per_block: u32,
  key_rows_per_query: u32,
  // 1: write the weights; 0: the binding is a placeholder.
  has_weights: u32,
  weights_stride: u32,
  // 1: the weights row is t·rows + r; 0: r.
  weights_by_step: u32,
}

@group(0) @binding(0) var<uniform> params: MhaParams;
@group(0) @binding(1) var<storage, read> q: array<f32>;
@group(0) @binding(2) var<storage, read> k: array<f32>;
@group(0) @binding(3) var<storage, read> v: array<f32>;
@group(0) @binding(4) var<storage, read> lengths: array<u32>;
@group(0) @binding(5) var<storage, read_write> out: array<f32>;
@group(0) @binding(6) var<storage, read_write> weights: array<f32>;
@group(1) @binding(0) var<uniform> step: StepInfo;

const WORKGROUP_SIZE: u32 = 16u;
// Scores of one row and head live in workgroup memory (up to 8 KiB); the host refuses longer key
// runs. An override, sized to the model's max_positions: Dawn zero-fills workgroup memory, and a
// software adapter compiles that fill slowly, so the smallest array that serves loads fastest.
override MAX_KEYS: u32 = 2048u;

var<workgroup> scores: array<f32, MAX_KEYS>;

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  // The same for every lane, so the barriers below stay in uniform control flow.
  let r = linear_workgroup_index(wid, nwg);
  if (r >= params.rows) {
    return;
  }
  var base: u32;
  var count: u32;
  if (params.key_kind == 0u) {
    let key_block = r / params.query_rows_per_block;
    base = key_block * params.key_rows_per_block;
    count = min(lengths[key_block], params.key_rows_per_block);
  } else {
    base = r * params.key_rows_per_query;
    count = min(step.t + 1u, params.key_rows_per_query);
  }
  let dh = params.head_width;
  let q_row = params.q_offset + r * params.ldq;
  var weights_row = 0u;
  if (params.has_weights != 0u) {
    weights_row = (select(0u, step.t, params.weights_by_step != 0u) * params.rows + r) * params.weights_stride;
  }

  for (var h = 0u; h < params.heads; h++) {
    let column = h * dh;
    var local_max = LOWEST;
    for (var j = lane; j < count; j += WORKGROUP_SIZE) {
      let k_row = params.k_offset + (base + j) * params.ldk + column;
      var product = 0.0;
      for (var d = 0u; d < dh; d++) {
        product += q[q_row + column + d] * k[k_row + d];
      }
      let s = product * params.scale;
      scores[j] = s;
      local_max = max(local_max, s);
    }
    let max_score = workgroup_max(lane, local_max);

    var local_total = 0.0;
    for (var j = lane; j < count; j += WORKGROUP_SIZE) {
      let e = exp(scores[j] - max_score);
      scores[j] = e;
      local_total += e;
    }
    let total = workgroup_sum(lane, local_total);

    for (var j = lane; j < count; j += WORKGROUP_SIZE) {
      let alpha = scores[j] / total;
      scores[j] = alpha;
      if (params.has_weights != 0u) {
        let previous = select(weights[weights_row + j], 0.0, h == 0u);
        weights[weights_row + j] = previous + alpha;
      }
    }
    // Every lane reads every key's α below.
    workgroupBarrier();

    for (var d = lane; d < dh; d += WORKGROUP_SIZE) {
      var value = 0.0;
      for (var j = 0u; j < count; j++) {
        value += scores[j] * v[params.v_offset + (base + j) * params.ldv + column + d];
      }
      out[params.out_offset + r * params.ldo + column + d] = value;
    }
    // The next head overwrites the scores.
    workgroupBarrier();
  }

  if (params.has_weights != 0u) {
    let heads = f32(params.heads);
    for (var j = lane; j < params.weights_stride; j += WORKGROUP_SIZE) {
      var average = 0.0;
      if (j < count) {
        average = weights[weights_row + j] / heads;
      }
      weights[weights_row + j] = average;
    }
  }
}
