/**
 * Setup file of the `worker` test project: applies worker/migrations to the test D1 database.
 * Setup files run outside the per-file storage isolation and may run more than once;
 * `applyD1Migrations` skips what is already applied.
 */
import { applyD1Migrations, type D1Migration } from 'cloudflare:test';
import { env } from 'cloudflare:workers';

const testEnv = env as unknown as { DB: D1Database; TEST_MIGRATIONS: D1Migration[] };
await applyD1Migrations(testEnv.DB, testEnv.TEST_MIGRATIONS);
