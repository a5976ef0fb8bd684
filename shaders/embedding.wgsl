// Embedding gather: out[row r] = table[ids[r]] for r < rows, one invocation per output element.
// An id past the table (id >= vocab) gives a row of zeros, never an out-of-bounds read.
//! include lib/grid.wgsl
//! include lib/step.wgsl
//
// Two entry points share the code:
//   gather       ids at ids_offset + r, rows written at out_offset + r·ldo (e.g. the encoder's
//                B·T source ids in one dispatch);
//   gather_step  adds step.t · ids_step to the id index and step.t · out_step to the output
//                element offset, with t from the step table (e.g. a decoder step reading its
//                previous tokens from history[t][·] with ids_step = N).
// ldo >= dim lets the rows land in a column range of a wider matrix (out_offset = first column).

struct EmbeddingParams {
  rows: u32,
  dim: u32,
  vocab: u32,
  // Element offset of the table inside its buffer (one table of several).
  table_offset: u32,
  ids_offset: u32,
  ids_step: u32,
  out_offset: u32,
  // Row stride of the output, >= dim.
  ldo: u32,
  out_step: u32,
}

@group(0) @binding(0) var<uniform> params: EmbeddingParams;
@group(0) @binding(1) var<storage, read> table: array<f32>;
@group(0) @binding(2) var<storage, read> ids: array<u32>;
@group(0) @binding(3) var<storage, read_write> out: array<f32>;
@group(1) @binding(0) var<uniform> step: StepInfo;

override WORKGROUP_SIZE: u32 = 64u;

fn gather_element(element: u32, ids_base: u32, out_base: u32) {
  let r = element / params.dim;
  let e = element % params.dim;
  let id = ids[ids_base + r];
  var value = 0.0;
  if (id < params.vocab) {
    value = table[params.table_offset + id * params.dim + e];
  }
  out[out_base + r * params.ldo + e] = value;
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn gather(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let element = linear_workgroup_index(wid, nwg) * WORKGROUP_SIZE + lane;
  if (element >= params.rows * params.dim) {
    return;
  }
  gather_element(element, params.ids_offset, params.out_offset);
}

@compute @workgroup_size(WORKGROUP_SIZE)
fn gather_step(
  @builtin(workgroup_id) wid: vec3<u32>,
  @builtin(num_workgroups) nwg: vec3<u32>,
  @builtin(local_invocation_index) lane: u32,
) {
  let element = linear_workgroup_index(wid, nwg) * WORKGROUP_SIZE + lane;
  if (element >= params.rows * params.dim) {
    return;
  }
  gather_element(element, params.ids_offset + step.t * params.ids_step, params.out_offset + step.t * params.out_step);
}
