// Test-only: lib/rng.wgsl's random_uniform on a list of keys, so its bits can be compared with
// randomUniform (src/model/sampling.ts) on many keys without running a draw.
//! include lib/rng.wgsl

struct ProbeParams {
  count: u32,
}

@group(0) @binding(0) var<uniform> params: ProbeParams;
// u32 [count × 3]: (seed, sentence, step) per key.
@group(0) @binding(1) var<storage, read> keys: array<u32>;
// f32 [count]: random_uniform of each key.
@group(0) @binding(2) var<storage, read_write> uniforms: array<f32>;

@compute @workgroup_size(64)
fn rng_probe(@builtin(global_invocation_id) gid: vec3<u32>) {
  let i = gid.x;
  if (i >= params.count) {
    return;
  }
  uniforms[i] = random_uniform(keys[3u * i], keys[3u * i + 1u], keys[3u * i + 2u]);
}
