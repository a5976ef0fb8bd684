// Pointwise activations with clamped arguments, the twins of src/cpu/activations.ts.
//
// exp overflows f32 past ~88, and some drivers build tanh from exp, so an unclamped huge
// pre-activation can give inf/inf = NaN. σ(±30) and tanh(±20) already round to 0/1 and ±1 in
// f32, so clamping there changes no result and keeps every path finite.

const SIGMOID_CLAMP: f32 = 30.0;
const TANH_CLAMP: f32 = 20.0;

fn sigmoid_clamped(x: f32) -> f32 {
  let v = clamp(x, -SIGMOID_CLAMP, SIGMOID_CLAMP);
  return 1.0 / (1.0 + exp(-v));
}

fn tanh_clamped(x: f32) -> f32 {
  return tanh(clamp(x, -TANH_CLAMP, TANH_CLAMP));
}

// max(x, 0) as the twin writes it (x > 0 ? x : 0), so NaN gives 0 on both sides.
fn relu(x: f32) -> f32 {
  return select(0.0, x, x > 0.0);
}
