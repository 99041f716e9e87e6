/**
 * Serves the built task pane (dist/addin) for sideloading: https on localhost:3000 with Office's
 * trusted dev certificates, Office.js from `@microsoft/office-js` under /office-js/ (offline), and
 * `/api` proxied to the Worker — so the pane calls its own origin (no mixed content, no CORS).
 * `startAddinServer` is also used by the task-pane browser test, over plain http.
 *
 * `node scripts/serve-addin.ts [workerUrl]` (default http://localhost:8787).
 */
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { homedir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineMessages, message } from '../shared/i18n.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
export const ADDIN_DIR = path.join(ROOT, 'dist/addin');
const OFFICE_JS_DIR = path.join(ROOT, 'node_modules/@microsoft/office-js/dist');
export const ADDIN_PORT = 3000;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.json': 'application/json',
  '.xml': 'application/xml',
};

export interface AddinServer {
  url: string;
  close(): Promise<void>;
}

export interface AddinServerOptions {
  port?: number;
  /** Where `/api` goes. */
  worker: string;
  /** Serve https with the Office dev certificates (default) or plain http (tests). */
  secure?: boolean;
  root?: string;
}

/** A file under `base` for a URL path, or null (no escaping the folder). */
function fileFor(base: string, urlPath: string): string | null {
  const file = path.join(base, decodeURIComponent(urlPath));
  if (!file.startsWith(base)) return null;
  if (existsSync(file) && statSync(file).isFile()) return file;
  return null;
}

defineMessages({
  WORKER_UNREACHABLE: {
    zh: '本地服务器（Worker）未启动或无法连接：{worker}',
    en: 'The local server (Worker) is not running or cannot be reached: {worker}',
  },
});

function handler(options: AddinServerOptions): http.RequestListener {
  const root = options.root ?? ADDIN_DIR;
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname.startsWith('/api/')) {
      const target = new URL(url.pathname + url.search, options.worker);
      const upstream = http.request(
        target,
        { method: req.method, headers: { ...req.headers, host: target.host } },
        (response) => {
          res.writeHead(response.statusCode ?? 502, response.headers);
          response.pipe(res);
        },
      );
      upstream.on('error', () => {
        // In the pane's language, as the Worker would answer (it sends its Accept-Language).
        const locale = /^en\b/i.test(req.headers['accept-language'] ?? '') ? 'en' : 'zh';
        const text = message('WORKER_UNREACHABLE', { worker: options.worker }, locale);
        res.writeHead(502, { 'Content-Type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'WORKER_UNREACHABLE', message: text } }));
      });
      req.pipe(upstream);
      return;
    }
    const file = url.pathname.startsWith('/office-js/')
      ? fileFor(OFFICE_JS_DIR, url.pathname.slice('/office-js'.length))
      : fileFor(root, url.pathname === '/' ? '/taskpane.html' : url.pathname);
    if (!file) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('not found');
      return;
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
    });
    createReadStream(file).pipe(res);
  };
}

/**
 * The localhost certificate of `office-addin-dev-certs`, installed as trusted when it can be. Where
 * the CA cannot be installed (no sudo, a container), the generated certificate is still served and
 * the clerk is told how to trust it, rather than the whole start failing.
 */
async function devCertificates(): Promise<https.ServerOptions> {
  const devCerts = await import('office-addin-dev-certs');
  try {
    return await devCerts.getHttpsServerOptions();
  } catch (error) {
    const dir = path.join(homedir(), '.office-addin-dev-certs');
    const cert = path.join(dir, 'localhost.crt');
    const key = path.join(dir, 'localhost.key');
    if (!existsSync(cert) || !existsSync(key)) throw error;
    console.warn(
      `开发证书未能安装为受信任（${(error as Error).message.split('\n')[0]}）。` +
        `请手动信任 ${path.join(dir, 'ca.crt')}，或在浏览器中打开加载项地址并接受证书。`,
    );
    return {
      cert: readFileSync(cert),
      key: readFileSync(key),
      ca: readFileSync(path.join(dir, 'ca.crt')),
    };
  }
}

export async function startAddinServer(options: AddinServerOptions): Promise<AddinServer> {
  const secure = options.secure ?? true;
  const port = options.port ?? ADDIN_PORT;
  let server: http.Server | https.Server;
  if (secure) {
    server = https.createServer(await devCertificates(), handler(options));
  } else {
    server = http.createServer(handler(options));
  }
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const address = server.address();
  const actual = typeof address === 'object' && address ? address.port : port;
  return {
    url: `${secure ? 'https' : 'http'}://localhost:${actual}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  if (!existsSync(path.join(ADDIN_DIR, 'taskpane.html'))) {
    console.error(
      'dist/addin is missing: run `npm run build:addin` (or `npm run dev:addin`) first',
    );
    process.exit(1);
  }
  const server = await startAddinServer({ worker: process.argv[2] ?? 'http://localhost:8787' });
  console.log(`task pane: ${server.url}/taskpane.html — sideload manifest.xml`);
}
