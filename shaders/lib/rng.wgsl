// Sampling's counter-based random numbers (docs/decoding.md, "Sampling"), the GPU twin of
// randomUniform in src/model/sampling.ts. A pure function of the key (seed, sentence, step): no
// state is carried between steps or dispatches, so a draw never depends on batching, on the grid
// or on which other rows run. u32 arithmetic wraps mod 2³², exactly as the CPU's Math.imul / >>> 0.

// PCG-RXS-M-XS output on one state.
fn pcg_hash(x: u32) -> u32 {
  let state = x * 747796405u + 2891336453u;
  let word = ((state >> ((state >> 28u) + 4u)) ^ state) * 277803737u;
  return (word >> 22u) ^ word;
}

// In [0, 1): the hash's top 24 bits over 2²⁴. Both steps are exact in f32 (an integer below 2²⁴,
// then a power-of-two scale), so the GPU compares against the very number the CPU draws with.
fn random_uniform(seed: u32, sentence: u32, step: u32) -> f32 {
  let key = pcg_hash(seed ^ pcg_hash(sentence ^ pcg_hash(step)));
  return f32(key >> 8u) / 16777216.0;
}
