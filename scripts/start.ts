/**
 * `npm start`: the whole system on this machine. The Worker runs in `wrangler dev` on its embedded
 * local D1 (migrations applied, state in `.wrangler/state`), the demo district is seeded (an
 * interrupted seeding is finished on the next start), and the add-in is served over https for
 * sideloading. Ctrl-C or SIGTERM stops everything, at any stage; a port already taken is refused.
 *
 * `MINQING_PORT` and `MINQING_STATE` move the Worker's port and state (the launcher's own test
 * uses them); `MINQING_ADDIN=off` starts the Worker and the demo district only.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { type LocalWorker, PortTakenError, ROOT, startLocalWorker } from './local-worker.ts';
import { DEMO_PASSWORD, seedDemo } from './seed.ts';

const WORKER_PORT = Number(process.env.MINQING_PORT ?? 8787);
const STATE = process.env.MINQING_STATE ?? path.join(ROOT, '.wrangler/state');
const ADDIN_URL = 'https://localhost:3000/taskpane.html';

// Whatever has started is stopped on a signal, whenever it comes: the Worker runs in its own
// process group (so a terminal's Ctrl-C does not reach it) and would otherwise be left behind.
const stopping = new AbortController();
let worker: LocalWorker | null = null;
const children: ChildProcess[] = [];
async function stop(signal: NodeJS.Signals) {
  if (stopping.signal.aborted) return;
  stopping.abort();
  console.log(`\n民情台账：收到 ${signal}，正在停止…`);
  for (const child of children) child.kill('SIGTERM');
  await worker?.stop();
  process.exit(signal === 'SIGINT' ? 130 : 143);
}
process.on('SIGINT', () => void stop('SIGINT'));
process.on('SIGTERM', () => void stop('SIGTERM'));

console.log('民情台账：正在启动本地服务器（wrangler dev + 本地 D1）…');
try {
  worker = await startLocalWorker({
    port: WORKER_PORT,
    persistTo: STATE,
    // Lets the first start create the demo accounts; a deployed Worker never has this variable.
    vars: { ALLOW_BOOTSTRAP: 'true' },
    signal: stopping.signal,
    log: (text) => {
      // Offline, wrangler cannot fetch the `Request.cf` placeholder from Cloudflare: harmless, not shown.
      if (/Request\.cf|workers\.cloudflare\.com|GetAddrInfoReqWrap/.test(text)) return;
      if (/error|✘/i.test(text)) process.stderr.write(text);
    },
  });
} catch (error) {
  if (stopping.signal.aborted) await new Promise(() => {}); // stop() exits
  const message =
    error instanceof PortTakenError
      ? `端口 ${error.port} 已被占用：可能是上次未正常停止的 wrangler dev，也可能是其他程序。` +
        `请先停止占用它的进程（如 \`lsof -i :${error.port}\` 查看），再运行 npm start。`
      : `本地服务器启动失败：${(error as Error).message}`;
  // Exit once the message is written (stderr to a pipe is asynchronous).
  process.stderr.write(`${message}\n`, () => process.exit(1));
  await new Promise(() => {});
}
const started: LocalWorker = worker as unknown as LocalWorker;
const url = `http://localhost:${WORKER_PORT}`;
console.log(`服务器已就绪：${url}/api/health`);

try {
  const report = await seedDemo(started.url, (line) => console.log(`  ${line}`));
  console.log(`演示区已就绪：${report.submissions} 份台账，${report.rows} 行。`);
} catch (error) {
  if (stopping.signal.aborted) await new Promise(() => {}); // stop() exits
  console.error(`演示数据写入失败：${(error as Error).message}（再次运行 npm start 会补全）`);
}
if (process.env.MINQING_ADDIN === 'off') {
  console.log(`民情台账 Minqing 已启动（仅服务器）：${url}/api/health。按 Ctrl-C 停止。`);
  await new Promise(() => {});
}

// The task pane is built for development (Office.js from @microsoft/office-js, so it works offline),
// then served over https for sideloading.
console.log('正在构建 Excel 加载项…');
const build = spawn(
  process.execPath,
  [
    path.join(ROOT, 'node_modules/vite/bin/vite.js'),
    'build',
    '-c',
    'addin/vite.config.ts',
    '--mode',
    'development',
    '--logLevel',
    'warn',
  ],
  { cwd: ROOT, stdio: 'inherit' },
);
children.push(build);
const [code] = (await once(build, 'close')) as [number];
if (code !== 0) console.error('加载项构建失败：见上方输出');
const addin: ChildProcess = spawn(
  process.execPath,
  [path.join(ROOT, 'scripts/serve-addin.ts'), started.url],
  { cwd: ROOT, stdio: 'inherit' },
);
children.push(addin);

console.log(`
────────────────────────────────────────────────────────
 民情台账 Minqing 已启动
   服务器 API      ${url}/api/health   （OpenAPI：${url}/api/openapi.json，需登录）
   Excel 加载项    ${ADDIN_URL}
   清单文件        ${path.join(ROOT, 'manifest.xml')}

 演示账号（密码均为 ${DEMO_PASSWORD}）
   YP          杨浦区（区：审核员 + 管理员）
   YP-CB       长白新村街道（街道：审核员 + 管理员）
   YP-CB-001   长白一村居民区（居民区：填报员）…… 每个单位一个账号，用户名即单位代码

 下一步：按 README「Sideloading the add-in into Excel」把 manifest.xml 加载到 Excel，
 点击「开始」选项卡上的「民情台账」，用上面的账号登录。
 按 Ctrl-C 停止。
────────────────────────────────────────────────────────`);
