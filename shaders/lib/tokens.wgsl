// Token choice shared by greedy decoding (shaders/log_softmax.wgsl) and beam search
// (shaders/beam_search.wgsl): which tokens may be chosen, and their order within a row, as
// src/cpu/search does it.

// No token: an empty candidate, or a row with nothing left to choose.
const NO_TOKEN: u32 = 0xffffffffu;
// The lowest finite f32: `x >= LOWEST` is false for −∞ and NaN only.
const LOWEST: f32 = bitcast<f32>(0xff7fffffu);

struct RankedToken {
  logit: f32,
  token: u32,
}

// Within a row: higher logit first, then lower id. NO_TOKEN ranks after every token, and
// before nothing, so a search can start from RankedToken(LOWEST, NO_TOKEN).
fn ranks_before(a: RankedToken, b: RankedToken) -> bool {
  return a.token != NO_TOKEN &&
      (b.token == NO_TOKEN || a.logit > b.logit || (a.logit == b.logit && a.token < b.token));
}

// The ids the rules name, from the kernel's uniform params.
struct TokenRules {
  pad_id: u32,
  bos_id: u32,
  eos_id: u32,
  min_length: u32,
}

// Whether token `id` with logit `value` may be chosen after t generated tokens: pad and bos never,
// eos not while t < min_length, and no token whose logit is −∞ or NaN.
fn allowed(rules: TokenRules, id: u32, value: f32, t: u32) -> bool {
  if (id == rules.pad_id || id == rules.bos_id || !(value >= LOWEST)) {
    return false;
  }
  return id != rules.eos_id || t >= rules.min_length;
}
