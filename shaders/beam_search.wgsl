// Beam search on the GPU: the search of src/cpu/search/beam.ts for B sentences × K beams at once,
// recorded after the generator's logits of every decoder step (src/engine/beam-search.ts).
// Buffer layouts: src/gpu/kernels/beam-layout.ts.
//! include lib/grid.wgsl
//! include lib/step.wgsl
//! include lib/tokens.wgsl
//! include lib/reductions.wgsl
//! include lib/softmax.wgsl
//! include lib/mask.wgsl
//
// Row n = b·K + k holds slot k of sentence b; slots 0..live[b]−1 are the live hypotheses in the
// order beam.ts keeps them (its parent indices), the others are idle.
//
//   beam_slices   one invocation per (row, vocabulary slice): the slice's max logit and Σ exp,
//                 and its K best allowed tokens (pad, bos never; EOS not before min_length; none
//                 the constraints mask blocks, lib/mask.wgsl),
//                 ranked by logit then lower id (the order of a parent's children in beam.ts:
//                 the log-prob is the logit minus one constant per row). A NaN or +∞ logit
//                 sets the sentence's overflow word: the cpu reference refuses a sentence whose
//                 live hypothesis overflowed, even when that row would not reach the n-best.
//   beam_select   one workgroup per sentence: each live row's log-normaliser from its slices;
//                 a live row with no allowed token finishes without one; then the K best
//                 candidates (sum = the row's score + log-prob) in beam.ts's order — higher sum,
//                 lower parent, higher log-prob (logit), lower id — walked in that order: EOS, or
//                 a candidate reaching its sentence's max length, enters the finished list (the
//                 n-best by penalised score, an equal score after earlier ones), any other takes
//                 the next live slot: its token, parent and sum go to history, parents and the
//                 scores of the other parity. Then the early stop of beam.ts: nothing live, or
//                 n-best finished and the best live sum cannot beat the last of them.
//                 With coverage (β > 0), a hypothesis that finishes gets β·Σ_{j<S} log(max(min(c_j,
//                 1), COVERAGE_FLOOR)) added to its penalised score (the n-best order), c being its
//                 parent row's coverage plus, when it generated a token, the step's α of that row.
//   beam_coverage one invocation per coverage value (β > 0): each slot's coverage becomes its
//                 parent's plus the parent's α of the step, gathered (mode 0) and copied back (1).
//   beam_reorder  one invocation per state value: the decoder state the step wrote (h, and c
//                 for LSTM, of every layer) and the input feed h̃ follow their parents: mode 0
//                 gathers rows into `spare`, mode 1 copies them back (two dispatches, since a
//                 gather in place would overwrite rows still to be read).
//
// K candidates per slice and per sentence suffice (not 2K): beam.ts keeps the K best candidates
// of a step, finishing ones included, so no parent can place more than K children.
//
// beam_slices keeps a slice's K best in one pass; beam_select takes K rounds of "the best after the
// previous winner", which select the K best without sorting: the order is strict and total
// ((parent, token) is unique), so each round finds exactly one, until none is left. A round costs
// two barriers.

struct BeamParams {
  rows: u32,          // N = B·K
  beam: u32,          // K
  sentences: u32,     // B
  vocab: u32,         // V
  slices: u32,        // S = ceil(V / slice_width)
  slice_width: u32,
  n_best: u32,
  steps: u32,         // steps the parents history holds
  pad_id: u32,
  bos_id: u32,
  eos_id: u32,
  min_length: u32,
  hidden: u32,        // H
  state_blocks: u32,  // [N × H] blocks in one parity of the decoder state: slots · L
  feed_blocks: u32,   // 1 when h̃ is fed back (input feeding), else 0
  reorder_mode: u32,  // beam_reorder, beam_coverage: 0 gathers into spare, 1 copies back
  masked: u32,        // 1: token_mask holds the step's constraints (shaders/constraints.wgsl)
  coverage_on: u32,   // 1: β > 0, alpha and coverage are bound
  coverage_beta: f32, // β
  alpha_per_step: u32,  // 1: α of step t is block t of alpha; 0: one scratch block
  source_stride: u32, // T: α and coverage row width
}

