// One invocation replaying a workgroup reduction of LANE_COUNT lanes, for kernels that run one
// invocation per row (no barriers, which a software adapter pays most for) but whose sums must keep
// a tree's rounding, or equal bit for bit what the workgroup version of lib/reductions.wgsl gives:
// each "lane" l holds the strided partial over elements l, l + LANE_COUNT, …, then the partials
// combine in tree order (lane i with lane i + half, half = LANE_COUNT / 2, …, 1).

const LANE_COUNT: u32 = 64u;

fn lanes_tree_sum(partial: ptr<function, array<f32, LANE_COUNT>>) -> f32 {
  for (var half = LANE_COUNT / 2u; half > 0u; half = half / 2u) {
    for (var i = 0u; i < half; i++) {
      (*partial)[i] = (*partial)[i] + (*partial)[i + half];
    }
  }
  return (*partial)[0];
}

fn lanes_tree_max(partial: ptr<function, array<f32, LANE_COUNT>>) -> f32 {
  for (var half = LANE_COUNT / 2u; half > 0u; half = half / 2u) {
    for (var i = 0u; i < half; i++) {
      (*partial)[i] = max((*partial)[i], (*partial)[i + half]);
    }
  }
  return (*partial)[0];
}
