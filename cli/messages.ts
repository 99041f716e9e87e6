/** What the command line says to a person, beside the codes other areas define; `--lang` picks the locale. */
import { defineMessages } from '../shared/i18n.ts';

defineMessages({
  CLI_SUMMARY_HEAD: {
    zh: '{file}：{ledger}，表头在第 {headerRow} 行{titleYear}',
    en: '{file}: {ledger}, header on row {headerRow}{titleYear}',
  },
  CLI_SUMMARY_TITLE_YEAR: { zh: '，标题年份 {year}', en: ', title year {year}' },
  CLI_SUMMARY_COUNTS: {
    zh: '记录 {rows} 行：合格 {good} 行，有错 {bad} 行；跳过 {skipped} 行',
    en: '{rows} record rows: {good} good, {bad} with errors; {skipped} skipped',
  },
  CLI_SUMMARY_SKIPPED: { zh: '  跳过第 {row} 行：{reason}', en: '  skipped row {row}: {reason}' },
  CLI_SUMMARY_UNKNOWN_COLUMNS: {
    zh: '未识别的列（未导入）：{columns}',
    en: 'Unrecognised columns (left out): {columns}',
  },
  CLI_LIST_SEPARATOR: { zh: '、', en: ', ' },
  CLI_SUMMARY_ROW_ERROR: { zh: '第 {row} 行 {message}', en: 'row {row}: {message}' },
  CLI_NOT_EVALUATIONS: {
    zh: '{file} 不是满意度测评台账（识别为 {kind}）',
    en: '{file} is not a satisfaction-evaluation ledger (recognised as {kind})',
  },
  CLI_EVALUATIONS_HAVE_ERRORS: {
    zh: '{file} 有错误，请先用 minqing convert 查看并改正：\n{summary}',
    en: '{file} has errors; see and fix them with minqing convert first:\n{summary}',
  },
  CLI_PERIOD_INVALID: {
    zh: '--period 应为 2026、2026H1、2026Q2 或 2026-05（收到「{period}」）',
    en: '--period should be 2026, 2026H1, 2026Q2 or 2026-05 (got "{period}")',
  },
  CLI_BY_INVALID: {
    zh: '--by 应为 area、department 或 cadre（收到「{by}」）',
    en: '--by should be area, department or cadre (got "{by}")',
  },
});
