/** The task pane's own words, Chinese first; `t(key)` in the chosen locale. */
import { defineMessages, message } from '../../shared/i18n.ts';

// Pane keys are camelCase, so they never meet the SCREAMING_SNAKE codes of the other areas.
const STRINGS = defineMessages({
  title: { zh: '民情台账', en: 'Minqing' },
  tabConvert: { zh: '转换', en: 'Convert' },
  tabSubmit: { zh: '提交', en: 'Submit' },
  tabReview: { zh: '审核', en: 'Review' },
  tabScores: { zh: '汇总', en: 'Scores' },
  tabNotice: { zh: '公示', en: 'Notice' },
  tabRoll: { zh: '年度考核', en: 'Annual roll' },
  referTitle: { zh: '提交区委常委会', en: 'Refer to the standing committee' },
  referHint: {
    zh: '综合性疑难问题由区视情提交常委会研究；逾期不会自动升到常委会。案件 id 见「督办清单」。',
    en: 'The district refers complex cases case by case; overdue cases never climb there by themselves. The case id is in the supervision sheet (案件 id).',
  },
  referId: { zh: '案件 id', en: 'Case id' },
  referReason: { zh: '提交理由', en: 'Reason' },
  referMeeting: { zh: '会议日期', en: 'Meeting date' },
  refer: { zh: '提交常委会', en: 'Refer' },
  referred: {
    zh: '案件 {id} 已提交区委常委会（会议日期 {meeting}）',
    en: 'Case {id} referred to the standing committee (meeting {meeting})',
  },
  dispatchTitle: { zh: '派单给职能部门', en: 'Dispatch to a department' },
  dispatchHint: {
    zh: '定人定时定方案：部门的答复、办结期限自派单之日起算；只有派单使部门能查看和办理案件。',
    en: "Named person, deadline and plan: the department's time limits run from the dispatch day; only a dispatch lets the department see and handle the case.",
  },
  // Not “案件 id”: the referral form beside it has that label.
  dispatchId: { zh: 'id（派单的案件）', en: 'Id of the case to dispatch' },
  dispatchDepartment: { zh: '承办部门', en: 'Department' },
  dispatchHandler: { zh: '承办人', en: 'Handler' },
  dispatchPlan: { zh: '办理方案', en: 'Plan' },
  dispatch: { zh: '派单', en: 'Dispatch' },
  reassign: { zh: '改派', en: 'Reassign' },
  grantExtension: { zh: '批准延期', en: 'Grant the extension' },
  dispatched: {
    zh: '案件 {id} 已派给 {department}（{on}），办结期限 {due}',
    en: 'Case {id} dispatched to {department} ({on}), to be resolved by {due}',
  },
  extensionGranted: {
    zh: '案件 {id} 已批准延期 {days} 天，办结期限 {due}',
    en: 'Case {id}: extension of {days} days granted, to be resolved by {due}',
  },
  language: { zh: 'English', en: '中文' },
  unit: { zh: '填报单位', en: 'Submitting unit' },
  recognise: { zh: '识别当前工作表', en: 'Recognise this sheet' },
  recognised: { zh: '识别为', en: 'Recognised as' },
  headerRow: { zh: '表头在第 {row} 行', en: 'Header on row {row}' },
  mapping: { zh: '列对应', en: 'Column mapping' },
  column: { zh: '列', en: 'Column' },
  header: { zh: '表头', en: 'Header' },
  field: { zh: '字段', en: 'Field' },
  notImported: { zh: '— 不导入 —', en: '— leave out —' },
  mapColumn: {
    zh: '{letter} 列「{header}」对应的字段',
    en: 'Field for column {letter} ({header})',
  },
  remembered: { zh: '已记住', en: 'remembered' },
  templateKind: { zh: '台账类型', en: 'Ledger kind' },
  preview: { zh: '工作簿预览', en: 'Workbook preview' },
  good: { zh: '正确', en: 'Good' },
  wrong: { zh: '有误', en: 'Wrong' },
  skipped: { zh: '跳过', en: 'Skipped' },
  generate: { zh: '生成规范台账', en: 'Write standard ledger' },
  recheck: { zh: '重新校验', en: 'Check again' },
  template: { zh: '新建空白台账', en: 'New blank ledger' },
  written: {
    zh: '已生成「{sheet}」，问题见「{problems}」',
    en: 'Wrote "{sheet}"; problems on "{problems}"',
  },
  checked: { zh: '共 {rows} 行，{issues} 处问题', en: '{rows} rows, {issues} problems' },
  server: { zh: '服务器地址（留空为本机）', en: 'Server address (blank: this host)' },
  username: { zh: '用户名', en: 'User name' },
  password: { zh: '密码', en: 'Password' },
  signIn: { zh: '登录', en: 'Sign in' },
  signOut: { zh: '退出', en: 'Sign out' },
  signedIn: { zh: '已登录：{name}（{unit}）', en: 'Signed in: {name} ({unit})' },
  period: { zh: '报送期', en: 'Period' },
  submit: { zh: '提交', en: 'Submit' },
  submitted: {
    zh: '已提交：第 {version} 版，新增 {inserted}，更新 {updated}，未变 {unchanged}',
    en: 'Submitted: version {version}, {inserted} new, {updated} updated, {unchanged} unchanged',
  },
  sameAgain: {
    zh: '该工作簿已提交过，回执不变',
    en: 'This workbook was submitted before; same receipt',
  },
  fixFirst: { zh: '有 {issues} 处问题，请先修改', en: '{issues} problems; fix them first' },
  serverRejected: {
    zh: '服务器退回 {issues} 处问题，涉及 {count} 行（第 {rows} 行），已标在「{sheet}」和「{problems}」',
    en: 'The server found {issues} problems in {count} rows (rows {rows}), marked on "{sheet}" and listed on "{problems}"',
  },
  andMore: { zh: '等', en: 'and more' },
  dismiss: { zh: '关闭提示', en: 'Dismiss' },
  submitting: { zh: '提交进度', en: 'Submission progress' },
  noLedger: { zh: '请先生成规范台账', en: 'Write a standard ledger first' },
  inbox: { zh: '待审核', en: 'Inbox' },
  refresh: { zh: '刷新', en: 'Refresh' },
  open: { zh: '打开', en: 'Open' },
  accept: { zh: '接收', en: 'Accept' },
  returnIt: { zh: '退回', en: 'Return' },
  reason: { zh: '退回原因', en: 'Reason' },
  forward: { zh: '上报本期', en: 'Forward period' },
  empty: { zh: '没有待审核的报送', en: 'Nothing to review' },
  by: { zh: '分组', en: 'Group by' },
  byChildren: { zh: '下级单位', en: 'Child units' },
  byArea: { zh: '居民区', en: 'Areas' },
  byDepartment: { zh: '职能部门', en: 'Departments' },
  byCadre: { zh: '干部', en: 'Cadres' },
  pull: { zh: '拉取汇总', en: 'Pull scores' },
  pulled: {
    zh: '已写入汇总、督办清单和问题分析',
    en: 'Wrote scores, supervision and problem lists',
  },
  month: { zh: '公示月份', en: 'Month' },
  notice: { zh: '生成公示表', en: 'Write notice' },
  mustChangePassword: {
    zh: '请先修改密码（初始、重置或已过期的密码）',
    en: 'Change your password first (initial, reset or expired)',
  },
  passwordPolicy: {
    zh: '新密码至少 10 位，含大写字母、小写字母、数字、符号中的三类；不能包含用户名，也不能是演示密码或常见的默认密码。',
    en: 'At least 10 characters from three of upper case, lower case, digits and symbols; not containing the username, not the demo password or a known default.',
  },
  oldPassword: { zh: '原密码', en: 'Current password' },
  newPassword: { zh: '新密码', en: 'New password' },
  newPasswordAgain: { zh: '再次输入新密码', en: 'New password again' },
  changePassword: { zh: '修改密码', en: 'Change password' },
  passwordsDiffer: { zh: '两次输入的新密码不一致', en: 'The two new passwords differ' },
  passwordChanged: {
    zh: '密码已修改，已登录：{name}（{unit}）',
    en: 'Password changed. Signed in: {name} ({unit})',
  },
  noticeList: { zh: '列出公示事项', en: 'List notice lines' },
  noticeListed: {
    zh: '请核对每条事项的公示标题，再生成公示表',
    en: 'Check each line’s subject, then write the notice',
  },
  noticeListFirst: {
    zh: '请先列出公示事项并核对标题',
    en: 'List the notice lines and check them first',
  },
  noticeOpen: { zh: '本月承诺办理事项', en: 'Promised this month' },
  noticeSettled: { zh: '上月事项办理结果', en: 'Settled last month' },
  noticeSubject: { zh: '事项 {n}', en: 'Subject {n}' },
  networkError: {
    zh: '无法连接服务器，请检查网络后重试',
    en: 'Cannot reach the server; check the network and try again',
  },
  noticeDone: { zh: '公示表已生成，可直接打印', en: 'Notice written, ready to print' },
  signInFirst: { zh: '请先在“提交”中登录', en: 'Sign in under Submit first' },
  working: { zh: '处理中…', en: 'Working…' },
  calendarGap: {
    zh: '注意：{years} 年的节假日安排未载入，相关到期日仅按周末推算；请区管理员导入该年安排',
    en: 'Note: no holiday schedule is loaded for {years}; those due dates count weekends only — a district admin should import it',
  },
  dueSoon: { zh: '生成临期清单', en: 'Write due-soon list' },
  dueSoonDone: {
    zh: '已生成临期清单：{count} 项，截至 {until}',
    en: 'Wrote the due-soon list: {count} items through {until}',
  },
  calendarFile: {
    zh: '节假日安排（CSV：日期,holiday|workday）',
    en: 'Holiday schedule (CSV: date,holiday|workday)',
  },
  calendarImport: { zh: '导入节假日安排', en: 'Import holiday schedule' },
  calendarChoose: { zh: '请先选择节假日安排 CSV 文件', en: 'Choose a holiday schedule CSV first' },
  calendarBadLine: {
    zh: '第 {line} 行应为「YYYY-MM-DD,holiday|workday」：{text}',
    en: 'Line {line} should be "YYYY-MM-DD,holiday|workday": {text}',
  },
  calendarImported: {
    zh: '已导入 {years} 年：节假日 {holidays} 天，调休上班 {workdays} 天；重算案件 {recomputed} 件',
    en: 'Imported {years}: {holidays} holidays, {workdays} make-up workdays; {recomputed} cases recomputed',
  },
  // —— 年度考核 (the roll screen) ——
  rollYear: { zh: '考核年度', en: 'Year' },
  rollOf: { zh: '名单', en: 'Roll of' },
  rollOfUnits: { zh: '街道与居民区', en: 'Sub-districts and areas' },
  rollOfDepartments: { zh: '职能部门', en: 'Departments' },
  rollOfCadres: { zh: '干部', en: 'Cadres' },
  rollPull: { zh: '拉取年度考核', en: 'Pull the annual roll' },
  rollKey: { zh: '对象编码', en: 'Subject code' },
  rollFigure: { zh: '指标', en: 'Figure' },
  rollExplain: { zh: '生成依据表', en: 'Write the records behind it' },
  figureResponseRate: { zh: '答复率', en: 'Reply rate' },
  figureOnTimeResolutionRate: { zh: '按期办结率', en: 'Resolved on time' },
  figureClosureRate: { zh: '办结率', en: 'Closure rate' },
  figureSatisfactionRate: { zh: '满意率', en: 'Satisfaction rate' },
  figureEvaluationScore: { zh: '测评得分', en: 'Evaluation score' },
  figureCoverage: { zh: '六个一遍', en: 'Six-visits coverage' },
  figureContactDayAttendance: { zh: '联系日出勤', en: 'Contact-day attendance' },
  rollNotFinal: {
    zh: '{year} 年未定稿：按现有记录计算',
    en: '{year} not finalised: computed from the records as they stand',
  },
  rollFinal: {
    zh: '已拉取定稿第 {revision} 版（{signedBy}，{signedOn}{correction}）{appeals}',
    en: 'Pulled finalised revision {revision} ({signedBy}, {signedOn}{correction}){appeals}',
  },
  rollCorrection: { zh: '；更正理由：{reason}', en: '; corrected because: {reason}' },
  rollOpenAppeals: { zh: '；待答复申诉 {count} 件', en: '; {count} appeals awaiting an answer' },
  rollPulled: {
    zh: '{revision}；{rows} 行已写入「年度考核」表',
    en: '{revision}; {rows} rows written to the annual roll sheet',
  },
  rollPullFirst: { zh: '请先拉取年度考核', en: 'Pull the annual roll first' },
  rollExplained: {
    zh: '「{sheet}」已写入：{count} 条记录',
    en: '"{sheet}" written: {count} records',
  },
  rollSettingsLegend: {
    zh: '本年度考核设置（区管理员）',
    en: 'This year’s assessment settings (district admin)',
  },
  rollWeightResponse: { zh: '答复率权重', en: 'Weight of the reply rate' },
  rollWeightOnTime: { zh: '按期办结率权重', en: 'Weight of resolved on time' },
  rollWeightSatisfaction: { zh: '满意率权重', en: 'Weight of the satisfaction rate' },
  rollWeightComposite: { zh: '总分中综合得分权重', en: 'Weight of the composite in the total' },
  rollWeightEvaluation: {
    zh: '总分中测评得分权重',
    en: 'Weight of the evaluation score in the total',
  },
  rollGrades: { zh: '等次', en: 'Grades' },
  rollSaveSettings: { zh: '保存设置', en: 'Save settings' },
  rollWeightInvalid: {
    zh: '权重须为不小于 0 的数',
    en: 'A weight must be a number not below 0',
  },
  rollSettingsSaved: {
    zh: '{year} 年考核设置已保存：等次 {grades}',
    en: 'Settings of {year} saved: grades {grades}',
  },
  listSeparator: { zh: '、', en: ', ' },
});

export type StringKey = keyof typeof STRINGS;
export type UiLocale = 'zh' | 'en';

let current: UiLocale = (localStorage.getItem('minqing.locale') as UiLocale | null) ?? 'zh';

export function locale(): UiLocale {
  return current;
}

export function setLocale(next: UiLocale): void {
  current = next;
  localStorage.setItem('minqing.locale', next);
  document.documentElement.lang = next === 'zh' ? 'zh-CN' : 'en';
}

export function t(key: StringKey, params: Record<string, string | number> = {}): string {
  return message(key, params, current);
}
