import path from 'node:path';
import { cloudflareTest, readD1Migrations } from '@cloudflare/vitest-plugin';
import { defineConfig } from 'vitest/config';

// Two kinds of test: plain Node (shared/, cli/, addin/, test/) and the Worker's, which run inside
// workerd against local D1 with the real migrations applied (see worker/test/apply-migrations.ts).
export default defineConfig(async () => {
  const migrations = await readD1Migrations(path.join(import.meta.dirname, 'worker/migrations'));
  return {
    test: {
      reporters: ['default', './test/summary-reporter.ts'],
      projects: [
        {
          test: {
            name: 'node',
            include: [
              'shared/**/*.test.ts',
              'cli/**/*.test.ts',
              'addin/**/*.test.ts',
              'test/**/*.test.ts',
            ],
            environment: 'node',
            testTimeout: 60_000,
          },
        },
        {
          plugins: [
            cloudflareTest({
              wrangler: { configPath: './wrangler.jsonc' },
              miniflare: { bindings: { TEST_MIGRATIONS: migrations } },
            }),
          ],
          test: {
            name: 'worker',
            include: ['worker/**/*.test.ts'],
            setupFiles: ['worker/test/apply-migrations.ts'],
            testTimeout: 120_000,
          },
        },
      ],
    },
  };
});