@group(0) @binding(0) var<uniform> params: BeamParams;
// [N × V]
@group(0) @binding(1) var<storage, read> logits: array<f32>;
@group(0) @binding(2) var<storage, read_write> beams: array<u32>;
@group(0) @binding(3) var<storage, read_write> scratch: array<u32>;
@group(0) @binding(4) var<storage, read> table: array<u32>;
// [(steps + 1) × N] tokens; step t writes [t + 1].
@group(0) @binding(5) var<storage, read_write> history: array<u32>;
// The decoder state [2 parities][slots][L][N][H] (shaders/cell_update.wgsl).
@group(0) @binding(6) var<storage, read_write> state: array<f32>;
// h̃ [N × H]
@group(0) @binding(7) var<storage, read_write> feed: array<f32>;
// [(state_blocks + feed_blocks) × N × H]
@group(0) @binding(8) var<storage, read_write> spare: array<f32>;
// [N × V] 0 allowed, 1 blocked (a placeholder unless masked).
@group(0) @binding(9) var<storage, read> token_mask: array<u32>;
// α of the step's rows [blocks × N × T] and each slot's coverage [N × T] (placeholders unless coverage_on).
@group(0) @binding(10) var<storage, read> alpha: array<f32>;
@group(0) @binding(11) var<storage, read_write> coverage: array<f32>;
// [N × T]
@group(0) @binding(12) var<storage, read_write> coverage_spare: array<f32>;
// [B × nBest] the coverage term of each finished entry (src/gpu/kernels/beam-layout.ts).
@group(0) @binding(13) var<storage, read_write> penalties: array<f32>;
@group(1) @binding(0) var<uniform> step: StepInfo;

const WORKGROUP_SIZE: u32 = 16u;
const ENTRY_WORDS: u32 = 5u;
// The widest beam (MAX_BEAM in src/model/decoding.ts): the size of beam_slices' list.
const MAX_BEAM: u32 = 64u;
// docs/decoding.md: coverage below this counts as this (COVERAGE_FLOOR in src/model/decoding.ts).
const COVERAGE_FLOOR: f32 = 1e-6;

// best_candidate's partials.
var<workgroup> red_sum: array<f32, WORKGROUP_SIZE>;
var<workgroup> red_parent: array<u32, WORKGROUP_SIZE>;
var<workgroup> red_logit: array<f32, WORKGROUP_SIZE>;
var<workgroup> red_token: array<u32, WORKGROUP_SIZE>;
var<workgroup> uniform_word: u32;

// ---- layouts (src/gpu/kernels/beam-layout.ts) ----

fn live_at(b: u32) -> u32 {
  return b;
}

fn finished_count_at(b: u32) -> u32 {
  return params.sentences + b;
}

fn finished_at(b: u32, i: u32) -> u32 {
  return 2u * params.sentences + (b * params.n_best + i) * ENTRY_WORDS;
}

fn parents_at(t: u32, n: u32) -> u32 {
  return 2u * params.sentences + params.sentences * params.n_best * ENTRY_WORDS + t * params.rows + n;
}

fn scores_at(parity: u32, n: u32) -> u32 {
  return parents_at(params.steps, 0u) + parity * params.rows + n;
}

// 1 once a live row of sentence b had a NaN or +∞ logit: the readout refuses the sentence.
fn overflow_at(b: u32) -> u32 {
  return parents_at(params.steps, 0u) + 2u * params.rows + b;
}

fn candidate_at(row: u32, slice: u32, rank: u32) -> u32 {
  return ((row * params.slices + slice) * params.beam + rank) * 2u;
}

fn stats_at(row: u32, slice: u32) -> u32 {
  return params.rows * params.slices * params.beam * 2u + (row * params.slices + slice) * 2u;
}

fn normaliser_at(row: u32) -> u32 {
  return stats_at(params.rows, 0u) + row;
}

fn has_token_at(row: u32) -> u32 {
  return normaliser_at(params.rows) + row;
}

fn max_length(b: u32) -> u32 {
  return table[b];
}

fn divisor(tokens: u32) -> f32 {
  return bitcast<f32>(table[params.sentences + tokens]);
}

fn source_length(b: u32) -> u32 {
  return table[params.sentences + params.steps + 1u + b];
}

// ---- stage 1: per row and vocabulary slice ----

// NaN or +∞, from the bits: a compiler may assume x == x, and NaN compares false with anything.
fn overflows(x: f32) -> bool {
  let magnitude = bitcast<u32>(x) & 0x7fffffffu;
  return magnitude > 0x7f800000u || bitcast<u32>(x) == 0x7f800000u;
}

// One invocation per (row, slice), so the stage costs no barrier (a software adapter pays most for
// those): its statistics are softmax_stats's bit for bit (softmax_stats_one_lane), and each rank's
// best is order-free (ranks_before is a strict total order).
const SLICE_INVOCATIONS: u32 = 8u;

