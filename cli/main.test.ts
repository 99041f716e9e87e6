import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { usage } from './main.ts';
import { runCli } from './run-in-process.ts';

const BIN = path.resolve(import.meta.dirname, '../bin/minqing.js');
const run = promisify(execFile);

describe('minqing --help', () => {
  it('prints one usage line per command, the same from the bin as in-process', async () => {
    const { stdout } = await run(process.execPath, [BIN, '--help']);
    expect(stdout).toBe(`${usage()}\n`);
    const lines = stdout.trimEnd().split('\n');
    expect(lines[0]).toBe('用法 Usage:');
    expect(lines.slice(1).map((line) => line.trim().split(' ')[1])).toEqual([
      'convert',
      'import',
      'export',
      'scores',
      'escalation',
      'assess',
      'calendar',
    ]);
    expect((await runCli(['--help'])).stdout).toBe(usage());
  });

  it('exits 2 with the usage when no command is given', async () => {
    const failed = await run(process.execPath, [BIN]).catch((error) => error);
    expect(failed.code).toBe(2);
    expect(failed.stdout).toBe(`${usage()}\n`);
  });

  it('still runs a command through the bin', async () => {
    const failed = await run(process.execPath, [BIN, 'convert']).catch((error) => error);
    expect(failed.code).toBe(2);
    expect(failed.stderr).toContain('用法：minqing convert FILE.xlsx');
  });
});
