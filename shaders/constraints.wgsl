// Search constraints and coverage, recorded around each step's choice (src/gpu/kernels/constraints.ts).
//! include lib/grid.wgsl
//! include lib/step.wgsl
//
//   constraints_mask  before the choice of step t, one workgroup per row: the row's token mask
//                     [rows × vocab] (lib/mask.wgsl reads it). While t < P (the row's sentence's
//                     prefix length) only prefix[t] is allowed; later, with n-gram blocking, a token
//                     v is blocked when the row's last n − 1 tokens followed by v form an n-gram
//                     that already occurs in its tokens (EOS never). The row's tokens are rebuilt
//                     into `path` by following the beam's parent pointers back from its slot
//                     (greedy: K = 1, the row's own history), as src/engine/beam-readout.ts does
//                     at the end; O(t) per row and step, like the cache reorder a step costs anyway.
//   coverage_add      greedy, after the choice of step t, one invocation per (row, source position):
//                     a row that generated a token at step t (history[t + 1] is not pad) adds that
//                     step's α to its coverage [rows × T]. Beam search moves coverage with the
//                     beam instead (beam_coverage in shaders/beam_search.wgsl).

struct ConstraintParams {
  rows: u32,            // N
  beam: u32,            // K rows per sentence (1: greedy)
  vocab: u32,           // V
  steps: u32,           // C: the capacity of path rows
  parents: u32,         // word offset of parents[0][0] in `beams` (K > 1)
  ngram: u32,           // n of noRepeatNgram, 0: off
  eos_id: u32,
  pad_id: u32,
  sentences: u32,       // B
  max_prefix: u32,      // P_max: the row stride of the prefix tokens in `table`
  source_stride: u32,   // T: α and coverage row width
  alpha_per_step: u32,  // 1: α of step t at block t of `alpha`; 0: one scratch block
}

@group(0) @binding(0) var<uniform> cparams: ConstraintParams;
// [(steps + 1) × N] tokens; step t wrote [t + 1].
@group(0) @binding(1) var<storage, read> history: array<u32>;
// The beam search's `beams` words (src/gpu/kernels/beam-layout.ts): parents only.
@group(0) @binding(2) var<storage, read> beams: array<u32>;
// prefix lengths [B], then prefix tokens [B × P_max].
@group(0) @binding(3) var<storage, read> table: array<u32>;
// [N × steps] scratch: each row's tokens so far.
@group(0) @binding(4) var<storage, read_write> path: array<u32>;
// [N × V] 0 allowed, 1 blocked.
@group(0) @binding(5) var<storage, read_write> token_mask: array<u32>;
// α: [blocks × N × T].
@group(0) @binding(6) var<storage, read> alpha: array<f32>;
// [N × T]
@group(0) @binding(7) var<storage, read_write> coverage: array<f32>;
@group(1) @binding(0) var<uniform> step: StepInfo;

const CONSTRAINTS_WORKGROUP: u32 = 64u;

var<workgroup> forced_word: u32;

@compute @workgroup_size(CONSTRAINTS_WORKGROUP)
fn constraints_mask(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let row = linear_workgroup_index(wid, nwg);
  if (row >= cparams.rows) {
    return;
  }
  let t = step.t;
  let b = row / cparams.beam;
  let base = row * cparams.vocab;
  if (lane == 0u) {
    // The forced token, or NO_FORCE past the prefix.
    var forced = 0xffffffffu;
    if (t < table[b]) {
      forced = table[cparams.sentences + b * cparams.max_prefix + t];
    }
    forced_word = forced;
  }
  let forced = workgroupUniformLoad(&forced_word);
  if (forced != 0xffffffffu) {
    for (var v = lane; v < cparams.vocab; v += CONSTRAINTS_WORKGROUP) {
      token_mask[base + v] = select(1u, 0u, v == forced);
    }
    return;
  }
  for (var v = lane; v < cparams.vocab; v += CONSTRAINTS_WORKGROUP) {
    token_mask[base + v] = 0u;
  }
  let n = cparams.ngram;
  // A repeat needs an earlier n-gram: t ≥ n tokens so far.
  if (n == 0u || t < n) {
    return;
  }
  let p = row * cparams.steps;
  if (lane == 0u) {
    let first = b * cparams.beam;
    var slot = row - first;
    for (var s = t; s > 0u; s--) {
      let r = first + slot;
      path[p + s - 1u] = history[s * cparams.rows + r];
      if (cparams.beam > 1u) {
        slot = min(beams[cparams.parents + (s - 1u) * cparams.rows + r], cparams.beam - 1u);
      }
    }
  }
  // The path and the cleared mask, before any lane reads one or blocks a token.
  storageBarrier();
  // The n-gram starting at i (i + n ≤ t) repeats when its first n − 1 tokens are the last n − 1.
  for (var i = lane; i + n <= t; i += CONSTRAINTS_WORKGROUP) {
    var same = true;
    for (var k = 0u; k + 1u < n; k++) {
      if (path[p + i + k] != path[p + t - n + 1u + k]) {
        same = false;
        break;
      }
    }
    let v = path[p + i + n - 1u];
    if (same && v != cparams.eos_id && v < cparams.vocab) {
      token_mask[base + v] = 1u;
    }
  }
}

@compute @workgroup_size(CONSTRAINTS_WORKGROUP)
fn coverage_add(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let index = linear_workgroup_index(wid, nwg) * CONSTRAINTS_WORKGROUP + lane;
  let T = cparams.source_stride;
  if (index >= cparams.rows * T) {
    return;
  }
  let n = index / T;
  let t = step.t;
  if (history[(t + 1u) * cparams.rows + n] == cparams.pad_id) {
    return;
  }
  let alpha_block = select(0u, t, cparams.alpha_per_step != 0u);
  coverage[index] += alpha[alpha_block * cparams.rows * T + index];
}
