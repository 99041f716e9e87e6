/**
 * `minqing import FILES… --server URL --user CODE [--password-stdin] [--as-of YYYY-MM-DD]
 * [--concurrency N]`
 * Bulk import of old ledger workbooks: converts each file, reports its errors the way `convert`
 * does, submits only the clean ones — idempotently, keyed by the file's content, so importing the
 * same file twice changes nothing — with a progress bar and a final table. Files are read one at a
 * time and sent as soon as read, while the Worker answers the earlier ones (up to N in hand at
 * once, default 4; 1 is one after the other); files of the same ledger are still submitted one
 * after another in the order given, since a ledger's newer version replaces the one before
 * (docs/rules.md), and each file's report is printed in the order given.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { todayInChina } from '../shared/calendar.ts';
import type { ConvertResult } from '../shared/convert/index.ts';
import { type Locale, message } from '../shared/i18n.ts';
import { type Api, ApiError, type Receipt, SIGN_IN_OPTIONS, signInForCommand } from './api.ts';
import { convertFile, hasErrors, summary } from './convert.ts';
import { type CliIO, checkIsoDate, localeOf, UsageError } from './io.ts';
import { readOrgFile } from './org.ts';
import { pipeline } from './pipeline.ts';
import { textTable } from './table.ts';
import USAGE from './usage.json' with { type: 'json' };

/** Files in hand at once: enough to read ahead while the Worker writes, few for memory. */
export const DEFAULT_CONCURRENCY = 4;
const MAX_CONCURRENCY = 16;

interface Outcome {
  file: string;
  kind: string;
  rows: number;
  errors: number;
  receipt: string;
  /** What the clerk reads about this file, printed in file order. */
  report: string[];
}

type Submission = Parameters<Api['submit']>[0];

/** A ledger is its unit, kind and period. */
function ledgerName(submission: Submission): string {
  return `${submission.unit}\n${submission.kind}\n${submission.period}`;
}

/** The submission period of a converted ledger: the year its title states, else the as-of year. */
export function ledgerPeriod(result: ConvertResult, asOf: string): string {
  return String(result.titleYear ?? asOf.slice(0, 4));
}

/** The command's options checked, the org read and the account signed in. */
async function importOptions(args: string[], io: CliIO) {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      ...SIGN_IN_OPTIONS,
      'as-of': { type: 'string' },
      org: { type: 'string' },
      concurrency: { type: 'string' },
    },
  });
  if (positionals.length === 0 || !values.server || !values.user) {
    throw new UsageError('CLI_USAGE', { usage: USAGE.import });
  }
  const concurrency =
    values.concurrency === undefined ? DEFAULT_CONCURRENCY : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new UsageError('CLI_CONCURRENCY_INVALID', {
      max: MAX_CONCURRENCY,
      value: String(values.concurrency),
    });
  }
  const asOf = values['as-of'] ? checkIsoDate(values['as-of'], '--as-of') : todayInChina();
  const org = values.org ? readOrgFile(values.org) : readOrgFile();
  const api = await signInForCommand(values.server, values.user, values['password-stdin'], io);
  const unit = values.user;
  if (!org.get(unit)) throw new UsageError('CLI_UNIT_NOT_IN_ORG', { unit });
  return { files: positionals, concurrency, asOf, org, api, unit };
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { files, concurrency, asOf, org, api, unit } = await importOptions(args, io);
  const say = (code: string, params: Record<string, string | number> = {}) =>
    message(code, params, localeOf(io));
  let failed = false;
  const outcomes = files.map(
    (file): Outcome => ({
      file: path.basename(file),
      kind: '',
      rows: 0,
      errors: 0,
      receipt: '',
      report: [],
    }),
  );
  await pipeline({
    count: files.length,
    size: concurrency,
    read: (index) =>
      prepare(files[index]!, { unit, asOf, org, locale: localeOf(io) }, outcomes[index]!),
    // A ledger's newer version replaces the one before: its files go one after another.
    key: (prepared) => (prepared ? ledgerName(prepared.submission) : undefined),
    send: async (index, prepared) => {
      const outcome = outcomes[index]!;
      if (!prepared) {
        failed = true;
        return;
      }
      try {
        outcome.receipt = describe(
          await api.submit(prepared.submission, prepared.key),
          localeOf(io),
        );
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        failed = true;
        outcome.errors += error.issues.length;
        outcome.receipt = say('CLI_IMPORT_REFUSED', { reason: error.message });
        for (const { row, message: text } of error.issues) {
          outcome.report.push(
            say('CLI_IMPORT_ROW_ISSUE', { file: outcome.file, row, message: text }),
          );
        }
      }
    },
    finished: (index) => {
      const outcome = outcomes[index]!;
      io.stderr(progressBar(index + 1, files.length, outcome.file));
      for (const line of outcome.report) io.stdout(line);
    },
  });
  io.stderr(progressBar(files.length, files.length, say('CLI_IMPORT_DONE')));
  io.stdout(table(outcomes, localeOf(io)));
  return failed ? 1 : 0;
}

/**
 * Converts one file into its submission and idempotency key, or records in `outcome` why it is
 * not submitted (unreadable, or rows with errors) and returns null.
 */
async function prepare(
  file: string,
  context: { unit: string; asOf: string; org: ReturnType<typeof readOrgFile>; locale: Locale },
  outcome: Outcome,
): Promise<{ submission: Submission; key: string } | null> {
  const { unit, asOf, org, locale } = context;
  let result: ConvertResult;
  try {
    result = await convertFile({ file, unit, asOf, org, locale });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    outcome.receipt = message('CLI_IMPORT_UNREADABLE', { reason: error.text(locale) }, locale);
    return null;
  }
  outcome.kind = result.kind;
  outcome.rows = result.rows.length;
  outcome.errors = result.rows.reduce((n, r) => n + r.errors.length, 0) + result.sheetErrors.length;
  if (hasErrors(result)) {
    outcome.report.push(summary(result, file, locale));
    outcome.receipt = message('CLI_IMPORT_HAS_ERRORS', {}, locale);
    return null;
  }
  const submission: Submission = {
    kind: result.kind,
    unit,
    period: ledgerPeriod(result, asOf),
    sourceName: path.basename(file),
    rows: result.rows.map(({ row, values }) => ({ row, values })),
  };
  // The same workbook content always carries the same key: a second import is recognised.
  const key = createHash('sha256')
    .update(`${unit}\n${submission.kind}\n${submission.period}\n`)
    .update(await readFile(file))
    .digest('hex');
  return { submission, key };
}

function describe(receipt: Receipt, locale: Locale): string {
  const { id, version, inserted, updated, unchanged } = receipt;
  return message('CLI_RECEIPT', { id, version, inserted, updated, unchanged }, locale);
}

function progressBar(done: number, total: number, label: string): string {
  const width = 24;
  const filled = Math.round((done / total) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} ${label}`;
}

function table(outcomes: readonly Outcome[], locale: Locale): string {
  return textTable(
    ['CLI_COL_FILE', 'CLI_COL_LEDGER', 'CLI_COL_ROWS', 'CLI_COL_ERRORS', 'CLI_COL_RECEIPT'].map(
      (code) => message(code, {}, locale),
    ),
    outcomes.map((o) => [o.file, o.kind, String(o.rows), String(o.errors), o.receipt]),
  );
}
