// The stable softmax statistics of a run of logits, shared by greedy decoding
// (shaders/log_softmax.wgsl) and beam search (shaders/beam_search.wgsl), so that a row that fits
// in one beam slice gets greedy decoding's log-normaliser bit for bit.
// Needs from the kernel: the `logits` binding (array<f32>) and WORKGROUP_SIZE (64 wherever
// softmax_stats_one_lane must give the same statistics).
//! include lib/reductions.wgsl
//! include lib/lanes.wgsl
//! include lib/tokens.wgsl

struct SoftmaxStats {
  // The largest logit (LOWEST when none is finite): subtracted before exp, so logits of ±1000 stay finite.
  max_logit: f32,
  // Σ exp(x − max_logit).
  sum_exp: f32,
}

// Over logits[begin, end), every lane of the workgroup calling with the same range.
fn softmax_stats(lane: u32, begin: u32, end: u32) -> SoftmaxStats {
  var local_max = LOWEST;
  for (var v = begin + lane; v < end; v += WORKGROUP_SIZE) {
    local_max = max(local_max, logits[v]);
  }
  let max_logit = workgroup_max(lane, local_max);
  var local_sum = 0.0;
  for (var v = begin + lane; v < end; v += WORKGROUP_SIZE) {
    local_sum += exp(logits[v] - max_logit);
  }
  return SoftmaxStats(max_logit, workgroup_sum(lane, local_sum));
}

// softmax_stats computed by one invocation alone, with the same operations in the same order as a
// workgroup of 64 lanes (lib/lanes.wgsl): the statistics of beam search and of the log-prob rows,
// bit for bit, for a kernel with one invocation per row.
fn softmax_stats_one_lane(begin: u32, end: u32) -> SoftmaxStats {
  var partial: array<f32, LANE_COUNT>;
  for (var lane = 0u; lane < LANE_COUNT; lane++) {
    var local_max = LOWEST;
    for (var v = begin + lane; v < end; v += LANE_COUNT) {
      local_max = max(local_max, logits[v]);
    }
    partial[lane] = local_max;
  }
  let max_logit = lanes_tree_max(&partial);
  for (var lane = 0u; lane < LANE_COUNT; lane++) {
    var local_sum = 0.0;
    for (var v = begin + lane; v < end; v += LANE_COUNT) {
      local_sum += exp(logits[v] - max_logit);
    }
    partial[lane] = local_sum;
  }
  return SoftmaxStats(max_logit, lanes_tree_sum(&partial));
}
