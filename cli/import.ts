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
import { type Api, ApiError, type Receipt, SIGN_IN_OPTIONS, signInForCommand } from './api.ts';
import { convertFile, hasErrors, summary } from './convert.ts';
import { type CliIO, checkIsoDate, UsageError } from './io.ts';
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
    throw new UsageError(`用法：${USAGE.import}`);
  }
  const concurrency =
    values.concurrency === undefined ? DEFAULT_CONCURRENCY : Number(values.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_CONCURRENCY) {
    throw new UsageError(
      `--concurrency 应为 1 到 ${MAX_CONCURRENCY} 的整数（收到「${values.concurrency}」）`,
    );
  }
  const asOf = values['as-of'] ? checkIsoDate(values['as-of'], '--as-of') : todayInChina();
  const org = values.org ? readOrgFile(values.org) : readOrgFile();
  const api = await signInForCommand(
    values.server,
    values.user,
    values['password-stdin'],
    io.stdin,
  );
  const unit = values.user;
  if (!org.get(unit)) throw new UsageError(`组织架构中没有单位代码 ${unit}`);
  return { files: positionals, concurrency, asOf, org, api, unit };
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { files, concurrency, asOf, org, api, unit } = await importOptions(args, io);
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
    read: (index) => prepare(files[index]!, { unit, asOf, org }, outcomes[index]!),
    // A ledger's newer version replaces the one before: its files go one after another.
    key: (prepared) => (prepared ? ledgerName(prepared.submission) : undefined),
    send: async (index, prepared) => {
      const outcome = outcomes[index]!;
      if (!prepared) {
        failed = true;
        return;
      }
      try {
        outcome.receipt = describe(await api.submit(prepared.submission, prepared.key));
      } catch (error) {
        if (!(error instanceof ApiError)) throw error;
        failed = true;
        outcome.errors += error.issues.length;
        outcome.receipt = `被拒绝：${error.message}`;
        for (const issue of error.issues) {
          outcome.report.push(`${outcome.file} 第 ${issue.row} 行 ${issue.message}`);
        }
      }
    },
    finished: (index) => {
      const outcome = outcomes[index]!;
      io.stderr(progressBar(index + 1, files.length, outcome.file));
      for (const line of outcome.report) io.stdout(line);
    },
  });
  io.stderr(progressBar(files.length, files.length, '完成'));
  io.stdout(table(outcomes));
  return failed ? 1 : 0;
}

/**
 * Converts one file into its submission and idempotency key, or records in `outcome` why it is
 * not submitted (unreadable, or rows with errors) and returns null.
 */
async function prepare(
  file: string,
  context: { unit: string; asOf: string; org: ReturnType<typeof readOrgFile> },
  outcome: Outcome,
): Promise<{ submission: Submission; key: string } | null> {
  const { unit, asOf, org } = context;
  let result: ConvertResult;
  try {
    result = await convertFile({ file, unit, asOf, org, locale: 'zh' });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    outcome.receipt = `未导入：${error.message}`;
    return null;
  }
  outcome.kind = result.kind;
  outcome.rows = result.rows.length;
  outcome.errors = result.rows.reduce((n, r) => n + r.errors.length, 0) + result.sheetErrors.length;
  if (hasErrors(result)) {
    outcome.report.push(summary(result, file, 'zh'));
    outcome.receipt = '未提交（有错误）';
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

function describe(receipt: Receipt): string {
  return `#${receipt.id} 第 ${receipt.version} 版：新增 ${receipt.inserted}，更新 ${receipt.updated}，未变 ${receipt.unchanged}`;
}

function progressBar(done: number, total: number, label: string): string {
  const width = 24;
  const filled = Math.round((done / total) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${done}/${total} ${label}`;
}

function table(outcomes: readonly Outcome[]): string {
  return textTable(
    ['文件', '台账', '行数', '错误', '回执'],
    outcomes.map((o) => [o.file, o.kind, String(o.rows), String(o.errors), o.receipt]),
  );
}
