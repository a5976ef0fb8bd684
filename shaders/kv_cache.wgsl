// The decoder's self-attention key/value cache, [rows × capacity × width] for keys and values.
//
// append: at step t, row n of this step's k and v (views of the projection, row strides ldk and
// ldv) goes to cache position t of row n: cache[(n·capacity + t)·width + j]. One invocation per
// element of k (and the same of v). A step past the capacity writes nothing.
//! include lib/grid.wgsl
//! include lib/step.wgsl

struct KvAppendParams {
  rows: u32,
  width: u32,
  capacity: u32,
  k_offset: u32,
  ldk: u32,
  v_offset: u32,
  ldv: u32,
}

@group(0) @binding(0) var<uniform> append_params: KvAppendParams;
@group(0) @binding(1) var<storage, read> append_k: array<f32>;
@group(0) @binding(2) var<storage, read> append_v: array<f32>;
@group(0) @binding(3) var<storage, read_write> k_cache: array<f32>;
@group(0) @binding(4) var<storage, read_write> v_cache: array<f32>;
@group(1) @binding(0) var<uniform> step: StepInfo;

const APPEND_WORKGROUP_SIZE: u32 = 64u;

@compute @workgroup_size(APPEND_WORKGROUP_SIZE)
fn append(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let p = append_params;
  let element = linear_workgroup_index(wid, nwg) * APPEND_WORKGROUP_SIZE + lane;
  if (element >= p.rows * p.width || step.t >= p.capacity) {
    return;
  }
  let n = element / p.width;
  let j = element % p.width;
  let slot = (n * p.capacity + step.t) * p.width + j;
  k_cache[slot] = append_k[p.k_offset + n * p.ldk + j];
  v_cache[slot] = append_v[p.v_offset + n * p.ldv + j];
}

// ---- kv_reorder: the cache follows the beam (src/gpu/kernels/kv-reorder.ts) ----
//
// After beam step t, slot n of sentence b = n / K continues the hypothesis that was in slot
// parents[t][n] (written by beam_select, src/gpu/kernels/beam-layout.ts): the cache rows of
// positions 0..t of one layer follow their parent. Mode 0 gathers them into `kv_spare`, mode 1
// copies them back, two dispatches as beam_reorder does for the RNN state, since a gather in
// place would overwrite rows still to be read. A physical reorder (rather than parent
// indirection) keeps the append and the causal attention unaware of beams.
// Uses `step` and `linear_workgroup_index` declared above; its own names start with kv_.

struct KvReorderParams {
  rows: u32,      // N = B·K
  beam: u32,      // K
  width: u32,     // D
  capacity: u32,  // C cache positions per row
  parents: u32,   // word offset of parents[0][0] in kv_beams
  mode: u32,      // 0: gather into kv_spare, 1: copy back
}

@group(0) @binding(8) var<uniform> kv_params: KvReorderParams;
@group(0) @binding(9) var<storage, read> kv_beams: array<u32>;
// [N × C × D] each
@group(0) @binding(10) var<storage, read_write> kv_keys: array<f32>;
@group(0) @binding(11) var<storage, read_write> kv_values: array<f32>;
// [2 × N × C × D]
@group(0) @binding(12) var<storage, read_write> kv_spare: array<f32>;

const KV_REORDER_WORKGROUP: u32 = 64u;

@compute @workgroup_size(KV_REORDER_WORKGROUP)
fn kv_reorder(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let index = linear_workgroup_index(wid, nwg) * KV_REORDER_WORKGROUP + lane;
  let D = kv_params.width;
  let C = kv_params.capacity;
  let per_cache = kv_params.rows * C * D;
  if (index >= 2u * per_cache) {
    return;
  }
  let which = index / per_cache;
  let within = index % per_cache;
  let n = within / (C * D);
  let position = (within / D) % C;
  // Positions past t hold nothing yet.
  if (position > step.t) {
    return;
  }
  if (kv_params.mode == 0u) {
    let parent = min(kv_beams[kv_params.parents + step.t * kv_params.rows + n], kv_params.beam - 1u);
    let source = ((n / kv_params.beam) * kv_params.beam + parent) * C * D + within % (C * D);
    if (which == 0u) {
      kv_spare[index] = kv_keys[source];
    } else {
      kv_spare[index] = kv_values[source];
    }
  } else {
    if (which == 0u) {
      kv_keys[within] = kv_spare[index];
    } else {
      kv_values[within] = kv_spare[index];
    }
  }
}
