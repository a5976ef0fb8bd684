// The per-row token mask of the search constraints (forced prefix, n-gram blocking), written by
// shaders/constraints.wgsl before a step's choice and honoured by every kernel that chooses a
// token (greedy_select, beam_slices, the sampling kernel), so they all block the same tokens.
//
// Needs from the kernel: a storage binding `token_mask: array<u32>` [rows × vocab], 0 allowed and
// 1 blocked. A kernel planned without constraints binds a 4-byte placeholder and passes
// mask_on = 0, so the mask is never read.

fn mask_allows(mask_on: u32, row: u32, vocab: u32, id: u32) -> bool {
  return mask_on == 0u || token_mask[row * vocab + id] == 0u;
}
