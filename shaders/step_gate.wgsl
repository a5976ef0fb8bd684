// Step gate: at the start of a decoder step, the indirect dispatch arguments of every kernel of
// the step, copied from their full grids while some row (greedy) or sentence (beam) still goes on,
// else zero workgroups, so the rest of a chunk costs nothing once every search has ended.
// The twin is src/cpu/step-gate.ts. One workgroup; each invocation scans the flags (a few hundred
// words), so no barrier is needed.
//
// flags[offset + i], i < count: greedy's finished flags (the search goes on while one is 0) or
// beam search's live counts (it goes on while one is not 0), by `goes_on_while_zero`.

struct GateParams {
  words: u32,               // 3 × the kernels' grids (x, y, z each)
  count: u32,
  offset: u32,
  goes_on_while_zero: u32,  // 1: greedy finished flags; 0: beam live counts
}

@group(0) @binding(0) var<uniform> params: GateParams;
@group(0) @binding(1) var<storage, read> flags: array<u32>;
@group(0) @binding(2) var<storage, read> grids: array<u32>;
@group(0) @binding(3) var<storage, read_write> args: array<u32>;

override WORKGROUP_SIZE: u32 = 64u;

fn goes_on() -> bool {
  for (var i = 0u; i < params.count; i++) {
    let zero = flags[params.offset + i] == 0u;
    if (zero == (params.goes_on_while_zero != 0u)) {
      return true;
    }
  }
  return false;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn main(@builtin(local_invocation_index) lane: u32) {
  let open = goes_on();
  for (var w = lane; w < params.words; w += WORKGROUP_SIZE) {
    args[w] = select(0u, grids[w], open);
  }
}
