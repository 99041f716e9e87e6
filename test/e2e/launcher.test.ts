/**
 * `npm start` under interruption, as a person (Ctrl-C) or a process manager (SIGTERM) does it: the
 * Worker never outlives the launcher, a port taken by something else is refused with a clear
 * message, and a seeding cut off half-way is finished by the next start.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Api } from '../../cli/api.ts';
import { readOrgFile } from '../../cli/org.ts';
import { generateDemoDistrict } from '../../scripts/demo-data.ts';
import { freePort, portTaken, ROOT } from '../../scripts/local-worker.ts';
import { DEMO_PASSWORD, DEMO_UNTIL } from '../../scripts/seed.ts';
import { newFigures, reportFigures } from './figures.ts';

const state = mkdtempSync(path.join(tmpdir(), 'minqing-launcher-'));
const running: ChildProcess[] = [];
const figures = newFigures();

// biome-ignore lint/correctness/noEmptyPattern: vitest reads a hook's fixtures from its first parameter's pattern
afterAll(({}, suite) => {
  for (const child of running) child.kill('SIGTERM');
  rmSync(state, { recursive: true, force: true });
  reportFigures(suite, figures);
});

/** `npm start` (Worker and demo district only) on `port`, its output collected. */
function launch(port: number) {
  const child = spawn(process.execPath, [path.join(ROOT, 'scripts/start.ts')], {
    cwd: ROOT,
    env: {
      ...process.env,
      MINQING_PORT: String(port),
      MINQING_STATE: state,
      MINQING_ADDIN: 'off',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.push(child);
  const run = { child, output: '' };
  child.stdout.on('data', (chunk: Buffer) => {
    run.output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    run.output += chunk.toString();
  });
  return run;
}

async function until(check: () => boolean | Promise<boolean>, what: string, ms = 180_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const exitCode = async (child: ChildProcess) =>
  child.exitCode ?? ((await once(child, 'exit')) as [number | null])[0];

describe('npm start under interruption', () => {
  it('refuses a port taken by something else, naming it, instead of claiming it started', async () => {
    figures.findingsReplayed++;
    const port = await freePort();
    const squatter = createServer().listen(port, '127.0.0.1');
    await once(squatter, 'listening');
    try {
      const run = launch(port);
      expect(await exitCode(run.child)).toBe(1);
      expect(run.output).toContain(`端口 ${port} 已被占用`);
      expect(run.output).not.toContain('已启动');
    } finally {
      squatter.close();
    }
  });

  it('SIGTERM while seeding stops the Worker; the next start finishes the seeding', async () => {
    const port = await freePort();
    const first = launch(port);
    await until(() => /演示数据 \d+\/\d+/.test(first.output), 'the seeding to begin');
    first.child.kill('SIGTERM');
    figures.faultsInjected++;
    figures.findingsReplayed++;
    expect(await exitCode(first.child)).toBe(143);
    // Nothing is left listening: the Worker went with the launcher.
    await until(async () => !(await portTaken(port)), 'the port to be free', 10_000);

    const second = launch(port);
    await until(() => second.output.includes('演示区已就绪'), 'the seeding to finish');
    expect(second.output).not.toContain('跳过写入');
    const district = new Api(`http://127.0.0.1:${port}`);
    await district.login('YP', DEMO_PASSWORD);
    const page = await district.request<{ items: unknown[] }>(
      'GET',
      '/api/submissions?unit=YP&limit=500',
    );
    // Every generated ledger is stored, each once.
    expect(page.items).toHaveLength(
      generateDemoDistrict(readOrgFile(), { until: DEMO_UNTIL }).length,
    );
    second.child.kill('SIGINT');
    expect(await exitCode(second.child)).toBe(130);
    await until(async () => !(await portTaken(port)), 'the port to be free', 10_000);
  }, 600_000);
});
