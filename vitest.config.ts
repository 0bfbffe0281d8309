import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['yunkit-source'] },
  ssr: { resolve: { conditions: ['yunkit-source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default', './vitest.summary-reporter.ts'],
  },
});
