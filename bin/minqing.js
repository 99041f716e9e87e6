#!/usr/bin/env node
// The `minqing` command. It runs the TypeScript sources directly with Node's type stripping,
// which needs Node ≥ 22.18: the project brings that Node itself (docs/decisions/0001).
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
// Help is printed here, on whatever Node started us: no second Node, no TypeScript, no exceljs
// (docs/decisions/0001). `main()` in cli/main.ts prints the same lines for in-process callers.
if (args[0] === undefined || ['--help', '-h', 'help'].includes(args[0])) {
  // Read, not imported: an older Node than 20.10 cannot parse `import … with { type: 'json' }`.
  const USAGE = JSON.parse(readFileSync(new URL('../cli/usage.json', import.meta.url), 'utf8'));
  process.stdout.write(
    `${['用法 Usage:', ...Object.values(USAGE).map((line) => `  ${line}`)].join('\n')}\n`,
  );
  process.exit(args[0] === undefined ? 2 : 0);
}

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const node = join(root, 'node_modules', 'node', 'bin', 'node');
  const result = spawnSync(node, [fileURLToPath(import.meta.url), ...args], {
    stdio: 'inherit',
  });
  if (result.error) {
    console.error(
      `minqing needs Node 22.18 or newer (found ${process.versions.node}); run npm install.`,
    );
    process.exit(2);
  }
  process.exit(result.status ?? 2);
}
const { main } = await import('../cli/main.ts');
process.exitCode = await main(args);
