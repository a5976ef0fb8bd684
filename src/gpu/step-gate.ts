/**
 * Stops a chunk of decoder steps from computing once every search in it has ended. A chunk is
 * recorded before the host knows when its rows finish, so up to a chunk of steps used to run for
 * nothing after the last row's EOS. With a gate, each step starts with the gate kernel
 * (src/gpu/kernels/step-gate.ts), and the step's kernels are recorded through a gated pass, which
 * turns each dispatch into an indirect one reading its grid from the gate's arguments: the full
 * grid while the search goes on, zero workgroups after.
 *
 * Each distinct grid gets a slot of the arguments the first time it is dispatched; the full grids
 * are uploaded by `flush()` before the submit. Past MAX_SLOTS distinct grids a dispatch stays
 * direct (it still runs, as without a gate).
 */
import { createStorageBuffer } from './buffers.ts';
import type { KernelPipeline } from './kernel.ts';
import { planStepGate, type StepGateFlags } from './kernels/step-gate.ts';
import type { Plan } from './launch.ts';

/** Distinct grids a gate can hold; a decoder step has far fewer kernels. */
const MAX_SLOTS = 64;
const GRID_BYTES = 12;

export interface StepGateOptions extends StepGateFlags {
  label: string;
  /** The finished flags (greedy) or the beam state holding the live counts. */
  flags: GPUBuffer;
}

export class StepGate {
  private readonly slots = new Map<string, number>();
  private readonly grids = new Uint32Array(MAX_SLOTS * 3);
  private uploaded = 0;

  private constructor(
    private readonly device: GPUDevice,
    private readonly gridBuffer: GPUBuffer,
    private readonly args: GPUBuffer,
    private readonly plan: Plan,
  ) {}

  static create(device: GPUDevice, compiled: KernelPipeline, options: StepGateOptions): StepGate {
    const { label } = options;
    const gridBuffer = createStorageBuffer(device, `${label} full grids`, MAX_SLOTS * GRID_BYTES);
    const args = createStorageBuffer(device, `${label} gated grids`, MAX_SLOTS * GRID_BYTES, GPUBufferUsage.INDIRECT);
    try {
      const plan = planStepGate(device, compiled, {
        ...options,
        grids: gridBuffer,
        args,
        words: MAX_SLOTS * 3,
      });
      return new StepGate(device, gridBuffer, args, plan);
    } catch (error) {
      gridBuffer.destroy();
      args.destroy();
      throw error;
    }
  }

  /**
   * Records steps first..end−1: each starts with the gate (after the step before it chose its
   * tokens), then `recordStep` records the step's kernels through the gated pass.
   */
  recordSteps(
    pass: GPUComputePassEncoder,
    first: number,
    end: number,
    recordStep: (gated: GPUComputePassEncoder, t: number) => void,
  ): void {
    const gated = this.gated(pass);
    for (let t = first; t < end; t++) {
      this.plan.record(pass);
      recordStep(gated, t);
    }
  }

  /**
   * `pass` with its dispatches made indirect through the gate's arguments; everything else goes
   * to `pass` itself. Plans record into it as into any pass.
   */
  private gated(pass: GPUComputePassEncoder): GPUComputePassEncoder {
    const dispatch = (x: number, y = 1, z = 1) => {
      const slot = this.slot(x, y, z);
      if (slot === undefined) pass.dispatchWorkgroups(x, y, z);
      else pass.dispatchWorkgroupsIndirect(this.args, slot * GRID_BYTES);
    };
    return new Proxy(pass, {
      get(target, property) {
        if (property === 'dispatchWorkgroups') return dispatch;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  /** Uploads the full grids of the slots taken since the last flush; call before submitting. */
  flush(): void {
    if (this.uploaded === this.slots.size) return;
    this.device.queue.writeBuffer(this.gridBuffer, 0, this.grids);
    this.uploaded = this.slots.size;
  }

  destroy(): void {
    this.plan.destroy();
    this.gridBuffer.destroy();
    this.args.destroy();
  }

  private slot(x: number, y: number, z: number): number | undefined {
    const key = `${x},${y},${z}`;
    let slot = this.slots.get(key);
    if (slot === undefined) {
      if (this.slots.size === MAX_SLOTS) return undefined;
      slot = this.slots.size;
      this.slots.set(key, slot);
      this.grids.set([x, y, z], slot * 3);
    }
    return slot;
  }
}
