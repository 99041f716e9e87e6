/**
 * What the command line says to a person, beside the codes other areas define; `--lang zh|en`, on
 * any command, picks the locale (Chinese unless asked).
 */
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
  // —— usage and files, every command ——
  CLI_UNKNOWN_COMMAND: { zh: '未知命令「{name}」', en: 'Unknown command "{name}"' },
  CLI_USAGE: { zh: '用法：{usage}', en: 'Usage: {usage}' },
  CLI_MISSING_OPTION: {
    zh: '缺少 {option}。用法：{usage}',
    en: 'Missing {option}. Usage: {usage}',
  },
  CLI_MISSING_UNIT: {
    zh: '缺少 --unit（填报单位代码）。用法：{usage}',
    en: 'Missing --unit (the submitting unit’s code). Usage: {usage}',
  },
  CLI_MISSING_LEDGER_FILES: {
    zh: '缺少台账文件。用法：{usage}',
    en: 'No ledger file given. Usage: {usage}',
  },
  CLI_BAD_DATE_OPTION: {
    zh: '{flag} 应为 YYYY-MM-DD 格式的日期（收到「{text}」）',
    en: '{flag} should be a date written YYYY-MM-DD (got "{text}")',
  },
  CLI_LANG_INVALID: {
    zh: '--lang 应为 zh 或 en（收到「{lang}」）',
    en: '--lang should be zh or en (got "{lang}")',
  },
  CLI_FILE_NOT_FOUND: { zh: '找不到文件：{file}', en: 'File not found: {file}' },
  CLI_CASES_FILE_NOT_FOUND: { zh: '找不到案件文件：{file}', en: 'Cases file not found: {file}' },
  CLI_EVALUATIONS_FILE_NOT_FOUND: {
    zh: '找不到测评文件：{file}',
    en: 'Evaluations file not found: {file}',
  },
  CLI_SETTINGS_FILE_NOT_FOUND: {
    zh: '找不到设置文件：{file}',
    en: 'Settings file not found: {file}',
  },
  CLI_LEDGER_FILE_NOT_FOUND: { zh: '找不到台账文件：{file}', en: 'Ledger file not found: {file}' },
  CLI_ORG_NOT_FOUND: {
    zh: '找不到组织架构文件：{file}',
    en: 'Organisation file not found: {file}',
  },
  CLI_UNIT_NOT_IN_ORG: {
    zh: '组织架构中没有单位代码 {unit}',
    en: 'The organisation has no unit {unit}',
  },
  CLI_NOT_JSON: {
    zh: '{file} 不是有效的 JSON：{reason}',
    en: '{file} is not valid JSON: {reason}',
  },
  CLI_SETTINGS_INVALID: {
    zh: '{file} 中的设置无效：{issues}',
    en: 'The settings in {file} are not valid: {issues}',
  },
  CLI_SETTINGS_ROOT: { zh: '(根)', en: '(top level)' },
  CLI_ISSUE_SEPARATOR: { zh: '；', en: '; ' },
  CLI_CONVERT_FAILED: { zh: '{file}：{reason}', en: '{file}: {reason}' },
  // —— cases and evaluations files (scores, escalation) ——
  CLI_CASES_SHAPE: {
    zh: '{file} 应为 { "cases": [ … ] }（一事一表的规范记录）',
    en: '{file} should be { "cases": [ … ] } (standard case records)',
  },
  CLI_CASE_BAD_DATE: {
    zh: '{file}：第 {index} 条案件的 {field} 不是 YYYY-MM-DD 日期',
    en: '{file}: case {index} has a {field} that is not a YYYY-MM-DD date',
  },
  CLI_CASE_EVENTS_NOT_LIST: {
    zh: '{file}：第 {index} 条案件的 events 应为数组',
    en: '{file}: the events of case {index} should be an array',
  },
  CLI_CASE_EVENT_BAD_DATE: {
    zh: '{file}：第 {index} 条案件的事件日期 on 不是 YYYY-MM-DD',
    en: '{file}: an event of case {index} has an on date that is not YYYY-MM-DD',
  },
  CLI_CASE_WITHOUT_NUMBER: {
    zh: '{file}：第 {index} 条案件缺少编号 caseNo',
    en: '{file}: case {index} has no caseNo',
  },
  CLI_EVALUATIONS_NOT_LIST: {
    zh: '{file} 的 evaluations 应为数组（满意度测评记录）',
    en: 'The evaluations of {file} should be an array (satisfaction-evaluation records)',
  },
  CLI_EVALUATION_INCOMPLETE: {
    zh: '{file}：第 {index} 条测评记录缺少 subject 或 evaluatorGroup',
    en: '{file}: evaluation {index} has no subject or no evaluatorGroup',
  },
  // —— figures as a person reads them (scores, assess) ——
  CLI_TOTAL: { zh: '合计', en: 'Total' },
  CLI_FIG_INTAKE: { zh: '受理量', en: 'Intake' },
  CLI_FIG_RESPONSE_RATE: { zh: '答复率', en: 'Reply rate' },
  CLI_FIG_ON_TIME_RATE: { zh: '按期办结率', en: 'Resolved on time' },
  CLI_FIG_CLOSURE_RATE: { zh: '办结率', en: 'Closure rate' },
  CLI_FIG_SATISFACTION_RATE: { zh: '满意率', en: 'Satisfaction rate' },
  CLI_FIG_COMPOSITE: { zh: '综合得分', en: 'Composite' },
  CLI_FIG_EVALUATION: { zh: '测评得分', en: 'Evaluation score' },
  CLI_FIG_TOTAL: { zh: '总分', en: 'Total score' },
  CLI_FIG_GRADE: { zh: '等次', en: 'Grade' },
  CLI_FIG_CHANGE: { zh: '同比', en: 'Year on year' },
  CLI_FIG_COVERAGE: { zh: '六个一遍', en: 'Six-visits coverage' },
  CLI_FIG_CONTACT_DAYS: { zh: '联系日出勤', en: 'Contact-day attendance' },
  CLI_FIG_DISPATCHED: { zh: '交办量', en: 'Dispatched' },
  CLI_FIG_DISPATCHED_SATISFACTION: { zh: '交办满意率', en: 'Dispatched satisfaction' },
  CLI_FIG_VETO: { zh: '一票否决', en: 'Veto' },
  CLI_ROLL_RANK: { zh: '排名', en: 'Rank' },
  CLI_ROLL_SUBJECT: { zh: '对象', en: 'Subject' },
  CLI_ROLL_NO_RECORDS: { zh: '无记录', en: 'no records' },
  CLI_ROLL_VETOED: { zh: '是（{reason}）', en: 'yes ({reason})' },
  CLI_ROLL_VETO_UNSTATED: { zh: '未注明', en: 'not stated' },
  CLI_ROLL_TITLE: {
    zh: '{year} 年度考核 · {unit} · {of}',
    en: '{year} annual roll · {unit} · {of}',
  },
  // —— assess ——
  CLI_YEAR_INVALID: {
    zh: '--year 应为四位年份（如 2026）。用法：{usage}',
    en: '--year should be a four-digit year (such as 2026). Usage: {usage}',
  },
  CLI_OF_INVALID: {
    zh: '--of 应为 units、departments 或 cadres（收到「{of}」）',
    en: '--of should be units, departments or cadres (got "{of}")',
  },
  CLI_LEDGERS_SHAPE: {
    zh: '{file} 应为 { "cases"?, "households"?, "visits"?, "evaluations"?, "cadres"? }',
    en: '{file} should be { "cases"?, "households"?, "visits"?, "evaluations"?, "cadres"? }',
  },
  CLI_LEDGER_NOT_LIST: {
    zh: '{file} 的 {key} 应为数组（规范记录）',
    en: 'The {key} of {file} should be an array (standard records)',
  },
  CLI_CADRE_AMBIGUOUS: {
    zh: '「{name}」（{where}）在干部名册中有同名干部，单位无法区分：未计入任何人',
    en: '"{name}" ({where}) shares the name of another cadre of the register and the unit does not tell them apart: counted for nobody',
  },
  CLI_EXPLAIN_INVALID: {
    zh: '--explain 须与 --figure 同用，--figure 应为 {figures} 之一（收到「{figure}」）',
    en: '--explain goes with --figure, and --figure should be one of {figures} (got "{figure}")',
  },
  CLI_NOT_ON_ROLL: {
    zh: '{year} 年 {unit} 的考核名单中没有对象 {key}',
    en: 'The {year} roll of {unit} has no subject {key}',
  },
  // —— escalation ——
  CLI_STANDING_HEAD: { zh: '截至 {asOf}：{count} 件', en: 'As of {asOf}: {count} cases' },
  CLI_SUPERVISION_HEAD: { zh: '督办清单 {count} 件', en: 'Supervision list: {count} cases' },
  CLI_WIDESPREAD: {
    zh: '普遍性问题 {category}：{areas}',
    en: 'Widespread problem {category}: {areas}',
  },
  CLI_DUE_SOON_HEAD: {
    zh: '临期（{days} 个工作日内到期）{count} 件',
    en: 'Due within {days} working days: {count} cases',
  },
  CLI_DUE_REPLY: { zh: '答复', en: 'reply' },
  CLI_DUE_RESOLUTION: { zh: '办结', en: 'resolution' },
  // —— calendar ——
  CLI_CALENDAR_NOT_FOUND: { zh: '找不到日历文件：{file}', en: 'Calendar file not found: {file}' },
  CLI_CALENDAR_BAD_LINE: {
    zh: '{file} 第 {line} 行应为「YYYY-MM-DD,holiday|workday」：{text}',
    en: '{file} line {line} should be "YYYY-MM-DD,holiday|workday": {text}',
  },
  CLI_CALENDAR_EMPTY: { zh: '{file} 中没有日期', en: '{file} holds no dates' },
  CLI_CALENDAR_GAP: {
    zh: '注意：{years} 年的节假日安排未载入，这些年份的到期日只按周末推算（可用 --calendar 提供，或由区管理员用 minqing calendar import 导入）',
    en: 'Note: the holiday schedule of {years} is not loaded; due dates in those years count weekends only (give it with --calendar, or a district admin loads it with minqing calendar import)',
  },
  CLI_CALENDAR_IMPORTED: {
    zh: '已导入 {years} 年：节假日 {holidays} 天，调休上班 {workdays} 天；重算案件 {recomputed} 件',
    en: 'Imported {years}: {holidays} holidays, {workdays} swapped working days; {recomputed} cases recomputed',
  },
  CLI_CALENDAR_IMPORT_FAILED: { zh: '导入失败：{reason}', en: 'Import failed: {reason}' },
  // —— signing in, import, export ——
  CLI_PASSWORD_MISSING: {
    zh: '请用 --password-stdin 从标准输入提供密码（或设置 MINQING_PASSWORD）',
    en: 'Give the password on standard input with --password-stdin (or set MINQING_PASSWORD)',
  },
  CLI_SIGN_IN_FAILED: { zh: '登录失败：{reason}', en: 'Sign-in failed: {reason}' },
  CLI_UNREACHABLE: {
    zh: '无法连接服务器 {server}：{reason}',
    en: 'Cannot reach the server {server}: {reason}',
  },
  CLI_SERVER_REFUSED: {
    zh: '服务器未能完成请求（{status} {code}）：{reason}',
    en: 'The server did not complete the request ({status} {code}): {reason}',
  },
  CLI_CONCURRENCY_INVALID: {
    zh: '--concurrency 应为 1 到 {max} 的整数（收到「{value}」）',
    en: '--concurrency should be a whole number from 1 to {max} (got "{value}")',
  },
  CLI_IMPORT_REFUSED: { zh: '被拒绝：{reason}', en: 'refused: {reason}' },
  CLI_IMPORT_ROW_ISSUE: { zh: '{file} 第 {row} 行 {message}', en: '{file} row {row}: {message}' },
  CLI_IMPORT_DONE: { zh: '完成', en: 'done' },
  CLI_IMPORT_UNREADABLE: { zh: '未导入：{reason}', en: 'not imported: {reason}' },
  CLI_IMPORT_HAS_ERRORS: { zh: '未提交（有错误）', en: 'not submitted (errors)' },
  CLI_RECEIPT: {
    zh: '#{id} 第 {version} 版：新增 {inserted}，更新 {updated}，未变 {unchanged}',
    en: '#{id} version {version}: {inserted} added, {updated} updated, {unchanged} unchanged',
  },
  CLI_COL_FILE: { zh: '文件', en: 'File' },
  CLI_COL_LEDGER: { zh: '台账', en: 'Ledger' },
  CLI_COL_ROWS: { zh: '行数', en: 'Rows' },
  CLI_COL_ERRORS: { zh: '错误', en: 'Errors' },
  CLI_COL_RECEIPT: { zh: '回执', en: 'Receipt' },
  CLI_KIND_UNKNOWN: {
    zh: '未知台账类型 {kind}；可选：{kinds}',
    en: 'Unknown ledger kind {kind}; one of: {kinds}',
  },
  CLI_EXPORT_FORBIDDEN: {
    zh: '无权导出 {unit}：{reason}',
    en: 'Not allowed to export {unit}: {reason}',
  },
  CLI_EXPORTED: { zh: '{file}：{count} 条', en: '{file}: {count} records' },
});
