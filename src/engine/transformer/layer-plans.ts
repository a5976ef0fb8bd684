/**
 * Plans for a stack of Transformer sublayers, in recording order. Both the encoder (B·T rows at
 * once) and a decoder step (N rows) are a list of sublayers x' = wrap(f), each ending in a
 * linear layer (out_proj or linear2):
 *
 *   post-norm  f's last linear writes `tmp`; x' = LN(x + tmp) into the other residual buffer
 *              (a norm's output may not alias its input, so the residual stream ping-pongs);
 *   pre-norm   n = LN(x); f(n); f's last linear accumulates into x (matmul `accumulate`): x += f(n).
 */
import type { KernelPipeline } from '../../gpu/kernel.ts';
import { planMatmul } from '../../gpu/kernels/matmul.ts';
import { planResidualNorm } from '../../gpu/kernels/residual-norm.ts';
import type { Plan } from '../../gpu/launch.ts';
import type { MatrixOperand } from '../../gpu/operands.ts';
import type { LinearBuffers, NormBuffers } from '../../gpu/transformer-weights.ts';
import type { TransformerConfig } from '../../model/config.ts';
import type { TransformerPipelines } from './pipelines.ts';

/** f's last linear layer: a [rows × inputs] through `linear` (out = D). */
interface FinalLinear {
  a: MatrixOperand;
  inputs: number;
  linear: LinearBuffers;
  label: string;
}

/** The buffers a stack of sublayers works in, each [rows × D]. */
interface ResidualBuffers {
  /** Holds the stack's input; the residual stream starts here. */
  x: GPUBuffer;
  /** The other half of the post-norm ping-pong. */
  other: GPUBuffer;
  /** Pre-norm: LN(x), f's input. */
  normed: GPUBuffer;
  /** Post-norm: f's output before the residual add. */
  tmp: GPUBuffer;
}

export class LayerPlans {
  /** Plans in recording order; a plan with a step table is recorded for the current step. */
  readonly plans: Plan[] = [];
  /** The buffer holding the residual stream now. */
  private current: GPUBuffer;

  constructor(
    private readonly device: GPUDevice,
    private readonly pipelines: TransformerPipelines,
    private readonly config: TransformerConfig,
    /** Rows of the residual stream. */
    readonly rows: number,
    private readonly buffers: ResidualBuffers,
    private readonly label: string,
  ) {
    this.current = buffers.x;
  }

  /** The buffer that holds the stream after the sublayers added so far. */
  get x(): GPUBuffer {
    return this.current;
  }

  add(plan: Plan): Plan {
    this.plans.push(plan);
    return plan;
  }

  /** out = act(a·Wᵀ + b) for a linear layer whose rows start at `rowOffset` of its weight. */
  linear(
    name: string,
    a: MatrixOperand,
    inputs: number,
    outputs: number,
    linear: LinearBuffers,
    c: MatrixOperand,
    options: { rowOffset?: number; activated?: boolean; accumulate?: boolean; rows?: number } = {},
  ): Plan {
    const rowOffset = options.rowOffset ?? 0;
    const compiled: KernelPipeline = options.activated ? this.pipelines.matmulActivated : this.pipelines.matmul;
    return this.add(
      planMatmul(this.device, compiled, {
        label: `${this.label} ${name}`,
        m: options.rows ?? this.rows,
        n: outputs,
        k: inputs,
        a,
        b: { buffer: linear.weight, offset: rowOffset * inputs },
        bias: { buffer: linear.bias, offset: rowOffset },
        c,
        accumulate: options.accumulate,
      }),
    );
  }

  /** y = LN(a (+ b))·γ + β into `normed`. */
  norm(name: string, norm: NormBuffers, a: GPUBuffer, b: GPUBuffer | undefined, normed: GPUBuffer): Plan {
    return this.add(
      planResidualNorm(this.device, this.pipelines.residualNorm, {
        label: `${this.label} ${name}`,
        rows: this.rows,
        width: this.config.d_model,
        a: { buffer: a },
        b: b && { buffer: b },
        normed: { buffer: normed },
        gamma: { buffer: norm.gamma },
        beta: { buffer: norm.beta },
        eps: this.config.layer_norm_eps,
      }),
    );
  }

  /** One sublayer wrapped as norm_first says; `body` plans f up to its last linear layer. */
  sublayer(name: string, norm: NormBuffers, body: (input: GPUBuffer) => FinalLinear): void {
    const D = this.config.d_model;
    const { normed, tmp } = this.buffers;
    if (this.config.norm_first) {
      this.norm(`${name} norm`, norm, this.current, undefined, normed);
      const last = body(normed);
      this.linear(last.label, last.a, last.inputs, D, last.linear, { buffer: this.current }, { accumulate: true });
      return;
    }
    const last = body(this.current);
    this.linear(last.label, last.a, last.inputs, D, last.linear, { buffer: tmp });
    const next = this.current === this.buffers.x ? this.buffers.other : this.buffers.x;
    this.norm(`${name} residual norm`, norm, this.current, tmp, next);
    this.current = next;
  }

  /** FF(x) = linear2(act(linear1(x))), the activation in linear1's epilogue. */
  feedForward(
    name: string,
    norm: NormBuffers,
    layer: { linear1: LinearBuffers; linear2: LinearBuffers },
    hidden: GPUBuffer,
  ): void {
    const D = this.config.d_model;
    const F = this.config.ffn_dim;
    this.sublayer(name, norm, (input) => {
      this.linear(`${name} linear1`, { buffer: input }, D, F, layer.linear1, { buffer: hidden }, { activated: true });
      return { a: { buffer: hidden }, inputs: F, linear: layer.linear2, label: `${name} linear2` };
    });
  }

  /** Records every plan; step-table plans for step t. */
  record(pass: GPUComputePassEncoder, t: number): void {
    for (const plan of this.plans) {
      if (plan.steps > 0) plan.record(pass, t);
      else plan.record(pass);
    }
  }

  destroy(): void {
    for (const plan of this.plans.splice(0)) plan.destroy();
  }
}
