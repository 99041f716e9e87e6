/**
 * `minqing import FILES… --server URL --user CODE [--password-stdin] [--as-of YYYY-MM-DD]`
 * Bulk import of old ledger workbooks: converts each file, reports its errors the way `convert`
 * does, submits only the clean ones — idempotently, keyed by the file's content, so importing the
 * same file twice changes nothing — with a progress bar and a final table.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { ConvertResult } from '../shared/convert/index.ts';
import { ApiError, type Receipt, signInForCommand } from './api.ts';
import { convertFile, hasErrors, summary } from './convert.ts';
import { type CliIO, checkIsoDate, todayInChina, UsageError } from './io.ts';
import { loadOrg } from './org.ts';
import { textTable } from './table.ts';
import USAGE from './usage.json' with { type: 'json' };

interface Outcome {
  file: string;
  kind: string;
  rows: number;
  errors: number;
  receipt: string;
}

/** The submission period of a converted ledger: the year its title states, else the as-of year. */
export function ledgerPeriod(result: ConvertResult, asOf: string): string {
  return String(result.titleYear ?? asOf.slice(0, 4));
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      server: { type: 'string' },
      user: { type: 'string' },
      'password-stdin': { type: 'boolean', default: false },
      'as-of': { type: 'string' },
      org: { type: 'string' },
    },
  });
  if (positionals.length === 0 || !values.server || !values.user) {
    throw new UsageError(`用法：${USAGE.import}`);
  }
  const asOf = values['as-of'] ? checkIsoDate(values['as-of'], '--as-of') : todayInChina();
  const org = values.org ? loadOrg(values.org) : loadOrg();
  const api = await signInForCommand(
    values.server,
    values.user,
    values['password-stdin'],
    io.stdin,
  );
  const unit = values.user;
  if (!org.get(unit)) throw new UsageError(`组织架构中没有单位代码 ${unit}`);

  const outcomes: Outcome[] = [];
  let failed = false;
  for (const [index, file] of positionals.entries()) {
    io.stderr(progressBar(index, positionals.length, path.basename(file)));
    const outcome: Outcome = {
      file: path.basename(file),
      kind: '',
      rows: 0,
      errors: 0,
      receipt: '',
    };
    outcomes.push(outcome);
    let result: ConvertResult;
    try {
      result = await convertFile({ file, unit, asOf, org, locale: 'zh' });
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      failed = true;
      outcome.receipt = `未导入：${error.message}`;
      continue;
    }
    outcome.kind = result.kind;
    outcome.rows = result.rows.length;
    outcome.errors =
      result.rows.reduce((n, r) => n + r.errors.length, 0) + result.sheetErrors.length;
    if (hasErrors(result)) {
      failed = true;
      io.stdout(summary(result, file, 'zh'));
      outcome.receipt = '未提交（有错误）';
      continue;
    }
    const submission = {
      kind: result.kind,
      unit,
      period: ledgerPeriod(result, asOf),
      sourceName: path.basename(file),
      rows: result.rows.map(({ row, values }) => ({ row, values })),
    };
    // The same workbook content always carries the same key: a second import is recognised.
    const key = createHash('sha256')
      .update(`${unit}\n${submission.kind}\n${submission.period}\n`)
      .update(readFileSync(file))
      .digest('hex');
    try {
      outcome.receipt = describe(await api.submit(submission, key));
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      failed = true;
      outcome.errors += error.issues.length;
      outcome.receipt = `被拒绝：${error.message}`;
      for (const issue of error.issues)
        io.stdout(`${outcome.file} 第 ${issue.row} 行 ${issue.message}`);
    }
  }
  io.stderr(progressBar(positionals.length, positionals.length, '完成'));
  io.stdout(table(outcomes));
  return failed ? 1 : 0;
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