@compute @workgroup_size(SLICE_INVOCATIONS)
fn beam_slices(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let index = linear_workgroup_index(wid, nwg) * SLICE_INVOCATIONS + lane;
  let K = params.beam;
  let row = index / params.slices;
  let slice = index % params.slices;
  // Idle slots and finished sentences skip the step.
  if (row >= params.rows || row % K >= beams[live_at(row / K)]) {
    return;
  }
  let t = step.t;
  let base = row * params.vocab;
  let begin = slice * params.slice_width;
  let end = min(begin + params.slice_width, params.vocab);

  // The row's log-normaliser is combined from these in beam_select (lib/softmax.wgsl, as greedy
  // decoding computes it, so a row in one slice gets greedy decoding's value bit for bit).
  let stats = softmax_stats_one_lane(base + begin, base + end);
  scratch[stats_at(row, slice)] = bitcast<u32>(stats.max_logit);
  scratch[stats_at(row, slice) + 1u] = bitcast<u32>(stats.sum_exp);

  // One pass keeping the slice's K best allowed tokens in order (an insertion into a short sorted
  // list, rare once it is full: most tokens lose to its last entry).
  let rules = TokenRules(params.pad_id, params.bos_id, params.eos_id, params.min_length);
  var best: array<RankedToken, MAX_BEAM>;
  var filled = 0u;
  var last = RankedToken(LOWEST, NO_TOKEN);
  for (var v = begin; v < end; v++) {
    let candidate = RankedToken(logits[base + v], v);
    if (overflows(candidate.logit)) {
      beams[overflow_at(row / K)] = 1u;
    }
    if (!allowed(rules, v, candidate.logit, t) || !mask_allows(params.masked, row, params.vocab, v)) {
      continue;
    }
    if (filled == K && !ranks_before(candidate, last)) {
      continue;
    }
    var at = select(filled, K - 1u, filled == K);
    while (at > 0u && ranks_before(candidate, best[at - 1u])) {
      best[at] = best[at - 1u];
      at--;
    }
    best[at] = candidate;
    filled = min(filled + 1u, K);
    last = best[filled - 1u];
  }
  // Ranks past the slice's last allowed token read as none.
  for (var r = 0u; r < K; r++) {
    var entry = RankedToken(LOWEST, NO_TOKEN);
    if (r < filled) {
      entry = best[r];
    }
    let at = candidate_at(row, slice, r);
    scratch[at] = bitcast<u32>(entry.logit);
    scratch[at + 1u] = entry.token;
  }
}

// ---- stage 2: per sentence ----

struct Candidate {
  sum: f32,
  parent: u32,
  logit: f32,
  token: u32,
}

// The order of src/cpu/search/beam.ts compareCandidates.
fn comes_before(a: Candidate, b: Candidate) -> bool {
  if (a.sum != b.sum) {
    return a.sum > b.sum;
  }
  if (a.parent != b.parent) {
    return a.parent < b.parent;
  }
  if (a.logit != b.logit) {
    return a.logit > b.logit;
  }
  return a.token < b.token;
}

var<workgroup> won_candidate: Candidate;

// The best of the lanes' candidates, in lane 0 only, shared through won_candidate as best_token
// (lib/reductions.wgsl) shares won_token (read after the caller's next barrier, which must come before the partials
// are written again).
fn best_candidate(lane: u32, mine: Candidate) -> Candidate {
  red_sum[lane] = mine.sum;
  red_parent[lane] = mine.parent;
  red_logit[lane] = mine.logit;
  red_token[lane] = mine.token;
  workgroupBarrier();
  var best = mine;
  if (lane == 0u) {
    best = Candidate(red_sum[0], red_parent[0], red_logit[0], red_token[0]);
    for (var i = 1u; i < WORKGROUP_SIZE; i++) {
      let other = Candidate(red_sum[i], red_parent[i], red_logit[i], red_token[i]);
      if (other.token != NO_TOKEN && (best.token == NO_TOKEN || comes_before(other, best))) {
        best = other;
      }
    }
    won_candidate = best;
  }
  return best;
}

fn is_allowed(log_prob: f32) -> bool {
  return log_prob >= LOWEST;
}

fn score_of(parity: u32, row: u32) -> f32 {
  return bitcast<f32>(beams[scores_at(parity, row)]);
}

fn finished_score(b: u32, i: u32) -> f32 {
  return bitcast<f32>(beams[finished_at(b, i)]);
}

