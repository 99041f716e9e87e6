/**
 * Starts the real Worker locally — `wrangler dev` on its embedded local D1 with the migrations
 * applied — on a free port with its own state directory. Used by `npm start`, the end-to-end and
 * task-pane tests and the benchmarks, so each runs against the Worker users get, not a stand-in.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..');
const WRANGLER = path.join(ROOT, 'node_modules/wrangler/bin/wrangler.js');

export interface LocalWorker {
  url: string;
  port: number;
  persistTo: string;
  /** Stops wrangler and workerd (the whole process group). */
  stop(): Promise<void>;
  /** Kills the Worker abruptly, as a crash would (for fault tests); resolves when its port is free. */
  kill(): Promise<void>;
}

export interface LocalWorkerOptions {
  port?: number;
  /** State directory of the local D1 (default: `.wrangler/state`, what `wrangler dev` uses). */
  persistTo?: string;
  vars?: Record<string, string>;
  /** Stops the start-up (and the Worker) when aborted, e.g. by Ctrl-C while it is starting. */
  signal?: AbortSignal;
  /** Receives wrangler's output lines (default: kept, shown only if start-up fails). */
  log?: (line: string) => void;
  timeoutMs?: number;
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

/** Whether something already listens on `port` (on 127.0.0.1, where wrangler dev binds). */
export async function portTaken(port: number): Promise<boolean> {
  const server = createServer();
  const taken = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(true));
    server.once('listening', () => resolve(false));
    server.listen(port, '127.0.0.1');
  });
  if (!taken) {
    server.close();
    await once(server, 'close');
  }
  return taken;
}

/** Thrown when the port is taken by something else (an orphaned Worker, another program). */
export class PortTakenError extends Error {
  readonly port: number;
  constructor(port: number) {
    super(`port ${port} is taken`);
    this.port = port;
  }
}

/** Starts wrangler with this Node; its output is collected (and passed to `log`). */
function spawnWrangler(args: string[], log?: (line: string) => void, detached = false) {
  const child = spawn(process.execPath, [WRANGLER, ...args], {
    cwd: ROOT,
    env: { ...process.env, CI: '1', WRANGLER_SEND_METRICS: 'false', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached,
  });
  const run = { child, output: '' };
  const collect = (chunk: Buffer) => {
    run.output += chunk.toString();
    log?.(chunk.toString());
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return run;
}

/** Runs wrangler to the end; rejects with its output when it fails. */
export async function wrangler(args: string[], log?: (line: string) => void): Promise<string> {
  const run = spawnWrangler(args, log);
  const [code] = (await once(run.child, 'close')) as [number];
  if (code !== 0) throw new Error(`wrangler ${args.join(' ')} failed (${code}):\n${run.output}`);
  return run.output;
}

/** Applies the migrations to the local D1 in `persistTo`. */
export function applyMigrations(persistTo: string, log?: (line: string) => void): Promise<string> {
  return wrangler(
    ['d1', 'migrations', 'apply', 'minqing', '--local', '--persist-to', persistTo],
    log,
  );
}

export async function startLocalWorker(options: LocalWorkerOptions = {}): Promise<LocalWorker> {
  const persistTo = options.persistTo ?? path.join(ROOT, '.wrangler/state');
  const port = options.port ?? (await freePort());
  // Else the health check below would find whatever answers there and call it this Worker.
  if (options.port !== undefined && (await portTaken(port))) throw new PortTakenError(port);
  const inspectorPort = await freePort();
  await applyMigrations(persistTo, options.log);
  const vars = Object.entries(options.vars ?? {}).flatMap(([k, v]) => ['--var', `${k}:${v}`]);
  const run = spawnWrangler(
    [
      'dev',
      '--local',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--inspector-port',
      String(inspectorPort),
      '--persist-to',
      persistTo,
      '--show-interactive-dev-session=false',
      '--log-level',
      'warn',
      ...vars,
    ],
    options.log,
    true,
  );
  const child: ChildProcess = run.child;
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  const abort = () => killGroup(child);
  options.signal?.addEventListener('abort', abort, { once: true });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  while (true) {
    if (options.signal?.aborted) throw new Error('wrangler dev: start-up interrupted');
    if (exited) throw new Error(`wrangler dev exited before answering:\n${run.output}`);
    if (Date.now() > deadline) {
      killGroup(child);
      throw new Error(`wrangler dev did not answer ${url}/api/health in time:\n${run.output}`);
    }
    try {
      const response = await fetch(`${url}/api/health`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }

  return {
    url,
    port,
    persistTo,
    async kill() {
      killGroup(child, 'SIGKILL');
      // workerd, a grandchild, may hold the port a moment after the signal; a restart on the
      // same port must not race it.
      const until = Date.now() + 10_000;
      while ((await portTaken(port)) && Date.now() < until) {
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      if (exited) return;
      const closed = once(child, 'exit');
      killGroup(child);
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      if (!exited) killGroup(child, 'SIGKILL');
    },
  };
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}
