/**
 * `minqing export --unit CODE --server URL --user CODE [--password-stdin] [--out DIR]`
 * Writes a unit's ledgers as canonical `.xlsx` files (one per ledger kind) with the Chinese headers
 * a clerk knows. Text from residents or the server is always written as text — never as a formula,
 * whatever it starts with — and residents' data is exported only as the account may see it.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import ExcelJS from 'exceljs';
import { message } from '../shared/i18n.ts';
import { LEDGER_KINDS, LEDGERS, type LedgerKind } from '../shared/ledgers/index.ts';
import { buildOrgTree, type OrgTree, unitLabel } from '../shared/org.ts';
import { ApiError, SIGN_IN_OPTIONS, signInForCommand } from './api.ts';
import { type CliIO, localeOf, UsageError } from './io.ts';
import USAGE from './usage.json' with { type: 'json' };

/** The canonical record inside a list item (the API may wrap it with ids and metadata). */
function recordOf(item: Record<string, unknown>): Record<string, unknown> {
  const inner = item.values ?? item.record ?? item.data;
  return inner && typeof inner === 'object' ? (inner as Record<string, unknown>) : item;
}

/**
 * A workbook of one ledger: canonical headers, one row per record, text kept as text. Units show
 * by name, as on the pane's standard sheet, each code in a hidden column at the end.
 */
export function ledgerWorkbook(
  kind: LedgerKind,
  records: readonly Record<string, unknown>[],
  org?: OrgTree,
): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const ledger = LEDGERS[kind];
  const sheet = workbook.addWorksheet(ledger.label.zh, { views: [{ state: 'frozen', ySplit: 1 }] });
  const units = ledger.fields.filter((field) => field.type === 'unit');
  sheet.columns = [
    ...ledger.fields.map((field) => ({
      header: field.label.zh,
      key: field.key,
      width: field.type === 'text' ? 24 : 14,
      style: field.type === 'date' ? { numFmt: 'yyyy-mm-dd' } : { numFmt: '@' },
    })),
    ...units.map((field) => ({
      header: `${field.label.zh}代码`,
      key: `${field.key}:code`,
      width: 12,
      style: { numFmt: '@' },
      hidden: true,
    })),
  ];
  sheet.getRow(1).font = { bold: true };
  for (const record of records) {
    const cells = ledger.fields.map((field) => {
      const value = record[field.key];
      const shown =
        field.type === 'unit' && typeof value === 'string' ? unitLabel(org, value) : value;
      return [field.key, cellValue(field.type, shown)];
    });
    const codes = units.map((field) => [`${field.key}:code`, cellValue('text', record[field.key])]);
    const row = sheet.addRow(Object.fromEntries([...cells, ...codes]));
    // A string cell is stored as text (t="s"), never as a formula: `=HYPERLINK(…)` stays what was typed.
    row.eachCell((cell) => {
      if (typeof cell.value === 'string') cell.numFmt = '@';
    });
  }
  return workbook;
}

function cellValue(type: string, value: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (type === 'date' && typeof value === 'string') {
    // A real date cell (serial with a date format), as Excel users expect.
    return new Date(`${value}T00:00:00Z`);
  }
  if (type === 'bool') return value === true ? '是' : value === false ? '否' : String(value);
  if (Array.isArray(value)) return value.join('，');
  if (typeof value === 'number') return value;
  return String(value);
}

export async function run(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      unit: { type: 'string' },
      ...SIGN_IN_OPTIONS,
      out: { type: 'string', default: '.' },
      kind: { type: 'string', multiple: true },
    },
  });
  if (!values.unit || !values.server || !values.user) {
    throw new UsageError('CLI_USAGE', { usage: USAGE.export });
  }
  const kinds = (values.kind ?? [...LEDGER_KINDS]) as LedgerKind[];
  for (const kind of kinds) {
    if (!LEDGER_KINDS.includes(kind)) {
      const kinds = LEDGER_KINDS.join(message('CLI_LIST_SEPARATOR', {}, localeOf(io)));
      throw new UsageError('CLI_KIND_UNKNOWN', { kind, kinds });
    }
  }
  const api = await signInForCommand(values.server, values.user, values['password-stdin'], io);
  // Units by name need the organisation; without it (an older server) the codes stay.
  const org = await api
    .units()
    .then(({ units }) => buildOrgTree(units))
    .catch(() => undefined);
  mkdirSync(values.out, { recursive: true });
  for (const kind of kinds) {
    const records: Record<string, unknown>[] = [];
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams({
        unit: values.unit,
        limit: '500',
        ...(cursor ? { cursor } : {}),
      });
      let page: { items: Record<string, unknown>[]; nextCursor: string | null };
      try {
        page = await api.request('GET', `${LEDGERS[kind].path}?${query}`);
      } catch (error) {
        if (error instanceof ApiError && (error.status === 403 || error.status === 404)) {
          throw new UsageError('CLI_EXPORT_FORBIDDEN', {
            unit: values.unit,
            reason: error.message,
          });
        }
        throw error;
      }
      records.push(...page.items.map(recordOf));
      cursor = page.nextCursor;
    } while (cursor);
    const file = path.join(values.out, `${values.unit}-${LEDGERS[kind].label.zh}.xlsx`);
    await ledgerWorkbook(kind, records, org).xlsx.writeFile(file);
    io.stdout(message('CLI_EXPORTED', { file, count: records.length }, localeOf(io)));
  }
  return 0;
}
