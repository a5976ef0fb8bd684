// Sampling's choice of the next token (beam 1), the GPU twin of drawToken in src/model/sampling.ts
// (docs/decoding.md, "Sampling"): one workgroup per row of logits [rows × vocab], step t read from
// the step table. It replaces greedy_select (shaders/log_softmax.wgsl) and keeps its buffers and
// its bookkeeping: a finished row, or one at its max length, writes pad_id and ends; a row with no
// allowed token ends without one; otherwise the drawn token goes to history[(t+1)·rows + n], the
// model's log-prob of it (log_softmax of the raw logits, T = 1, the whole row) is added to score[n]
// and written to chosen[t·rows + n], and eos sets finished[n] = 1.
//! include lib/grid.wgsl
//! include lib/step.wgsl
//! include lib/tokens.wgsl
//! include lib/reductions.wgsl
//! include lib/softmax.wgsl
//! include lib/rng.wgsl
//! include lib/mask.wgsl
//
// The draw. Allowed tokens are ordered by logit descending, ties by lower id; w = exp((x − M) / T)
// with M the largest allowed logit (q = w / Σw). The CPU sorts the row; a workgroup does not, since
// sorting a vocabulary costs far more than a few passes over it. Every cut of the draw keeps a
// leading run of that order, so each is named by its last token, a `Cut`, and found by bisection:
//
//   first_reaching(goal) finds the first token whose leading run has a measure (a count, or the
//   mass Σw) ≥ goal (> goal for the draw). The measure of the run "key ≥ θ" falls as θ rises,
//   so θ is built bit by bit from the top over the 32-bit order keys (order_key: the f32 bits
//   mapped so that unsigned order is logit order); the tokens at θ itself are tied, and the id that
//   ends the run among them is built bit by bit the same way. Each probe is one pass over the row
//   and a workgroup sum, 32 + ⌈log2 V⌉ probes per cut. A run's mass is summed by the same lanes in
//   the same order whatever the cut, and f32 addition of non-negative terms is monotone, so the
//   probes are consistent with each other: the bisection cannot be misled by rounding.
//
//   top-k    the first run of count ≥ k (none when fewer than k tokens are allowed: no cut);
//   top-p    the first run of mass ≥ p·W_k, W_k the mass of the top-k run: the same as cumulative
//            q / W_k ≥ p after renormalising (at least one token: the goal is raised to 1, the
//            weight of the first token, exp(0));
//   draw     the first run of mass > u·W_p, u = random_uniform(seed, sentence_keys[n], t): the
//            first token whose renormalised cumulative mass exceeds u. Should rounding leave u·W_p
//            at W_p, the last token of the top-p run takes it, as on the CPU.
//
// f32 against the CPU's f64: the token differs only where a cumulative mass lies within a few
// f32 ulps of u or of p (test/gpu/kernels/sample.test.ts counts those cases).

struct SampleParams {
  rows: u32,
  vocab: u32,
  // Row n of the logits starts at logits_offset + n · ldl (ldl >= vocab).
  logits_offset: u32,
  ldl: u32,
  pad_id: u32,
  bos_id: u32,
  eos_id: u32,
  min_length: u32,
  // 0: no top-k cut.
  top_k: u32,
  // In (0, 1]; 1: no top-p cut.
  top_p: f32,
  // T in [MIN_TEMPERATURE, MAX_TEMPERATURE] (src/model/decoding.ts).
  temperature: f32,
  seed: u32,
  // 1: token_mask holds the step's search constraints (shaders/constraints.wgsl).
  masked: u32,
}

