/**
 * Builds the task pane into dist/addin. Office.js comes from Microsoft's CDN in a production build
 * (the Office Store requires it) and from `@microsoft/office-js`'s files, served under /office-js/
 * by scripts/serve-addin.ts, in a development build — so development and tests work offline.
 */
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';

const ROOT = path.resolve(import.meta.dirname, '..');
export const OFFICE_JS_CDN = 'https://appsforoffice.microsoft.com/lib/1/hosted/office.js';
export const OFFICE_JS_LOCAL = '/office-js/office.js';

function officeJs(mode: string): Plugin {
  const src = mode === 'production' ? OFFICE_JS_CDN : OFFICE_JS_LOCAL;
  return {
    name: 'minqing-office-js',
    transformIndexHtml: (html) =>
      html.replace('<!-- office-js -->', `<script src="${src}"></script>`),
  };
}

/** The manifest's icons, at /assets/ beside the pages. */
function icons(outDir: string): Plugin {
  return {
    name: 'minqing-icons',
    writeBundle() {
      const target = path.join(outDir, 'assets');
      mkdirSync(target, { recursive: true });
      for (const file of readdirSync(path.join(ROOT, 'assets'))) {
        if (file.endsWith('.png'))
          copyFileSync(path.join(ROOT, 'assets', file), path.join(target, file));
      }
    },
  };
}

export default defineConfig(({ mode }) => {
  const outDir = path.join(ROOT, 'dist/addin');
  return {
    root: import.meta.dirname,
    base: './',
    publicDir: false,
    plugins: [officeJs(mode), icons(outDir)],
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      rollupOptions: {
        input: {
          taskpane: path.join(import.meta.dirname, 'taskpane.html'),
          commands: path.join(import.meta.dirname, 'commands.html'),
          help: path.join(import.meta.dirname, 'help.html'),
        },
      },
    },
  };
});
