/**
 * Reads the legacy formats a district's years of ledgers are in (.xls, WPS .et, .ods) by having
 * LibreOffice convert them to .xlsx in headless mode, in a temporary folder removed afterwards
 * (docs/decisions/0008). `soffice` is looked up on the PATH, or named by MINQING_SOFFICE.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { FORMAT_NAMES, type LegacyFormat, WorkbookError } from './workbook-file.ts';

/** A first start of LibreOffice builds its profile, which takes a while on a slow machine. */
const TIMEOUT_MS = 180_000;

/** The LibreOffice program: MINQING_SOFFICE, else `soffice` on the PATH. */
export function sofficeCommand(): string {
  return process.env.MINQING_SOFFICE || 'soffice';
}

/**
 * Converts `file` to .xlsx with LibreOffice and hands the copy's path to `use`. Fails with
 * NEEDS_LIBREOFFICE when LibreOffice is not installed and LIBREOFFICE_FAILED when it cannot open
 * the file (damaged, or a password).
 */
export async function withXlsxCopy<T>(
  file: string,
  format: LegacyFormat,
  use: (xlsx: string) => Promise<T>,
): Promise<T> {
  const params = { file: path.basename(file), format: FORMAT_NAMES[format] };
  const folder = await mkdtemp(path.join(os.tmpdir(), 'minqing-'));
  try {
    // A name LibreOffice knows the output of; .et is the binary Excel format under WPS's name.
    const source = path.join(folder, format === 'ods' ? 'source.ods' : 'source.xls');
    await copyFile(file, source);
    const converted = await soffice(folder, source);
    if (converted === 'missing') throw new WorkbookError('NEEDS_LIBREOFFICE', params);
    const xlsx = path.join(folder, 'out', 'source.xlsx');
    if (converted === 'failed' || !(await exists(xlsx))) {
      throw new WorkbookError('LIBREOFFICE_FAILED', params);
    }
    return await use(xlsx);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}

/** True when LibreOffice answers (for tests that need it, and to tell the user why they skip). */
export function hasLibreOffice(): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(sofficeCommand(), ['--version'], { timeout: 60_000 }, (error) => resolve(!error));
  });
}

function soffice(folder: string, source: string): Promise<'done' | 'missing' | 'failed'> {
  const args = [
    '--headless',
    '--norestore',
    // Its own profile: with the user's, a LibreOffice the clerk has open would take the job and
    // convert nothing.
    `-env:UserInstallation=${pathToFileURL(path.join(folder, 'profile')).href}`,
    '--convert-to',
    'xlsx',
    '--outdir',
    path.join(folder, 'out'),
    source,
  ];
  return new Promise((resolve) => {
    execFile(sofficeCommand(), args, { timeout: TIMEOUT_MS }, (error) => {
      if (!error) resolve('done');
      else resolve((error as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : 'failed');
    });
  });
}

async function exists(file: string): Promise<boolean> {
  try {
    return (await stat(file)).size > 0;
  } catch {
    return false;
  }
}