@group(0) @binding(0) var<uniform> params: SampleParams;
@group(0) @binding(1) var<storage, read> logits: array<f32>;
// u32 [rows], the last step each row may generate a token at (exclusive).
@group(0) @binding(2) var<storage, read> max_lengths: array<u32>;
// u32 [(steps + 1) × rows], entry [0][n] = bos_id.
@group(0) @binding(3) var<storage, read_write> history: array<u32>;
// u32 [rows], 0 while the row runs.
@group(0) @binding(4) var<storage, read_write> finished: array<u32>;
// f32 [rows], the sum of chosen log-probs.
@group(0) @binding(5) var<storage, read_write> score: array<f32>;
// f32 [steps × rows], the chosen log-prob of each step (0 once the row ended).
@group(0) @binding(6) var<storage, read_write> chosen: array<f32>;
// u32 [rows × vocab], the constraints' token mask (a placeholder when masked == 0; lib/mask.wgsl).
@group(0) @binding(7) var<storage, read> token_mask: array<u32>;
// u32 [rows], row n's sentence key (ResolvedDecodeOptions.sentence): a row's draws depend on its
// key only, not on where its sentence sits in the batch (length bucketing reorders sentences).
@group(0) @binding(8) var<storage, read> sentence_keys: array<u32>;
@group(1) @binding(0) var<uniform> step: StepInfo;

// A power of two.
override WORKGROUP_SIZE: u32 = 64u;

var<workgroup> row_done: u32;

// The row being drawn, set once per invocation before any helper below runs.
var<private> row_index: u32;
var<private> row_base: u32;
var<private> row_step: u32;
// M, the largest allowed logit: the top token's weight is exp(0) = 1 exactly.
var<private> row_top: f32;

// A token ending a leading run of the order: the run holds every allowed token whose key is above
// `key`, and those at `key` with id ≤ `id`.
struct Cut {
  key: u32,
  id: u32,
}

struct Search {
  cut: Cut,
  found: bool,
}

// The logit's f32 bits mapped to a u32 whose unsigned order is the logits' order (finite values).
fn order_key(value: f32) -> u32 {
  let bits = bitcast<u32>(value);
  // −0 and +0 are one logit (a tie, broken by id), so they share a key.
  let canonical = select(bits, 0u, bits == 0x80000000u);
  return select(canonical | 0x80000000u, ~canonical, (canonical & 0x80000000u) != 0u);
}

fn in_run(key: u32, id: u32, cut: Cut) -> bool {
  return key > cut.key || (key == cut.key && id <= cut.id);
}

// Whether token `id` (logit `value`) may be drawn at this step: the rules greedy decoding uses
// (pad and bos never, eos not before min_length, no −∞ or NaN logit) and the search constraints'
// mask (n-gram blocking, prefix forcing) of row `row_index`; every pass of the draw calls this one
// function, so the mask applies to the max, the counts and every mass alike.
fn may_draw(id: u32, value: f32) -> bool {
  let rules = TokenRules(params.pad_id, params.bos_id, params.eos_id, params.min_length);
  return allowed(rules, id, value, row_step) && mask_allows(params.masked, row_index, params.vocab, id);
}

// Unnormalised q of an allowed logit.
fn weight(value: f32) -> f32 {
  return exp((value - row_top) / params.temperature);
}

// The run's token count (weighted = false; exact in f32 below 2²⁴ tokens) or its mass Σw.
fn run_measure(lane: u32, cut: Cut, weighted: bool) -> f32 {
  var local = 0.0;
  for (var v = lane; v < params.vocab; v += WORKGROUP_SIZE) {
    let value = logits[row_base + v];
    if (may_draw(v, value) && in_run(order_key(value), v, cut)) {
      local += select(1.0, weight(value), weighted);
    }
  }
  return workgroup_sum(lane, local);
}

fn reaches(measure: f32, goal: f32, strict: bool) -> bool {
  return select(measure >= goal, measure > goal, strict);
}

// The shortest leading run whose measure reaches `goal` (see the top of the file). Called from
// uniform control flow; the bisection's state is data only, so every lane takes every probe.
fn first_reaching(lane: u32, goal: f32, strict: bool, weighted: bool) -> Search {
  // The largest key θ whose run "key ≥ θ" reaches the goal.
  var key = 0u;
  for (var i = 0u; i < 32u; i++) {
    let candidate = key | (1u << (31u - i));
    let measure = run_measure(lane, Cut(candidate, NO_TOKEN), weighted);
    key = select(key, candidate, reaches(measure, goal, strict));
  }
  // Among the tokens tied at θ, the lowest id whose run reaches it: `below` grows while the run of
  // the ids under it falls short.
  let id_bits = 32u - countLeadingZeros(params.vocab);
  var below = 0u;
  for (var i = 0u; i < id_bits; i++) {
    let candidate = below | (1u << (id_bits - 1u - i));
    let measure = run_measure(lane, Cut(key, candidate - 1u), weighted);
    below = select(below, candidate, !reaches(measure, goal, strict));
  }
  let cut = Cut(key, below);
  // Not found when even the whole row falls short (fewer than k allowed tokens); the cut is then
  // meaningless.
  return Search(cut, reaches(run_measure(lane, cut, weighted), goal, strict));
}

