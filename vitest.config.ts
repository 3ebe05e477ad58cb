import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'src/**/*.test.ts',
      'src/**/*.test.tsx',
      'resources/**/*.test.ts',
      'test-support/**/*.test.ts',
      'bench/**/*.test.ts',
    ],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // git and file-system tests are I/O bound; two workers match the two cores here.
    maxWorkers: 2,
  },
});
