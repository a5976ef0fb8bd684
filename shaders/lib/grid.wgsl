// Grid folding convention.
//
// A dispatch may have at most 65535 workgroups per dimension (maxComputeWorkgroupsPerDimension),
// so the host folds a long 1-D run of workgroups into a 2-D or 3-D grid (dispatchGrid in
// src/gpu/kernel.ts). Kernels never read workgroup_id.x as "the" workgroup index: they recover the
// linear index, x fastest, then y, then z:
//
//   linear = wid.x + nwg.x * (wid.y + nwg.y * wid.z)
//
// The folded grid can hold a few more workgroups than the work needs, so kernels must bound-check
// the index they derive from it (e.g. `if (i >= params.n) { return; }`).

fn linear_workgroup_index(wid: vec3<u32>, nwg: vec3<u32>) -> u32 {
  return wid.x + nwg.x * (wid.y + nwg.y * wid.z);
}