// a's run ends after b's.
fn ends_after(a: Cut, b: Cut) -> bool {
  return a.key < b.key || (a.key == b.key && a.id > b.id);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn sample_select(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let row = linear_workgroup_index(wid, nwg);
  if (row >= params.rows) {
    return;
  }
  let t = step.t;
  let next = (t + 1u) * params.rows + row;
  if (lane == 0u) {
    row_done = select(0u, 1u, finished[row] != 0u || t >= max_lengths[row]);
  }
  // A finished row skips the draw as a whole workgroup (the flag is uniform once loaded).
  if (workgroupUniformLoad(&row_done) != 0u) {
    if (lane == 0u) {
      history[next] = params.pad_id;
      chosen[t * params.rows + row] = 0.0;
      finished[row] = 1u;
    }
    return;
  }

  row_index = row;
  row_base = params.logits_offset + row * params.ldl;
  row_step = t;
  // The model's log-normaliser, greedy decoding's own (lib/softmax.wgsl): the score is the same.
  let stats = softmax_stats(lane, row_base, row_base + params.vocab);
  let normaliser = stats.max_logit + log(stats.sum_exp);

  var local_top = LOWEST;
  for (var v = lane; v < params.vocab; v += WORKGROUP_SIZE) {
    let value = logits[row_base + v];
    if (may_draw(v, value)) {
      local_top = max(local_top, value);
    }
  }
  row_top = workgroup_max(lane, local_top);
  // The last allowed token of the order (lowest logit, then highest id), so that every run below
  // ends at a real token, the one the draw falls back to. Ranked as the best of (−logit, flipped id).
  var local_last = RankedToken(LOWEST, NO_TOKEN);
  for (var v = lane; v < params.vocab; v += WORKGROUP_SIZE) {
    let value = logits[row_base + v];
    let candidate = RankedToken(-value, params.vocab - 1u - v);
    if (may_draw(v, value) && ranks_before(candidate, local_last)) {
      local_last = candidate;
    }
  }
  _ = best_token(lane, local_last);
  // best_token's winner reaches the other lanes after a barrier, which must also come before the
  // next reduction reuses the lanes' values.
  workgroupBarrier();
  let last = won_token;
  let whole_row = Cut(order_key(-last.logit), params.vocab - 1u - last.token);

  var top_k = whole_row;
  if (params.top_k != 0u) {
    // Not found when fewer than k tokens are allowed: no cut.
    let search = first_reaching(lane, f32(params.top_k), false, false);
    if (search.found) {
      top_k = search.cut;
    }
  }
  var top_p = top_k;
  if (params.top_p < 1.0) {
    let goal = max(params.top_p * run_measure(lane, top_k, true), 1.0);
    // Always found: the top-k run's own mass reaches the goal, so the run ends no later.
    top_p = first_reaching(lane, goal, false, true).cut;
  }
  let u = random_uniform(params.seed, sentence_keys[row], t);
  let drawn = first_reaching(lane, u * run_measure(lane, top_p, true), true, true);
  let token = select(top_p.id, drawn.cut.id, drawn.found && !ends_after(drawn.cut, top_p));

  if (lane != 0u) {
    return;
  }
  if (last.token == NO_TOKEN) {
    history[next] = params.pad_id;
    chosen[t * params.rows + row] = 0.0;
    finished[row] = 1u;
    return;
  }
  let log_prob = logits[row_base + token] - normaliser;
  history[next] = token;
  chosen[t * params.rows + row] = log_prob;
  score[row] = score[row] + log_prob;
  if (token == params.eos_id) {
    finished[row] = 1u;
  }
}
