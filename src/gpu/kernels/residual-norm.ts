/**
 * Residual add and layer norm on the GPU (shaders/residual_norm.wgsl), one invocation per row:
 * sum = a + b (b optional), normed = LayerNorm(sum)·γ + β with the biased variance, two passes
 * (mean first). The twin is residualNorm in src/cpu/transformer/ops.ts.
 *
 *   const compiled = await prepareResidualNorm(device);
 *   const plan = planResidualNorm(device, compiled, { rows, width, a, b, sum, normed, gamma, beta, eps });
 *   plan.record(pass);
 */
import residualNormSource from '../../../shaders/residual_norm.wgsl?raw';
import { GpuError } from '../../errors.ts';
import { defineKernel, getPipeline, type KernelPipeline } from '../kernel.ts';
import { checkPipeline, type Plan, planLaunch } from '../launch.ts';
import { checkCount, matrixOperand, type MatrixOperand, vectorOperand, type VectorOperand } from '../operands.ts';

const residualNormKernelDefinition = defineKernel({ name: 'residual norm', source: residualNormSource });

/** Rows per workgroup, one invocation each (WORKGROUP_SIZE in the shader). */
const RESIDUAL_NORM_WORKGROUP_SIZE = 8;

export function prepareResidualNorm(device: GPUDevice): Promise<KernelPipeline> {
  return getPipeline(device, residualNormKernelDefinition, { WORKGROUP_SIZE: RESIDUAL_NORM_WORKGROUP_SIZE });
}

export interface ResidualNormSpec {
  rows: number;
  width: number;
  /** [rows × width]. */
  a: MatrixOperand;
  /** [rows × width], the residual added to a; none: the norm of a alone. */
  b?: MatrixOperand;
  /** Output a + b, [rows × width]; none: not written. */
  sum?: MatrixOperand;
  /** Output LayerNorm(a + b)·γ + β, [rows × width]. */
  normed: MatrixOperand;
  gamma: VectorOperand;
  beta: VectorOperand;
  eps: number;
  label?: string;
}

/** Outputs may not share a buffer with an input or with each other (WebGPU forbids a writable binding aliasing another). */
export function planResidualNorm(device: GPUDevice, compiled: KernelPipeline, spec: ResidualNormSpec): Plan {
  const label = spec.label ?? 'residual norm';
  checkPipeline(label, compiled, residualNormKernelDefinition);
  const { rows, width, eps } = spec;
  checkCount(label, 'rows', rows);
  checkCount(label, 'width', width);
  if (!(Number.isFinite(eps) && eps >= 0)) throw new GpuError(`${label}: eps must be a finite number >= 0, got ${eps}`);
  const a = matrixOperand(label, 'a', spec.a, rows, width);
  const b = spec.b ? matrixOperand(label, 'b', spec.b, rows, width) : undefined;
  const sum = spec.sum ? matrixOperand(label, 'sum', spec.sum, rows, width) : undefined;
  const normed = matrixOperand(label, 'normed', spec.normed, rows, width);
  const gamma = vectorOperand(label, 'gamma', spec.gamma, width);
  const beta = vectorOperand(label, 'beta', spec.beta, width);
  return planLaunch(device, compiled, {
    label,
    uniforms: {
      params: {
        rows,
        width,
        a_offset: a.offset,
        lda: a.stride,
        b_offset: b?.offset ?? 0,
        ldb: b?.stride ?? 0,
        has_b: b ? 1 : 0,
        sum_offset: sum?.offset ?? 0,
        ld_sum: sum?.stride ?? 0,
        has_sum: sum ? 1 : 0,
        normed_offset: normed.offset,
        ld_normed: normed.stride,
        gamma_offset: gamma.offset,
        beta_offset: beta.offset,
        eps,
      },
    },
    // An absent b or sum binds a placeholder the plan owns; the shader never touches it.
    operands: {
      a: a.operand,
      b: b?.operand ?? null,
      sum: sum?.operand ?? null,
      normed: normed.operand,
      gamma: gamma.operand,
      beta: beta.operand,
    },
    // An empty row has no mean: nothing to dispatch.
    workgroups: width === 0 ? 0 : Math.ceil(rows / RESIDUAL_NORM_WORKGROUP_SIZE),
  });
}
