import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { RnnConfig } from '../../src/model/config.ts';
import type { RnnModel } from '../../src/model/model.ts';
import { expectedTensors } from '../../src/model/tensor-spec.ts';

/** A file written by tools/fixtures/make_cpu_fixtures.py (fixture_format 1). */
export interface CpuFixture {
  fixture_format: number;
  generator: string;
  name: string;
  config: RnnConfig;
  weights: Record<string, { shape: number[]; data: number[] }>;
  sources: number[][];
  targets: number[][];
  expected: {
    outputs: number[][];
    h: number[][];
    c?: number[][];
    /** Full log-prob vector of each teacher-forced step (targets, then EOS). */
    logprobs: number[][];
    attention?: number[][];
  }[];
}

const FIXTURE_DIR = join(import.meta.dirname, '..', 'fixtures', 'cpu');

export function fixtureNames(): string[] {
  return readdirSync(FIXTURE_DIR)
    .filter((f) => f.endsWith('.json'))
    .sort();
}

export function loadFixture(file: string): CpuFixture {
  return JSON.parse(readFileSync(join(FIXTURE_DIR, file), 'utf8')) as CpuFixture;
}

/** The fixture's model; every expected tensor must be present with its spec shape. */
export function fixtureModel(fixture: CpuFixture): RnnModel {
  const weights = new Map<string, Float32Array>();
  for (const spec of expectedTensors(fixture.config)) {
    const tensor = fixture.weights[spec.name];
    if (!tensor) throw new Error(`${fixture.name}: missing ${spec.name}`);
    if (tensor.shape.join('x') !== spec.shape.join('x'))
      throw new Error(`${fixture.name}: ${spec.name} has shape [${tensor.shape.join(', ')}]`);
    weights.set(spec.name, Float32Array.from(tensor.data));
  }
  return { config: fixture.config, weights };
}
