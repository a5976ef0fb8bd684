// Workgroup reductions of one value per lane (shaders/log_softmax.wgsl, shaders/beam_search.wgsl).
// Needs WORKGROUP_SIZE, a power of two (a const or an override), from the kernel; call them from
// uniform control flow.
//
// Lane 0 combines the partials alone and shares the result: two barriers per reduction, where a
// parallel tree takes log2(WORKGROUP_SIZE) rounds of them (barriers are what a software adapter
// pays most), and less work than every lane repeating the same loop. Max and sum combine in tree
// order (lane i with lane i + half, half = WORKGROUP_SIZE / 2, …, 1), the order a parallel tree
// would use.
//! include lib/tokens.wgsl

var<workgroup> lane_values: array<f32, WORKGROUP_SIZE>;
var<workgroup> lane_tokens: array<u32, WORKGROUP_SIZE>;
// A reduction's result, written by lane 0 and read by every lane after the next barrier.
var<workgroup> reduced_value: f32;
// best_token's winner (see there).
var<workgroup> won_token: RankedToken;

fn tree_reduce(lane: u32, value: f32, take_max: bool) -> f32 {
  lane_values[lane] = value;
  workgroupBarrier();
  if (lane == 0u) {
    for (var half = WORKGROUP_SIZE / 2u; half > 0u; half = half / 2u) {
      for (var i = 0u; i < half; i++) {
        let a = lane_values[i];
        let b = lane_values[i + half];
        lane_values[i] = select(a + b, max(a, b), take_max);
      }
    }
    reduced_value = lane_values[0];
  }
  workgroupBarrier();
  return reduced_value;
}

fn workgroup_max(lane: u32, value: f32) -> f32 {
  return tree_reduce(lane, value, true);
}

fn workgroup_sum(lane: u32, value: f32) -> f32 {
  return tree_reduce(lane, value, false);
}

// The best of the lanes' tokens (ranks_before; NO_TOKEN when none), in lane 0 only: the other
// lanes get their own back. Lane 0 also leaves it in won_token, which the others read after the
// caller's next barrier; that barrier must come before the next reduction writes the lanes' values.
fn best_token(lane: u32, mine: RankedToken) -> RankedToken {
  lane_values[lane] = mine.logit;
  lane_tokens[lane] = mine.token;
  workgroupBarrier();
  var best = mine;
  if (lane == 0u) {
    for (var i = 1u; i < WORKGROUP_SIZE; i++) {
      let other = RankedToken(lane_values[i], lane_tokens[i]);
      if (ranks_before(other, best)) {
        best = other;
      }
    }
    won_token = best;
  }
  return best;
}
