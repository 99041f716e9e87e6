/**
 * The command line in the reader's language, the Worker's refusals too: under `--lang en` the CLI
 * asks the real Worker for English (`Accept-Language: en`), under `--lang zh` for Chinese, and
 * prints the Worker's message in its own words around it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-in-process.ts';
import { type LocalWorker, startLocalWorker } from '../../scripts/local-worker.ts';
import { bootstrapDemo, DEMO_PASSWORD } from '../../scripts/seed.ts';
import { type Locale, message } from '../../shared/i18n.ts';
import '../../worker/src/messages.ts';

let worker: LocalWorker;
let folder: string;

beforeAll(async () => {
  folder = mkdtempSync(path.join(tmpdir(), 'minqing-cli-language-'));
  worker = await startLocalWorker({
    persistTo: path.join(folder, 'state'),
    vars: { ALLOW_BOOTSTRAP: 'true' },
  });
  expect(await bootstrapDemo(worker.url)).toBe(true);
}, 180_000);

afterAll(async () => {
  await worker?.stop();
  rmSync(folder, { recursive: true, force: true });
});

/** `argv` signed in as `user` with `password`, in `lang`. */
function asUser(argv: string[], user: string, lang: Locale, password = DEMO_PASSWORD) {
  return runCli(
    [...argv, '--server', worker.url, '--user', user, '--password-stdin', '--lang', lang],
    `${password}\n`,
  );
}

describe.each<Locale>(['zh', 'en'])('minqing --lang %s and the Worker', (lang) => {
  it('a wrong password: the Worker’s refusal in that language', async () => {
    const out = path.join(folder, `export-${lang}`);
    const { code, stderr } = await asUser(
      ['export', '--unit', 'YP-CB', '--out', out],
      'YP-CB',
      lang,
      'not the password',
    );
    expect(code).toBe(2);
    const reason = message('BAD_CREDENTIALS', {}, lang);
    expect(stderr).toBe(message('CLI_SIGN_IN_FAILED', { reason }, lang));
  });

  it('signed in, a sub-district clerk may not load the district’s calendar', async () => {
    const csv = path.join(folder, `2027-${lang}.csv`);
    writeFileSync(csv, 'date,kind\n2027-01-01,holiday\n');
    const { code, stderr } = await asUser(['calendar', 'import', csv], 'YP-CB', lang);
    expect(code).toBe(1);
    // Only a district admin loads a year's holidays (docs/rules.md).
    const reason = message('FORBIDDEN', { action: 'settings.manage', unit: 'YP' }, lang);
    expect(stderr).toBe(message('CLI_CALENDAR_IMPORT_FAILED', { reason }, lang));
  });

  it('signed in, a sub-district clerk may not export another sub-district', async () => {
    const out = path.join(folder, `export-${lang}`);
    const { code, stderr } = await asUser(
      ['export', '--unit', 'YP-WJC', '--out', out],
      'YP-CB',
      lang,
    );
    expect(code).toBe(2);
    const reason = message('FORBIDDEN', { action: 'records.read', unit: 'YP-WJC' }, lang);
    expect(stderr).toBe(message('CLI_EXPORT_FORBIDDEN', { unit: 'YP-WJC', reason }, lang));
  });
});
