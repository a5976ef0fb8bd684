// Greedy choice for one decoder step: one workgroup per row n, reading the generator's logits.
//
// The chosen token is the allowed argmax (lowest id on ties; pad and bos never allowed, eos not
// before min_length tokens), which is the argmax of the log-probs too, so no log-softmax pass is
// needed: its log-prob is logit − logsumexp(all logits), the normalisation being over the whole
// vocabulary (masking does not renormalise), as src/decode/greedy.ts computes it.
//
// progress [3N] u32: finished[n], generated[n] (tokens so far, EOS included), score[n] (f32 bits,
// sum of chosen log-probs). A row finishes on EOS, at its own max_lengths[n], or when nothing is
// allowed (then without a token). history [(steps+1) × N]: the choice goes to history[t+1][n];
// finished rows write eos there so the next steps still gather a valid embedding.
// Needs shaders/lib/grid.wgsl and step.wgsl before it.

struct SelectParams {
  rows: u32,        // N
  vocab: u32,       // V
  pad_id: u32,
  bos_id: u32,
  eos_id: u32,
  min_length: u32,
  pad0: u32,
  pad1: u32,
}

@group(0) @binding(0) var<uniform> params: SelectParams;
// [N × V]
@group(0) @binding(1) var<storage, read> logits: array<f32>;
// [N]
@group(0) @binding(2) var<storage, read> max_lengths: array<u32>;
@group(0) @binding(3) var<storage, read_write> history: array<u32>;
@group(0) @binding(4) var<storage, read_write> progress: array<u32>;
@group(1) @binding(0) var<uniform> step: StepInfo;

const WORKGROUP_SIZE: u32 = 64u;
const NONE: u32 = 0xffffffffu;
const LOWEST: f32 = -3.0e38;

// Per invocation: running max and sum of exp(x − max) (online logsumexp), best allowed logit and id.
var<workgroup> shared_max: array<f32, WORKGROUP_SIZE>;
var<workgroup> shared_sum: array<f32, WORKGROUP_SIZE>;
var<workgroup> shared_best: array<f32, WORKGROUP_SIZE>;
var<workgroup> shared_id: array<u32, WORKGROUP_SIZE>;

fn allowed(id: u32, generated: u32) -> bool {
  if (id == params.pad_id || id == params.bos_id) {
    return false;
  }
  return id != params.eos_id || generated >= params.min_length;
}

// Whether (value, id) beats (best, best_id): larger value, lower id on ties.
fn better(value: f32, id: u32, best: f32, best_id: u32) -> bool {
  return best_id == NONE || value > best || (value == best && id < best_id);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let n = linear_workgroup_index(wid, nwg);
  let N = params.rows;
  let V = params.vocab;
  let t = step.t;
  var vocab = 0u;
  if (n < N) {
    vocab = V;
  }
  // Every row still generating has generated exactly t tokens before this step.
  var running_max = LOWEST;
  var running_sum = 0.0;
  var best = LOWEST;
  var best_id = NONE;
  for (var id = lane; id < vocab; id += WORKGROUP_SIZE) {
    let x = logits[n * V + id];
    if (x > running_max) {
      running_sum = running_sum * exp(running_max - x) + 1.0;
      running_max = x;
    } else {
      running_sum += exp(x - running_max);
    }
    if (allowed(id, t) && better(x, id, best, best_id)) {
      best = x;
      best_id = id;
    }
  }
  shared_max[lane] = running_max;
  shared_sum[lane] = running_sum;
  shared_best[lane] = best;
  shared_id[lane] = best_id;
  workgroupBarrier();
  if (lane != 0u || n >= N) {
    return;
  }

  var row_max = LOWEST;
  for (var k = 0u; k < WORKGROUP_SIZE; k++) {
    row_max = max(row_max, shared_max[k]);
  }
  var total = 0.0;
  for (var k = 0u; k < WORKGROUP_SIZE; k++) {
    total += shared_sum[k] * exp(shared_max[k] - row_max);
    if (shared_id[k] != NONE && better(shared_best[k], shared_id[k], best, best_id)) {
      best = shared_best[k];
      best_id = shared_id[k];
    }
  }

  let next = (t + 1u) * N + n;
  if (progress[n] != 0u || best_id == NONE) {
    progress[n] = 1u;
    history[next] = params.eos_id;
    return;
  }
  let log_prob = best - (row_max + log(total));
  progress[2u * N + n] = bitcast<u32>(bitcast<f32>(progress[2u * N + n]) + log_prob);
  progress[N + n] = t + 1u;
  history[next] = best_id;
  if (best_id == params.eos_id || t + 1u >= max_lengths[n]) {
    progress[n] = 1u;
  }
}
