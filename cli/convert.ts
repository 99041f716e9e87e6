/**
 * `minqing convert FILE.xlsx --unit CODE [--as-of YYYY-MM-DD] [--sheet NAME] [--org FILE.csv] [--json]`
 * Converts a paper-style ledger workbook into canonical records and reports every error by row.
 * Exit code 0 without errors, 1 when a row has an error, 2 for a usage or file error.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { todayInChina } from '../shared/calendar.ts';
import { ConvertError, type ConvertResult, convertSheet } from '../shared/convert/index.ts';
import { type Locale, message } from '../shared/i18n.ts';
import { LEDGERS } from '../shared/ledgers/index.ts';
import type { OrgTree } from '../shared/org.ts';
import { type CliIO, checkIsoDate, localeOf, UsageError } from './io.ts';
import './messages.ts';
import { readOrgFile } from './org.ts';
import USAGE from './usage.json' with { type: 'json' };
import { readWorkbook } from './xlsx.ts';

export interface ConvertFileOptions {
  file: string;
  unit: string;
  asOf: string;
  sheet?: string | undefined;
  org: OrgTree;
  locale: Locale;
}

/**
 * Reads and converts one workbook (.xlsx; .xls, .et and .ods through LibreOffice); throws
 * `UsageError` for a missing or unreadable file, with a message naming the format and the remedy.
 */
export async function convertFile(options: ConvertFileOptions): Promise<ConvertResult> {
  if (!existsSync(options.file)) throw new UsageError('CLI_FILE_NOT_FOUND', { file: options.file });
  const sheet = await readWorkbook(options.file, options.sheet);
  try {
    return convertSheet(sheet, {
      org: options.org,
      unit: options.unit,
      asOf: options.asOf,
      locale: options.locale,
    });
  } catch (error) {
    if (error instanceof ConvertError) {
      throw new UsageError('CLI_CONVERT_FAILED', { file: options.file, reason: error.message });
    }
    throw error;
  }
}

/** The JSON contract of `convert --json` (and of `scores --cases`'s input `values`). */
export function toJson(result: ConvertResult) {
  return {
    kind: result.kind,
    headerRow: result.headerRow,
    titleYear: result.titleYear,
    rows: result.rows.map(({ row, values, errors }) => ({ row, values, errors })),
    ignoredRows: result.ignoredRows,
    unknownColumns: result.unknownColumns,
  };
}

/** True when the conversion found anything a clerk must fix. */
export function hasErrors(result: ConvertResult): boolean {
  return result.sheetErrors.length > 0 || result.rows.some((r) => r.errors.length > 0);
}

/** The summary a person reads: counts, skipped rows with reasons, every error by row. */
export function summary(result: ConvertResult, file: string, locale: Locale): string {
  const ledger = LEDGERS[result.kind].label[locale];
  const bad = result.rows.filter((r) => r.errors.length > 0);
  const titleYear = result.titleYear
    ? message('CLI_SUMMARY_TITLE_YEAR', { year: result.titleYear }, locale)
    : '';
  const lines = [
    message(
      'CLI_SUMMARY_HEAD',
      { file: path.basename(file), ledger, headerRow: result.headerRow, titleYear },
      locale,
    ),
    message(
      'CLI_SUMMARY_COUNTS',
      {
        rows: result.rows.length,
        good: result.rows.length - bad.length,
        bad: bad.length,
        skipped: result.ignoredRows.length,
      },
      locale,
    ),
  ];
  for (const ignored of result.ignoredRows) {
    const reason = message(ignored.reason, {}, locale);
    lines.push(message('CLI_SUMMARY_SKIPPED', { row: ignored.row, reason }, locale));
  }
  if (result.unknownColumns.length > 0) {
    const columns = result.unknownColumns.join(message('CLI_LIST_SEPARATOR', {}, locale));
    lines.push(message('CLI_SUMMARY_UNKNOWN_COLUMNS', { columns }, locale));
  }
  for (const error of result.sheetErrors) lines.push(error.message);
  for (const row of bad) {
    for (const error of row.errors) {
      lines.push(
        message('CLI_SUMMARY_ROW_ERROR', { row: row.row, message: error.message }, locale),
      );
    }
  }
  return lines.join('\n');
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      unit: { type: 'string' },
      'as-of': { type: 'string' },
      sheet: { type: 'string' },
      org: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (positionals.length !== 1) throw new UsageError('CLI_USAGE', { usage: USAGE.convert });
  if (!values.unit) throw new UsageError('CLI_MISSING_UNIT', { usage: USAGE.convert });
  const locale = localeOf(io);
  if (values.org && !existsSync(values.org))
    throw new UsageError('CLI_ORG_NOT_FOUND', { file: values.org });
  const org = values.org ? readOrgFile(values.org) : readOrgFile();
  if (!org.get(values.unit)) throw new UsageError('CLI_UNIT_NOT_IN_ORG', { unit: values.unit });
  const file = positionals[0]!;
  const result = await convertFile({
    file,
    unit: values.unit,
    asOf: values['as-of'] ? checkIsoDate(values['as-of'], '--as-of') : todayInChina(),
    sheet: values.sheet,
    org,
    locale,
  });
  io.stdout(values.json ? JSON.stringify(toJson(result), null, 2) : summary(result, file, locale));
  return hasErrors(result) ? 1 : 0;
}