// β·Σ_{j<S} log(max(min(c_j, 1), COVERAGE_FLOOR)) of the hypothesis in `row` at step t, with the
// step's α added when it generated a token there; 0 without coverage.
fn coverage_term(b: u32, row: u32, t: u32, with_alpha: bool) -> f32 {
  if (params.coverage_on == 0u) {
    return 0.0;
  }
  let T = params.source_stride;
  let alpha_block = select(0u, t, params.alpha_per_step != 0u);
  let S = source_length(b);
  var total = 0.0;
  for (var j = 0u; j < S; j++) {
    var c = coverage[row * T + j];
    if (with_alpha) {
      c += alpha[(alpha_block * params.rows + row) * T + j];
    }
    total += log(max(min(c, 1.0), COVERAGE_FLOOR));
  }
  return params.coverage_beta * total;
}

// beam.ts insertFinished: keeps the n_best best, best first; an equal score goes after. `penalty`
// is the coverage term, part of `score` and kept apart for the readout.
fn insert_finished(b: u32, score: f32, sum: f32, t: u32, slot: u32, token: u32, penalty: f32) {
  let count = beams[finished_count_at(b)];
  var at = count;
  while (at > 0u && finished_score(b, at - 1u) < score) {
    at--;
  }
  if (at >= params.n_best) {
    return;
  }
  var i = min(count, params.n_best - 1u);
  while (i > at) {
    for (var w = 0u; w < ENTRY_WORDS; w++) {
      beams[finished_at(b, i) + w] = beams[finished_at(b, i - 1u) + w];
    }
    if (params.coverage_on != 0u) {
      penalties[b * params.n_best + i] = penalties[b * params.n_best + i - 1u];
    }
    i--;
  }
  let entry = finished_at(b, at);
  beams[entry] = bitcast<u32>(score);
  beams[entry + 1u] = bitcast<u32>(sum);
  beams[entry + 2u] = t;
  beams[entry + 3u] = slot;
  beams[entry + 4u] = token;
  // Without coverage the region is never touched (the readout then ignores it).
  if (params.coverage_on != 0u) {
    penalties[b * params.n_best + at] = penalty;
  }
  beams[finished_count_at(b)] = min(count + 1u, params.n_best);
}

// Walks one selected candidate; returns the live slots taken so far.
fn place(b: u32, t: u32, parity: u32, winner: Candidate, taken: u32) -> u32 {
  let generated = t + 1u;
  if (winner.token == params.eos_id || generated >= max_length(b)) {
    let penalty = coverage_term(b, b * params.beam + winner.parent, t, true);
    insert_finished(b, winner.sum / divisor(generated) + penalty, winner.sum, t, winner.parent, winner.token, penalty);
    return taken;
  }
  let row = b * params.beam + taken;
  beams[scores_at(1u - parity, row)] = bitcast<u32>(winner.sum);
  beams[parents_at(t, row)] = winner.parent;
  history[(t + 1u) * params.rows + row] = winner.token;
  return taken + 1u;
}

