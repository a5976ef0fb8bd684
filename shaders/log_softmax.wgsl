// Row-wise log-softmax of logits [rows × vocab], one workgroup per row, and the greedy choice
// built on it, one invocation per row.
//! include lib/grid.wgsl
//! include lib/step.wgsl
//! include lib/tokens.wgsl
//! include lib/reductions.wgsl
//! include lib/softmax.wgsl
//! include lib/mask.wgsl
//
// Stable: the row max is subtracted before exp, so logits of ±1000 stay finite. The max, the sum
// of exp and the argmax are workgroup reductions (lib/reductions.wgsl), shared with beam search.
//
// Two entry points (each binds only what it uses):
//   log_softmax_rows  writes the log-prob row n of step t to out[out_offset + (t·rows + n)·vocab + v]
//                     (teacher forcing fills a [steps × rows × vocab] history, one step per dispatch).
//   greedy_select     chooses the next token of every unfinished row, as src/cpu/search/greedy.ts does:
//                     pad and bos are never allowed, eos not while t < min_length (t = tokens
//                     generated so far), nor a token the row's constraints mask blocks (masked != 0:
//                     shaders/constraints.wgsl, lib/mask.wgsl); the allowed argmax, lowest id on ties.
//                     A row that is
//                     finished (finished[n] != 0) or at its max length (t >= max_lengths[n]) writes
//                     pad_id and ends; otherwise the choice goes to history[(t+1)·rows + n], its
//                     log-prob is added to score[n] and written to chosen[t·rows + n], and eos sets
//                     finished[n] = 1. A row with no allowed token (every candidate −∞ or NaN) ends
//                     there without a token: pad_id, finished, score unchanged, as the CPU driver.
//                     The argmax is taken over the logits: log-probs are the logits shifted by one
//                     constant, so the order is the same, and f32 rounding of the shift cannot
//                     merge two different logits into a false tie.

struct SoftmaxParams {
  rows: u32,
  vocab: u32,
  // Row n of the logits starts at logits_offset + n · ldl (ldl >= vocab).
  logits_offset: u32,
  ldl: u32,
  // log_softmax_rows only.
  out_offset: u32,
  // greedy_select only.
  pad_id: u32,
  bos_id: u32,
  eos_id: u32,
  min_length: u32,
  // greedy_select only: 1 when token_mask holds this step's constraints.
  masked: u32,
}

@group(0) @binding(0) var<uniform> params: SoftmaxParams;
@group(0) @binding(1) var<storage, read> logits: array<f32>;
// log_softmax_rows: f32 [steps × rows × vocab] (plus out_offset).
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
// greedy_select: u32 [rows], the last step each row may generate a token at (exclusive).
@group(0) @binding(3) var<storage, read> max_lengths: array<u32>;
// greedy_select: u32 [(steps + 1) × rows], entry [0][n] = bos_id.
@group(0) @binding(4) var<storage, read_write> history: array<u32>;
// greedy_select: u32 [rows], 0 while the row runs.
@group(0) @binding(5) var<storage, read_write> finished: array<u32>;
// greedy_select: f32 [rows], the sum of chosen log-probs.
@group(0) @binding(6) var<storage, read_write> score: array<f32>;
// greedy_select: f32 [steps × rows], the chosen log-prob of each step (0 once the row ended).
@group(0) @binding(7) var<storage, read_write> chosen: array<f32>;
// greedy_select: u32 [rows × vocab], the constraints' mask (a placeholder when masked == 0).
@group(0) @binding(8) var<storage, read> token_mask: array<u32>;
@group(1) @binding(0) var<uniform> step: StepInfo;

// A power of two.
override WORKGROUP_SIZE: u32 = 64u;

// log Σ exp(x_v) over the row, stable.
fn log_normaliser(lane: u32, base: u32) -> f32 {
  let stats = softmax_stats(lane, base, base + params.vocab);
  return stats.max_logit + log(stats.sum_exp);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn log_softmax_rows(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let row = linear_workgroup_index(wid, nwg);
  if (row >= params.rows) {
    return;
  }
  let base = params.logits_offset + row * params.ldl;
  let normaliser = log_normaliser(lane, base);
  let out_base = params.out_offset + (step.t * params.rows + row) * params.vocab;
  for (var v = lane; v < params.vocab; v += WORKGROUP_SIZE) {
    out[out_base + v] = logits[base + v] - normaliser;
  }
}

// One invocation per row, so the step costs no barrier; the statistics are softmax_stats's bit for
// bit (softmax_stats_one_lane), and the argmax is order-free (ranks_before is a strict total order).
const GREEDY_ROWS_PER_WORKGROUP: u32 = 8u;

@compute @workgroup_size(GREEDY_ROWS_PER_WORKGROUP)
fn greedy_select(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let row = linear_workgroup_index(wid, nwg) * GREEDY_ROWS_PER_WORKGROUP + lane;
  if (row >= params.rows) {
    return;
  }
  let t = step.t;
  let next = (t + 1u) * params.rows + row;
  if (finished[row] != 0u || t >= max_lengths[row]) {
    history[next] = params.pad_id;
    chosen[t * params.rows + row] = 0.0;
    finished[row] = 1u;
    return;
  }

  let base = params.logits_offset + row * params.ldl;
  let stats = softmax_stats_one_lane(base, base + params.vocab);
  let normaliser = stats.max_logit + log(stats.sum_exp);
  let rules = TokenRules(params.pad_id, params.bos_id, params.eos_id, params.min_length);
  var best = RankedToken(LOWEST, NO_TOKEN);
  for (var v = 0u; v < params.vocab; v++) {
    let candidate = RankedToken(logits[base + v], v);
    if (allowed(rules, v, candidate.logit, t) && mask_allows(params.masked, row, params.vocab, v) &&
        ranks_before(candidate, best)) {
      best = candidate;
    }
  }
  let token = best.token;
  if (token == NO_TOKEN) {
    history[next] = params.pad_id;
    chosen[t * params.rows + row] = 0.0;
    finished[row] = 1u;
    return;
  }
  let log_prob = logits[base + token] - normaliser;
  history[next] = token;
  chosen[t * params.rows + row] = log_prob;
  score[row] = score[row] + log_prob;
  if (token == params.eos_id) {
    finished[row] = 1u;
  }
}
