// Per-step values of an unrolled loop (encoder time steps, decoder steps).
//
// One uniform buffer holds an entry per step at a 256-byte stride (minUniformBufferOffsetAlignment);
// kernels bind it at @group(1) @binding(0) with a dynamic offset of t * 256, so one bind group
// serves every step and recording a step costs no buffer write. Built by createStepTable in
// src/gpu/step-table.ts.

struct StepInfo {
  t: u32,       // 0-based step index
  parity: u32,  // t % 2: selects the ping-pong half of double-buffered state
  pad0: u32,
  pad1: u32,
}