// Idle slots feed pad and keep their own state, so every row stays well defined.
fn idle_slot(t: u32, b: u32, slot: u32) {
  let row = b * params.beam + slot;
  beams[parents_at(t, row)] = slot;
  history[(t + 1u) * params.rows + row] = params.pad_id;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn beam_select(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let b = linear_workgroup_index(wid, nwg);
  if (b >= params.sentences) {
    return;
  }
  let K = params.beam;
  let t = step.t;
  let parity = step.parity;
  let first_row = b * K;
  if (lane == 0u) {
    uniform_word = beams[live_at(b)];
  }
  let live = workgroupUniformLoad(&uniform_word);
  if (live == 0u) {
    for (var slot = lane; slot < K; slot += WORKGROUP_SIZE) {
      idle_slot(t, b, slot);
    }
    return;
  }

  // Each live row's log Σ exp over the whole vocabulary, and whether it has an allowed token.
  let S = params.slices;
  for (var k = lane; k < live; k += WORKGROUP_SIZE) {
    let row = first_row + k;
    var row_max = LOWEST;
    for (var s = 0u; s < S; s++) {
      row_max = max(row_max, bitcast<f32>(scratch[stats_at(row, s)]));
    }
    var total = 0.0;
    for (var s = 0u; s < S; s++) {
      let at = stats_at(row, s);
      total += bitcast<f32>(scratch[at + 1u]) * exp(bitcast<f32>(scratch[at]) - row_max);
    }
    let normaliser = row_max + log(total);
    var has_token = 0u;
    for (var s = 0u; s < S; s++) {
      let at = candidate_at(row, s, 0u);
      if (scratch[at + 1u] != NO_TOKEN && is_allowed(bitcast<f32>(scratch[at]) - normaliser)) {
        has_token = 1u;
      }
    }
    scratch[normaliser_at(row)] = bitcast<u32>(normaliser);
    scratch[has_token_at(row)] = has_token;
  }
  storageBarrier();

  // beam.ts finishes a parent with no allowed token while expanding, before the candidates.
  if (lane == 0u) {
    for (var k = 0u; k < live; k++) {
      if (scratch[has_token_at(first_row + k)] == 0u) {
        let sum = score_of(parity, first_row + k);
        let penalty = coverage_term(b, first_row + k, t, false);
        insert_finished(b, sum / divisor(t) + penalty, sum, t, k, NO_TOKEN, penalty);
      }
    }
  }

  let per_row = S * K;
  let count = live * per_row;
  var taken = 0u;
  var previous = Candidate(LOWEST, NO_TOKEN, LOWEST, NO_TOKEN);
  for (var rank = 0u; rank < K; rank++) {
    var best = Candidate(LOWEST, NO_TOKEN, LOWEST, NO_TOKEN);
    for (var c = lane; c < count; c += WORKGROUP_SIZE) {
      let k = c / per_row;
      let row = first_row + k;
      let at = row * per_row * 2u + (c % per_row) * 2u;
      let token = scratch[at + 1u];
      if (token == NO_TOKEN) {
        continue;
      }
      let logit = bitcast<f32>(scratch[at]);
      let log_prob = logit - bitcast<f32>(scratch[normaliser_at(row)]);
      if (!is_allowed(log_prob)) {
        continue;
      }
      let candidate = Candidate(score_of(parity, row) + log_prob, k, logit, token);
      if ((rank == 0u || comes_before(previous, candidate)) && (best.token == NO_TOKEN || comes_before(candidate, best))) {
        best = candidate;
      }
    }
    let winner = best_candidate(lane, best);
    if (lane == 0u) {
      if (winner.token != NO_TOKEN) {
        taken = place(b, t, parity, winner, taken);
      }
      uniform_word = winner.token;
    }
    // Fewer than K candidates: nothing is left to select.
    if (workgroupUniformLoad(&uniform_word) == NO_TOKEN) {
      break;
    }
    previous = won_candidate;
  }

  if (lane != 0u) {
    return;
  }
  for (var slot = taken; slot < K; slot++) {
    idle_slot(t, b, slot);
  }
  var next_live = taken;
  if (taken > 0u && beams[finished_count_at(b)] >= params.n_best) {
    // Slot 0 has the highest sum; a positive sum (rounding) has no safe bound.
    let best_sum = score_of(1u - parity, first_row);
    if (best_sum <= 0.0 && best_sum / divisor(max_length(b)) < finished_score(b, params.n_best - 1u)) {
      next_live = 0u;
    }
  }
  beams[live_at(b)] = next_live;
}

// ---- state reorder ----

@compute @workgroup_size(WORKGROUP_SIZE)
fn beam_reorder(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let index = linear_workgroup_index(wid, nwg) * WORKGROUP_SIZE + lane;
  let N = params.rows;
  let H = params.hidden;
  let per_region = N * H;
  let regions = params.state_blocks + params.feed_blocks;
  if (index >= regions * per_region) {
    return;
  }
  let region = index / per_region;
  let n = (index % per_region) / H;
  let j = index % H;
  // The half of the state this step's cells wrote, which the next step reads.
  let written = 1u - step.parity;
  if (params.reorder_mode == 0u) {
    let parent = min(beams[parents_at(step.t, n)], params.beam - 1u);
    let source = (n / params.beam) * params.beam + parent;
    if (region < params.state_blocks) {
      spare[index] = state[((written * params.state_blocks + region) * N + source) * H + j];
    } else {
      spare[index] = feed[source * H + j];
    }
  } else {
    if (region < params.state_blocks) {
      state[((written * params.state_blocks + region) * N + n) * H + j] = spare[index];
    } else {
      feed[n * H + j] = spare[index];
    }
  }
}

// ---- coverage reorder ----

@compute @workgroup_size(WORKGROUP_SIZE)
fn beam_coverage(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let index = linear_workgroup_index(wid, nwg) * WORKGROUP_SIZE + lane;
  let T = params.source_stride;
  let N = params.rows;
  if (index >= N * T) {
    return;
  }
  if (params.reorder_mode == 0u) {
    let n = index / T;
    let j = index % T;
    let parent = min(beams[parents_at(step.t, n)], params.beam - 1u);
    let source = (n / params.beam) * params.beam + parent;
    let alpha_block = select(0u, step.t, params.alpha_per_step != 0u);
    coverage_spare[index] = coverage[source * T + j] + alpha[(alpha_block * N + source) * T + j];
  } else {
    coverage[index] = coverage_spare[index];
  }
}
