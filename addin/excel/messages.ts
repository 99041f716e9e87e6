/** Texts the add-in writes into workbooks: what a column allows, problem-list headers, titles. */
import { defineMessages } from '../../shared/i18n.ts';

defineMessages({
  HINT_LIST: { zh: '可选：{allowed}', en: 'Allowed: {allowed}' },
  HINT_BOOL: { zh: '请填 是 或 否', en: 'Enter 是 (yes) or 否 (no)' },
  HINT_DATE: { zh: '日期，如 2026-05-03', en: 'A date such as 2026-05-03' },
  HINT_DATE_NOT_FUTURE: {
    zh: '日期，如 2026-05-03，不能晚于今天',
    en: 'A date such as 2026-05-03, not after today',
  },
  HINT_INT: { zh: '{min}–{max} 之间的整数', en: 'A whole number from {min} to {max}' },
  HINT_SCORE: { zh: '{min}–{max} 之间的分数', en: 'A score from {min} to {max}' },
  HINT_TEXT: { zh: '最多 {max} 个字', en: 'At most {max} characters' },
  HINT_PHONE: {
    zh: '手机 11 位，或座机如 021-65012345',
    en: 'An 11-digit mobile or a landline such as 021-65012345',
  },
  HINT_PERIOD: {
    zh: '如 2026、2026H1、2026Q2 或 2026-05',
    en: 'e.g. 2026, 2026H1, 2026Q2 or 2026-05',
  },
  HINT_UNIT: {
    zh: '填报单位下属的居民区（全称、简称或代码）',
    en: 'An area under the submitting unit (name or code)',
  },
  HINT_CASE_LIST: { zh: '问题编号，用顿号分隔', en: 'Case numbers separated by 、 or commas' },
  SHEET_LEDGER_SUFFIX: { zh: '（规范）', en: ' (standard)' },
  SHEET_PROBLEMS: { zh: '问题清单', en: 'Problems' },
  SHEET_SOURCE_ROW: { zh: '原表行', en: 'Source row' },
  SHEET_CODE_COLUMN: { zh: '{field}代码', en: '{field} code' },
  SHEET_ROW: { zh: '行', en: 'Row' },
  SHEET_FIELD: { zh: '字段', en: 'Field' },
  SHEET_ORIGINAL: { zh: '原值', en: 'Original value' },
  SHEET_MESSAGE: { zh: '问题', en: 'Problem' },
  SHEET_LINK: { zh: '位置', en: 'Cell' },
  SHEET_NO_PROBLEMS: { zh: '没有问题', en: 'No problems' },
  SHEET_INVALID_TITLE: { zh: '输入值不符合要求', en: 'Value not allowed' },
});
