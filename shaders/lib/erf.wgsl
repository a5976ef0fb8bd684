// erf, erfc and gelu in f32, for the Transformer's feed-forward epilogue (shaders/matmul.wgsl); the
// twins are src/cpu/transformer/erf.ts.
//
// The rational approximations are fdlibm's (Sun's s_erf.c, its float port s_erff.c), a few ulp
// from the true value on every interval, erfc accurate relative to itself in the tail (no 1 − erf
// cancellation), which gelu(x) = ½·x·erfc(−x/√2) needs for negative x. Beyond |x| ≥ 1.25 erfc is
// e^(−x²)·(a slowly varying factor)/x; e^(−x²) is evaluated as e^(−hi)·e^(−lo) with hi exact, since
// rounding x² itself would cost x²·2⁻²⁴ relative.

// erx = erf(1) rounded to f32; [0.84375, 1.25) is approximated as erx ± P/Q(|x| − 1).
const ERF_ERX: f32 = 8.4506291151e-01;
// erfc(x) underflows f32 for x ≥ 10 (erfc(10) ≈ 2e-45).
const ERFC_UNDERFLOW: f32 = 10.0;

// (erf(x) − x) / x on |x| < 0.84375, as a rational function of z = x².
fn erf_small_ratio(z: f32) -> f32 {
  let r = 1.2837916613e-01 + z * (-3.2504209876e-01 + z * (-2.8481749818e-02 + z * (-5.7702702470e-03 + z * -2.3763017452e-05)));
  let s = 1.0 + z * (3.9791721106e-01 + z * (6.5022252500e-02 + z * (5.0813062117e-03 + z * (1.3249473704e-04 + z * -3.9602282413e-06))));
  return r / s;
}

// erf(|x|) − erx on 0.84375 ≤ |x| < 1.25, as a rational function of s = |x| − 1.
fn erf_near_one(s: f32) -> f32 {
  let p = -2.3621185683e-03 + s * (4.1485610604e-01 + s * (-3.7220788002e-01 + s * (3.1834661961e-01 + s * (-1.1089469492e-01 + s * (3.5478305072e-02 + s * -2.1663755178e-03)))));
  let q = 1.0 + s * (1.0642088205e-01 + s * (5.4039794207e-01 + s * (7.1828655899e-02 + s * (1.2617121637e-01 + s * (1.3637083583e-02 + s * 1.1984500103e-02)))));
  return p / q;
}

// a·erfc(a) for 1.25 ≤ a < ERFC_UNDERFLOW, given a² = square_hi + square_lo where square_hi is the
// exact square of a 12-bit value (halved for gelu), so −square_hi − 0.5625 rounds not at all, or
// by half an ulp when it crosses a power of two. Without the division
// by a, so a caller that multiplies by x next (gelu) does not pass through a flushed subnormal.
fn scaled_erfc_tail(a: f32, square_hi: f32, square_lo: f32) -> f32 {
  let s = 1.0 / (a * a);
  var r: f32;
  var q: f32;
  if (a < 1.0 / 0.35) {
    r = -9.8649440333e-03 + s * (-6.9385856390e-01 + s * (-1.0558626175e+01 + s * (-6.2375331879e+01 + s * (-1.6239666748e+02 + s * (-1.8460508728e+02 + s * (-8.1287437439e+01 + s * -9.8143291473e+00))))));
    q = 1.0 + s * (1.9651271820e+01 + s * (1.3765776062e+02 + s * (4.3456588745e+02 + s * (6.4538726807e+02 + s * (4.2900814819e+02 + s * (1.0863500214e+02 + s * (6.5702495575e+00 + s * -6.0424413532e-02)))))));
  } else {
    r = -9.8649431020e-03 + s * (-7.9928326607e-01 + s * (-1.7757955551e+01 + s * (-1.6063638306e+02 + s * (-6.3756646729e+02 + s * (-1.0250950928e+03 + s * -4.8351919556e+02)))));
    q = 1.0 + s * (3.0338060379e+01 + s * (3.2579251099e+02 + s * (1.5367296143e+03 + s * (3.1998581543e+03 + s * (2.5530502930e+03 + s * (4.7452853394e+02 + s * -2.2440952301e+01))))));
  }
  return exp(-square_hi - 0.5625) * exp(-square_lo + r / q);
}

// x with the low 12 bits of its significand cleared: 12 significant bits, so its square is exact.
fn split_high(x: f32) -> f32 {
  return bitcast<f32>(bitcast<u32>(x) & 0xfffff000u);
}

// erfc(a) for 1.25 ≤ a < ERFC_UNDERFLOW.
fn erfc_tail(a: f32) -> f32 {
  let hi = split_high(a);
  return scaled_erfc_tail(a, hi * hi, (a - hi) * (a + hi)) / a;
}

fn erf(x: f32) -> f32 {
  let a = abs(x);
  if (a < 0.84375) {
    return x + x * erf_small_ratio(x * x);
  }
  var value: f32;
  if (a < 1.25) {
    value = ERF_ERX + erf_near_one(a - 1.0);
  } else if (a < 6.0) {
    value = 1.0 - erfc_tail(a);
  } else {
    value = 1.0;
  }
  return select(value, -value, x < 0.0);
}

// 1 − erf(x), accurate relative to itself for large positive x.
fn erfc(x: f32) -> f32 {
  let a = abs(x);
  if (a < 0.84375) {
    let y = x * erf_small_ratio(x * x);
    if (x < 0.25) {
      return 1.0 - (x + y);
    }
    // 0.5 − (x − 0.5 + y): x − 0.5 is exact here, so the cancellation loses nothing.
    return 0.5 - (x - 0.5 + y);
  }
  if (a < 1.25) {
    let p = erf_near_one(a - 1.0);
    if (x >= 0.0) {
      return (1.0 - ERF_ERX) - p;
    }
    return 1.0 + (ERF_ERX + p);
  }
  var tail = 0.0;
  if (a < ERFC_UNDERFLOW) {
    tail = erfc_tail(a);
  }
  return select(tail, 2.0 - tail, x < 0.0);
}

// gelu(x) = ½·x·erfc(−x/√2), the erf form (torch's default). For x ≤ −1.25·√2 the tail's x²/2
// comes from x itself, split exactly, so the rounding of −x/√2 does not reach the exponent.
fn gelu(x: f32) -> f32 {
  let y = x * -0.70710678118654752;
  let a = abs(y);
  if (a < 1.25) {
    return 0.5 * x * erfc(y);
  }
  // ½·x·erfc(a) = (½·x/a)·(a·erfc(a)), with |½·x/a| = 1/√2.
  var tail = 0.0;
  if (a < ERFC_UNDERFLOW) {
    let ax = abs(x);
    let hi = split_high(ax);
    tail = (0.5 * x / a) * scaled_erfc_tail(a, 0.5 * (hi * hi), 0.5 * ((ax - hi) * (ax + hi)));
  }
  if (y < 0.0) {
    // x > 0: ½·x·(2 − erfc(a)).
    return x - tail;
  }
  return tail;
}
