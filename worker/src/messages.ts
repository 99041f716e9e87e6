/** Messages of the Worker's error codes (request, auth, scope and workflow problems). */
import { defineMessages } from '../../shared/i18n.ts';

defineMessages({
  BAD_REQUEST: { zh: '请求有误', en: 'Bad request' },
  MALFORMED_JSON: { zh: '请求内容不是有效的 JSON', en: 'The request body is not valid JSON' },
  INVALID_REQUEST: {
    zh: '请求内容不符合要求：{detail}',
    en: 'The request does not match what is expected: {detail}',
  },
  PAYLOAD_TOO_LARGE: {
    zh: '请求内容过大（上限 {limit}）',
    en: 'The request body is too large (limit {limit})',
  },
  NOT_FOUND: { zh: '找不到请求的内容', en: 'Not found' },
  UNAUTHENTICATED: { zh: '请先登录', en: 'Please log in' },
  SESSION_EXPIRED: {
    zh: '登录已过期，请重新登录',
    en: 'Your session has expired; please log in again',
  },
  BAD_CREDENTIALS: { zh: '用户名或密码错误', en: 'Wrong username or password' },
  ACCOUNT_LOCKED: {
    zh: '密码错误次数过多，账号在此网络地址上已锁定至 {until}',
    en: 'Too many wrong passwords; the account is locked from this address until {until}',
  },
  ACCOUNT_DISABLED: { zh: '账号已停用', en: 'The account is disabled' },
  UNIT_REMOVED: {
    zh: '账号所属单位已撤销，不能再使用；请联系区管理员',
    en: "The account's unit has been removed; ask the district admin",
  },
  UNIT_HAS_CHILDREN: {
    zh: '单位 {unit} 下还有 {count} 个下级单位，请先迁移或撤销它们',
    en: 'Unit {unit} still has {count} child units; move or remove them first',
  },
  PASSWORD_UNCHANGED: {
    zh: '新密码不能与旧密码相同',
    en: 'The new password must differ from the old one',
  },
  PASSWORD_CHANGE_REQUIRED: {
    zh: '请先修改密码（初始密码、重置的密码或超过有效期的密码须修改后才能继续使用）',
    en: 'Change your password first (an initial, reset or expired password must be changed before anything else)',
  },
  FORBIDDEN: {
    zh: '无权执行此操作（{action}，单位 {unit}）',
    en: 'Not allowed: {action} on unit {unit}',
  },
  UNIT_NOT_FOUND: { zh: '单位不存在：{unit}', en: 'No such unit: {unit}' },
  UNIT_EXISTS: { zh: '单位编码已存在：{unit}', en: 'The unit code already exists: {unit}' },
  UNIT_CYCLE: {
    zh: '不能把单位移到它自己的下级：{unit}',
    en: 'A unit cannot move below itself: {unit}',
  },
  BAD_PARENT: {
    zh: '上级单位不合适：{kind} 不能隶属于 {parentKind}',
    en: 'Unsuitable parent: a {kind} cannot belong to a {parentKind}',
  },
  BAD_ORG_CSV: { zh: '组织机构文件有误：{detail}', en: 'The org file is malformed: {detail}' },
  USERNAME_TAKEN: {
    zh: '用户名已存在（不区分大小写）：{username}',
    en: 'The username is taken (ignoring case): {username}',
  },
  USERNAME_IS_UNIT_CODE: {
    zh: '用户名 {username} 是另一单位（{unit}）的代码，会被误认为该单位的账号；请换一个用户名',
    en: 'The username {username} is the code of another unit ({unit}) and would pass for its account; choose another',
  },
  LAST_ADMIN: {
    zh: '{unit} 至少要保留一个启用的管理员账号：请先为另一个账号授予管理员角色',
    en: '{unit} must keep at least one enabled admin account: make another account admin first',
  },
  ZERO_WEIGHTS: {
    zh: '「{field}」的权重不能全部为 0：否则所有综合得分都无法计算',
    en: 'The weights of "{field}" cannot all be 0: no composite score could be computed',
  },
  INVALID_YEAR_SETTINGS: {
    zh: '考核年度设置无效：{detail}（等次分数线应从高到低、最后一档为 0，总分权重不能全为 0）',
    en: 'The assessment year settings are not valid: {detail} (grade thresholds falling, the last 0; total weights not all 0)',
  },
  IDEMPOTENCY_KEY_REQUIRED: {
    zh: '提交须带 Idempotency-Key 请求头',
    en: 'A submission needs an Idempotency-Key header',
  },
  IDEMPOTENCY_KEY_REUSED: {
    zh: '同一 Idempotency-Key 已用于内容不同的提交',
    en: 'This Idempotency-Key was already used for a different submission',
  },
  INVALID_ROWS: {
    zh: '台账有 {count} 处错误，未保存任何内容',
    en: 'The ledger has {count} errors; nothing was saved',
  },
  EVALUATION_NOT_ALLOWED: {
    zh: '测评表有 {count} 行不能由本单位提交，未保存任何内容',
    en: '{count} ratings may not be submitted by this unit; nothing was saved',
  },
  SUBMISSION_CONFLICT: {
    zh: '同一台账正在被同时提交，请稍后重试',
    en: 'The same ledger is being submitted at the same time; please retry',
  },
  INVALID_STATE: {
    zh: '当前状态“{status}”下不能执行此操作',
    en: 'Not possible while the status is "{status}"',
  },
  PENDING_REVIEW: {
    zh: '尚有 {count} 份下级台账未审核，不能上报',
    en: '{count} submissions of lower units are not reviewed yet; cannot forward',
  },
  NOTHING_TO_FORWARD: {
    zh: '{period} 没有可上报的台账',
    en: 'Nothing to forward for {period}',
  },
  RECORD_NOT_CURRENT: {
    zh: '此记录不在其台账的有效版本中（该版本已退回，或新版本已删去此行），不能修改；请在台账中补回此行后重新提交',
    en: 'This record is not in the counting version of its ledger (that version was returned, or a newer one dropped the row); add the row back to the ledger and submit it again',
  },
  RECORD_CHANGED: {
    zh: '记录已被他人修改，请刷新后重试',
    en: 'The record was changed by someone else; reload and retry',
  },
  FIRST_RECEIVER_FIXED: {
    zh: '首问责任人不能更改（首问负责制）',
    en: 'The first receiver never changes (first-receiver responsibility)',
  },
  INVALID_CHANGE: { zh: '修改不符合台账规则', en: 'The change breaks the ledger rules' },
  BOOTSTRAP_CLOSED: {
    zh: '初始化只允许在本地、且尚无账号时进行',
    en: 'Bootstrap is only allowed locally on an empty database',
  },
  ALREADY_REFERRED: {
    zh: '该案件已提交区委常委会（常委会层级），不能重复提交',
    en: 'The case is already referred to the standing committee',
  },
  MEETING_IN_FUTURE: {
    zh: '会议日期 {value} 晚于今天；请在会议决定后登记提交常委会',
    en: 'Meeting date {value} is after today; record the referral once the meeting decided it',
  },
  MEETING_BEFORE_RECEIPT: {
    zh: '会议日期 {value} 早于受理日期 {receivedOn}',
    en: 'Meeting date {value} is before the case was received ({receivedOn})',
  },
  NOT_A_DEPARTMENT: {
    zh: '「{value}」不是本区的职能部门；派单只能派给区职能部门（写部门全称或代码）',
    en: '"{value}" is not a functional department of this district; a case is dispatched to a district department (its name or code)',
  },
  ALREADY_DISPATCHED: {
    zh: '该案件已派单；要换承办部门请改派',
    en: 'The case is already dispatched; reassign it to change the department',
  },
  NOT_DISPATCHED: {
    zh: '该案件尚未派单给职能部门',
    en: 'The case is not dispatched to a department',
  },
  SAME_DEPARTMENT: {
    zh: '改派须换一个承办部门；该案件已由此部门承办',
    en: 'A reassignment names another department; this one already handles the case',
  },
  EXTENSION_USED: {
    zh: '每次派单只能申请一次延期；本次派单已申请或已批准延期',
    en: 'One extension per dispatch; this dispatch already has one asked for or granted',
  },
  NO_EXTENSION_ASKED: {
    zh: '没有待批准的延期申请',
    en: 'No extension is waiting to be granted',
  },
  FUTURE_SWEEP: {
    zh: '不能按将来的日期 {date} 运行逐级升级（今天是 {today}）：将来日期的升级事件无法撤回',
    en: 'The sweep cannot run for a future day {date} (today is {today}): future climbs could not be undone',
  },
  INVALID_CURSOR: {
    zh: '分页游标无效：请使用上一页返回的 nextCursor',
    en: 'Invalid pagination cursor: use the nextCursor of the previous page',
  },
  CONTENT_ENCODING_UNSUPPORTED: {
    zh: '不支持的请求压缩方式「{encoding}」：请用 gzip 或不压缩',
    en: 'Unsupported request encoding "{encoding}": send gzip or no encoding',
  },
  CONTENT_ENCODING_INVALID: {
    zh: '请求内容声明为 gzip 压缩，但无法解压',
    en: 'The request body is declared gzip but cannot be inflated',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    zh: '请求内容须为 JSON（Content-Type: application/json）',
    en: 'The request body must be JSON (Content-Type: application/json)',
  },
  ROLL_ROW_NOT_FOUND: {
    zh: '{year} 年 {unit} 的年度考核名单中没有对象 {key}：请填写名单中的单位编码或干部编号',
    en: 'The {year} roll of {unit} has no row {key}: give a unit code or cadre number of the roll',
  },
  ROLL_ALREADY_FINALISED: {
    zh: '{year} 年的考核名单（{of}）已定稿，不能再次定稿；更正请新建修订并写明理由',
    en: 'The {year} roll ({of}) is finalised already; a correction is a new revision with its reason',
  },
  ROLL_NOT_FINALISED: {
    zh: '{year} 年的考核名单（{of}）尚未定稿：先定稿，才能修订或申诉',
    en: 'The {year} roll ({of}) is not finalised: finalise it before revising or appealing',
  },
  REVISION_NOT_FOUND: {
    zh: '{year} 年的考核名单（{of}）没有第 {revision} 版',
    en: 'The {year} roll ({of}) has no revision {revision}',
  },
  APPEAL_NOT_FOUND: { zh: '找不到申诉 {id}', en: 'No such appeal: {id}' },
  APPEAL_ANSWERED: {
    zh: '申诉 {id} 已答复，不能再次答复；如有新的理由请重新申诉',
    en: 'Appeal {id} is answered already; file a new appeal with new reasons',
  },
  APPEAL_OPEN: {
    zh: '{key} 的「{figure}」已有未答复的申诉，请等待区里答复',
    en: 'An appeal against {figure} of {key} is waiting for its answer',
  },
});
