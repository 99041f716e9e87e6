/**
 * Writes the manifest for a deployed host: every https://localhost:3000 URL of manifest.xml
 * rewritten to the given origin. `node scripts/build-manifest.ts https://minqing.example.org`
 * → dist/manifest.xml.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(import.meta.dirname, '..');
export const DEV_ORIGIN = 'https://localhost:3000';

export function rewriteManifest(xml: string, origin: string): string {
  const target = new URL(origin);
  if (target.protocol !== 'https:') throw new Error('Office add-ins must be served over https');
  return xml.split(DEV_ORIGIN).join(target.origin);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const origin = process.argv[2];
  if (!origin) {
    console.error('usage: node scripts/build-manifest.ts https://your-host');
    process.exit(2);
  }
  const xml = rewriteManifest(readFileSync(path.join(ROOT, 'manifest.xml'), 'utf8'), origin);
  mkdirSync(path.join(ROOT, 'dist'), { recursive: true });
  writeFileSync(path.join(ROOT, 'dist/manifest.xml'), xml);
  console.log(`dist/manifest.xml for ${new URL(origin).origin}`);
}
