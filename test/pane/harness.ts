/**
 * What the pane tests in Chromium start before they look at anything: a development build of the
 * pane, the real Worker on fresh local D1 with the demo org and accounts, the add-in server and a
 * headless Chromium — and the nine March cases of 长白一村 several of them submit.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { build } from 'vite';
import { type LocalWorker, startLocalWorker } from '../../scripts/local-worker.ts';
import { bootstrapDemo } from '../../scripts/seed.ts';
import { type AddinServer, startAddinServer } from '../../scripts/serve-addin.ts';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface PaneHarness {
  worker: LocalWorker;
  server: AddinServer;
  browser: Browser;
  stop(): Promise<void>;
}

/** Builds the pane and starts the Worker, the add-in server and Chromium; `stop()` ends them all. */
export async function startPane(name: string): Promise<PaneHarness> {
  const state = mkdtempSync(path.join(tmpdir(), `minqing-${name}-pane-`));
  const outDir = mkdtempSync(path.join(tmpdir(), `minqing-${name}-pane-dist-`));
  await build({
    configFile: path.join(ROOT, 'addin/vite.config.ts'),
    mode: 'development',
    logLevel: 'warn',
    build: { outDir },
  });
  const worker = await startLocalWorker({ persistTo: state, vars: { ALLOW_BOOTSTRAP: 'true' } });
  await bootstrapDemo(worker.url);
  const server = await startAddinServer({
    worker: worker.url,
    secure: false,
    port: 0,
    root: outDir,
  });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox'] });
  return {
    worker,
    server,
    browser,
    async stop() {
      await browser.close();
      await server.close();
      await worker.stop();
      rmSync(state, { recursive: true, force: true });
    },
  };
}

/** Cases of 长白一村 received Monday 2026-03-02, numbered `prefix`-1…9: every third still open. */
export const marchCases = (prefix: string) =>
  Array.from({ length: 9 }, (_, i) => ({
    row: i + 3,
    values: {
      caseNo: `${prefix}-${i + 1}`,
      receivedOn: '2026-03-02',
      channel: '走访',
      reporterName: '王建华',
      area: '长白一村',
      category: '环境卫生',
      summary: '垃圾箱房异味严重',
      firstReceiver: '李敏',
      status: i % 3 === 2 ? '办理中' : '已办结',
      repliedOn: '2026-03-05',
      resolvedOn: i % 3 === 2 ? null : '2026-03-20',
      result: i % 3 === 2 ? null : '已清运',
    },
  }));
