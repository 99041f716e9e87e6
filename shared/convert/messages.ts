/** Messages of the sheet-level conversion codes and of the reasons a row is skipped. */
import { defineMessages } from '../i18n.ts';

defineMessages({
  NO_HEADER: {
    zh: '前 {rows} 行中找不到表头：请确认这是一事一表、民情档案、民情日记或满意度测评台账，或指定表头所在行',
    en: 'No header row in the first {rows} rows: is this a case, household, visit or evaluation ledger? Or give the header row',
  },
  MISSING_COLUMNS: {
    zh: '{ledger}缺少必填列：{columns}。请添加这些列，或在列对应中指定',
    en: 'The {ledger} lacks required columns: {columns}. Add them or map them in the column mapping',
  },
  BLANK_ROW: { zh: '空行', en: 'blank row' },
  TOTALS_ROW: { zh: '合计行，不是记录', en: 'totals row, not a record' },
  HEADER_ROW: { zh: '重复的表头行', en: 'repeated header row' },
  FOOTER_ROW: { zh: '表尾签名或说明行', en: 'footer (signature or note) row' },
});
