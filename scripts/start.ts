/**
 * `npm start`: the whole system on this machine. The Worker runs in `wrangler dev` on its embedded
 * local D1 (migrations applied, state in `.wrangler/state`), the demo district is seeded once, and
 * the add-in is served over https for sideloading. Ctrl-C stops everything.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { ROOT, startLocalWorker } from './local-worker.ts';
import { DEMO_PASSWORD, seedDemo } from './seed.ts';

const WORKER_PORT = 8787;
const ADDIN_URL = 'https://localhost:3000/taskpane.html';

console.log('民情台账：正在启动本地服务器（wrangler dev + 本地 D1）…');
const worker = await startLocalWorker({
  port: WORKER_PORT,
  persistTo: path.join(ROOT, '.wrangler/state'),
  // Lets the first start create the demo accounts; a deployed Worker never has this variable.
  vars: { ALLOW_BOOTSTRAP: 'true' },
  log: (text) => {
    // Offline, wrangler cannot fetch the `Request.cf` placeholder from Cloudflare: harmless, not shown.
    if (/Request\.cf|workers\.cloudflare\.com|GetAddrInfoReqWrap/.test(text)) return;
    if (/error|✘/i.test(text)) process.stderr.write(text);
  },
});
const url = `http://localhost:${WORKER_PORT}`;
console.log(`服务器已就绪：${url}/api/health`);

try {
  const report = await seedDemo(worker.url, (line) => console.log(`  ${line}`));
  console.log(`演示区已就绪：${report.submissions} 份台账，${report.rows} 行。`);
} catch (error) {
  console.error(`演示数据写入失败：${(error as Error).message}`);
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
const [code] = (await once(build, 'close')) as [number];
if (code !== 0) console.error('加载项构建失败：见上方输出');
const addin: ChildProcess = spawn(
  process.execPath,
  [path.join(ROOT, 'scripts/serve-addin.ts'), worker.url],
  { cwd: ROOT, stdio: 'inherit' },
);

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

const stop = async () => {
  addin.kill('SIGTERM');
  await worker.stop();
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
