/**
 * The workbook port on real Excel: each call is one `Excel.run` batch, delayed while the clerk is
 * editing a cell (`delayForCellEdit`) instead of failing, with the host's capabilities detected
 * once.
 */
import { type Capabilities, detectCapabilities } from './capabilities.ts';
import { revalidate, writeLedgerSheet } from './ledger.ts';
import type { Workbook } from './port.ts';
import { writeReports } from './report.ts';
import { linkCell } from './roll-explanation.ts';
import { readSetting, writeSetting } from './settings.ts';
import { readNamedSheet, readSheet } from './sheet-read.ts';

export function officeWorkbook(locale: () => 'zh' | 'en'): Workbook {
  let caps: Capabilities | null = null;
  const capabilities = () => {
    caps ??= detectCapabilities();
    return caps;
  };
  const run = <T>(batch: (ctx: Excel.RequestContext) => Promise<T>): Promise<T> =>
    Excel.run({ delayForCellEdit: true }, batch);
  return {
    readActiveSheet: () => run((ctx) => readSheet(ctx, capabilities())),
    readNamedSheet: (name) => run((ctx) => readNamedSheet(ctx, name, capabilities())),
    writeLedgerSheet: (plan, lists) =>
      run((ctx) => writeLedgerSheet(ctx, plan, { caps: capabilities(), lists, locale: locale() })),
    revalidate: (sheetName, columns, check) =>
      run((ctx) =>
        revalidate(ctx, sheetName, columns, check, { caps: capabilities(), locale: locale() }),
      ),
    writeReports: (specs) => run((ctx) => writeReports(ctx, specs)),
    linkCell: (sheet, address, target, tip) =>
      run((ctx) => linkCell(ctx, sheet, address, target, tip)),
    readSetting: (key) => run((ctx) => readSetting(ctx, key)),
    writeSetting: (key, value) => run((ctx) => writeSetting(ctx, key, value)),
  };
}
