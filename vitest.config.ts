import { configDefaults, defineConfig } from 'vitest/config';

// Test tiers, one vitest project each (`vitest run --project unit`):
//   unit     no GPU, no build: the model format, the CPU reference, the API and CLI on the cpu
//            backend, the demo's pure parts, the lint rules, the GPU debug hook;
//   package  the built package (dist/, bin/): `npm run build` first;
//   e2e      the demo and a smoke page in headless Chromium;
//   model    the shipped model models/en-es on both backends;
//   gpu      every other test: WebGPU through Dawn (SwiftShader without a GPU). A new test file
//            lands here unless it is listed in another tier.
const unit = [
  'test/model/**/*.test.ts',
  'test/cpu/**/*.test.ts',
  'test/demo/**/*.test.ts',
  'test/lint/**/*.test.ts',
  'test/debug/**/*.test.ts',
  'test/engine/compare.test.ts',
  'test/api/api-cpu.test.ts',
  'test/cli/cli.test.ts',
  'test/faults/model-files-fuzz.test.ts',
  'test/faults/model-file-types.test.ts',
  // Under test/gpu but pure: layouts, reflection and driver choice, no device.
  'test/gpu/beam-readout.test.ts',
  'test/gpu/decoder-readout.test.ts',
  'test/gpu/encoder-weights.test.ts',
  'test/gpu/kernel.test.ts',
  'test/gpu/wgsl-include.test.ts',
  'test/gpu/vulkan-drivers.test.ts',
  'test/api/api-options.test.ts',
  'test/cli/cli-options.test.ts',
  'test/api/tokenizer-cpu.test.ts',
];
const pkg = ['test/cli/bin.test.ts', 'test/api/package-entries.test.ts'];
const e2e = ['test/e2e/**/*.test.ts'];
const model = ['test/model-en-es/**/*.test.ts'];

export default defineConfig({
  test: {
    pool: 'forks',
    // SwiftShader compiles shaders slowly on 2 cores: GPU tests get generous limits.
    testTimeout: 120_000,
    hookTimeout: 180_000,
    projects: [
      { extends: true, test: { name: 'unit', include: unit } },
      { extends: true, test: { name: 'package', include: pkg } },
      { extends: true, test: { name: 'e2e', include: e2e } },
      { extends: true, test: { name: 'model', include: model } },
      {
        extends: true,
        test: {
          name: 'gpu',
          include: ['test/**/*.test.ts'],
          exclude: [...configDefaults.exclude, ...unit, ...pkg, ...e2e, ...model],
          // Live-buffer and submit/readback counts for leak and budget checks.
          setupFiles: ['test/setup/gpu-debug.ts'],
        },
      },
    ],
  },
});
