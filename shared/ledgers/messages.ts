/**
 * Messages of the ledger codes. `{field}` is the column's label; `{value}` what was written.
 * Every message says what was wrong and what is allowed.
 */
import { defineMessages } from '../i18n.ts';

defineMessages({
  REQUIRED: { zh: '「{field}」不能为空', en: '"{field}" is required' },
  BAD_TYPE: {
    zh: '「{field}」的值类型不对，应为{expected}',
    en: '"{field}" has the wrong type; expected {expected}',
  },
  BAD_TEXT: {
    zh: '「{field}」含有不可见的控制字符，请删除后重新填写',
    en: '"{field}" contains control characters; remove them',
  },
  BIDI_CONTROL: {
    zh: '「{field}」含有改变文字显示方向的不可见字符（U+202A–202E、U+2066–2069），显示的内容可能与实际不同；请删除后重新填写',
    en: '"{field}" contains invisible bidi controls (U+202A–202E, U+2066–2069) that change how the text displays; remove them',
  },
  TOO_LONG: {
    zh: '「{field}」有 {length} 个字，最多 {max} 个字',
    en: '"{field}" has {length} characters; at most {max} are allowed',
  },
  BAD_DATE: {
    zh: '「{field}」的「{value}」不是有效日期；可写 2026-05-03、2026/5/3、2026.5.3、2026年5月3日 或 20260503',
    en: '"{field}": "{value}" is not a valid date; write 2026-05-03, 2026/5/3, 2026.5.3, 2026年5月3日 or 20260503',
  },
  AMBIGUOUS_DATE: {
    zh: '「{field}」的「{value}」年份或日月顺序不明确（两位年份、日/月/年，或只有月和日），请写四位年份在前的完整日期，如 2026-03-05',
    en: '"{field}": "{value}" is ambiguous (two-digit year, day-first order, or month and day only); write the full year first, e.g. 2026-03-05',
  },
  MISSING_YEAR: {
    zh: '「{field}」的「{value}」没有年份，表格标题中也没有写年份；请写完整日期，如 2026-05-03',
    en: '"{field}": "{value}" has no year and the title states none; write a full date, e.g. 2026-05-03',
  },
  FUTURE_DATE: {
    zh: '「{field}」{value} 晚于填报日期 {asOf}，不能是将来的日期',
    en: '"{field}" {value} is after the filing date {asOf}; it cannot be in the future',
  },
  DATE_BEFORE_RECEIVED: {
    zh: '「{field}」{value} 早于「{other}」{otherValue}',
    en: '"{field}" {value} is before "{other}" {otherValue}',
  },
  REVISIT_BEFORE_RESOLUTION: {
    zh: '「{field}」{value} 早于「{other}」{otherValue}，回访应在办结之后',
    en: '"{field}" {value} is before "{other}" {otherValue}; the return visit follows the resolution',
  },
  BAD_PHONE: {
    zh: '「{field}」的「{value}」不是有效电话：手机为 13–19 开头的 11 位数字，座机为区号加 7–8 位号码（如 021-65012345），或 8 位本地号码',
    en: '"{field}": "{value}" is not a valid phone: an 11-digit mobile starting 13–19, a landline with area code (e.g. 021-65012345), or an 8-digit local number',
  },
  UNKNOWN_VALUE: {
    zh: '「{field}」的「{value}」不是可选值；可选：{allowed}',
    en: '"{field}": "{value}" is not an allowed value; allowed: {allowed}',
  },
  BAD_BOOLEAN: {
    zh: '「{field}」的「{value}」无法识别；请填 是/否（也可写 已签/未签、√/×、Y/N）',
    en: '"{field}": "{value}" is not yes or no; write 是/否 (or 已签/未签, √/×, Y/N)',
  },
  NOT_INTEGER: {
    zh: '「{field}」的「{value}」不是整数',
    en: '"{field}": "{value}" is not a whole number',
  },
  NOT_NUMBER: {
    zh: '「{field}」的「{value}」不是数字',
    en: '"{field}": "{value}" is not a number',
  },
  OUT_OF_RANGE: {
    zh: '「{field}」的 {value} 超出范围，应在 {min}–{max} 之间',
    en: '"{field}": {value} is out of range; allowed {min}–{max}',
  },
  BAD_PERIOD: {
    zh: '「{field}」的「{value}」不是测评期；可写 2026、2026H1（上半年）、2026Q2（第二季度）或 2026-05',
    en: '"{field}": "{value}" is not a period; write 2026, 2026H1, 2026Q2 or 2026-05',
  },
  UNKNOWN_UNIT: {
    zh: '「{field}」找不到单位「{value}」；请写全称、简称（去掉“居民区”等）或单位代码',
    en: '"{field}": no unit "{value}"; write its full name, its name without the suffix, or its code',
  },
  NOT_ASSIGNABLE: {
    zh: '「{field}」的「{value}」不能承办本单位的案件；可填区职能部门，或填报单位 {unit} 下属的单位',
    en: '"{field}": "{value}" cannot handle this unit\'s cases; name a district department or a unit under the submitting unit {unit}',
  },
  NOT_IN_UNIT: {
    zh: '「{field}」的「{value}」不属于填报单位 {unit}',
    en: '"{field}": "{value}" does not belong to the submitting unit {unit}',
  },
  UNKNOWN_FIELD: {
    zh: '「{field}」不是{ledger}的字段',
    en: '"{field}" is not a field of the {ledger}',
  },
  DUPLICATE: {
    zh: '「{field}」{value} 与第 {firstRow} 行重复',
    en: '"{field}" {value} repeats row {firstRow}',
  },
  RESOLVED_WITHOUT_DATE: {
    zh: '办理状态为“已办结”时必须填写「{field}」',
    en: '"{field}" is required when the status is 已办结 (resolved)',
  },
  RESOLVED_WITHOUT_RESULT: {
    zh: '办理状态为“已办结”时必须填写「{field}」',
    en: '"{field}" is required when the status is 已办结 (resolved)',
  },
  RATED_BEFORE_REPLY: {
    zh: '「{field}」只能在“已答复”或“已办结”后填写（未答复的事项请填“未评价”）',
    en: '"{field}" can only be given once the case is 已答复 or 已办结 (otherwise 未评价)',
  },
  DISPATCHED_WITHOUT_ASSIGNEE: {
    zh: '填写了「{field}」但没有承办单位；派单须写明承办单位',
    en: '"{field}" is given but the case has no handling unit; a dispatch names its handling unit',
  },
  SIGNED_WITHOUT_RESOLUTION: {
    zh: '「{field}」为“是”时必须有办结日期',
    en: '"{field}" is yes but the case has no resolution date',
  },
  VETO_WITHOUT_REASON: {
    zh: '一票否决时必须写明「{field}」：重大信访事件、不作为或其他',
    en: 'A veto needs "{field}": 重大信访事件, 不作为 or 其他',
  },
  NO_RATING: {
    zh: '「{field}」和四项评分不能都为空',
    en: '"{field}" and the four item scores cannot all be empty',
  },
});
