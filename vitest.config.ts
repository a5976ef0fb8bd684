import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // SwiftShader compiles shaders slowly on 2 cores: GPU tests get generous limits.
    testTimeout: 120_000,
    hookTimeout: 180_000,
  },
});
