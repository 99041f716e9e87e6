#!/usr/bin/env node
// The `minqing` command. It runs the TypeScript sources directly with Node's type stripping,
// which needs Node ≥ 22.18: the project brings that Node itself (docs/decisions/0001).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const node = join(root, 'node_modules', 'node', 'bin', 'node');
  const result = spawnSync(node, [fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
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
process.exitCode = await main(process.argv.slice(2));
