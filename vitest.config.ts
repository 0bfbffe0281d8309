import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: { conditions: ['yunkit-source'] },
  ssr: { resolve: { conditions: ['yunkit-source'] } },
  test: {
    include: ['packages/*/test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    // Tests talk to emulators on loopback; a developer's HTTPS_PROXY must not capture that traffic.
    env: { NO_PROXY: '127.0.0.1,localhost,::1', no_proxy: '127.0.0.1,localhost,::1' },
    reporters: ['default', './vitest.summary-reporter.ts'],
  },
});
