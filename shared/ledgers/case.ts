/** 一事一表 — the case form: one row per resident's request or complaint (docs/rules.md, Ledgers). */
import { defineLedger, field, notBefore, type RecordType } from './fields.ts';

export const CHANNEL_SYNONYMS = {
  走访: ['面对面', '上门', '定点联系日', '走访发现'],
  接待: ['来访', '接待日', '群众来访'],
  来电: ['电话', '热线', '电话专线', '1890', '12345'],
  来信: ['信件', '书记信箱', '信访'],
  网上: ['网络', '邮箱', '区长在线', '网上通', '电子邮件'],
  征求意见卡: ['意见卡', '连心卡'],
  结对: ['结对帮扶'],
  其他: [],
} as const;

export const CATEGORY_SYNONYMS = {
  基础设施: [],
  城市管理: [],
  住房与旧改: ['旧改', '动拆迁', '住房'],
  就业与社保: ['就业', '社保'],
  社会救助: ['救助', '帮困'],
  医疗卫生: ['医疗'],
  教育: [],
  治安与纠纷: ['矛盾纠纷', '治安'],
  环境卫生: ['环卫'],
  企业服务: ['产业发展'],
  政策咨询: [],
  其他: [],
} as const;

export const STATUS_SYNONYMS = {
  已受理: ['受理', '登记', '已登记'],
  办理中: ['正在办理', '处理中', '在办'],
  已答复: ['已回复', '答复', '回复'],
  已办结: ['办结', '已解决', '完成', '已完成', '解决'],
  上报: ['无法解决', '需上级协调', '提交上级', '已上报'],
} as const;

export const SATISFACTION_SYNONYMS = {
  满意: ['非常满意', '很满意'],
  基本满意: ['比较满意', '一般'],
  不满意: ['很不满意', '非常不满意'],
  未评价: ['未评', '未评议'],
} as const;

const REPLIED_OR_RESOLVED = new Set(['已答复', '已办结']);

export const caseLedger = defineLedger({
  kind: 'case',
  label: { zh: '一事一表', en: 'Case form' },
  fields: {
    caseNo: field.text({
      label: { zh: '编号', en: 'Case no.' },
      synonyms: ['序号', '登记号', '案件编号', '表号'],
      required: true,
      maxLength: 50,
    }),
    receivedOn: field.date({
      label: { zh: '受理日期', en: 'Received on' },
      synonyms: ['登记日期', '反映日期', '来访日期', '日期'],
      required: true,
      notFuture: true,
    }),
    channel: field.enum({
      label: { zh: '反映渠道', en: 'Channel' },
      synonyms: ['渠道', '来源', '受理方式'],
      values: CHANNEL_SYNONYMS,
    }),
    reporterName: field.text({
      label: { zh: '反映人', en: 'Reporter' },
      synonyms: ['姓名', '反映人姓名', '来访人', '诉求人'],
      required: true,
      maxLength: 50,
    }),
    reporterPhone: field.phone({
      label: { zh: '联系电话', en: 'Phone' },
      synonyms: ['电话', '手机', '联系方式'],
    }),
    address: field.text({
      label: { zh: '地址', en: 'Address' },
      synonyms: ['住址', '家庭住址'],
    }),
    area: field.unit({
      label: { zh: '居民区', en: 'Residential area' },
      synonyms: ['居委会', '村', '所属居民区', '社区'],
      withinUnit: true,
    }),
    category: field.enum({
      label: { zh: '问题类别', en: 'Category' },
      synonyms: ['类别', '诉求类型', '问题类型'],
      values: CATEGORY_SYNONYMS,
    }),
    summary: field.text({
      label: { zh: '诉求内容', en: 'Request' },
      synonyms: ['反映内容', '问题描述', '主要内容', '情况'],
      required: true,
      maxLength: 2000,
    }),
    firstReceiver: field.text({
      label: { zh: '首问责任人', en: 'First receiver' },
      synonyms: ['接待人', '受理人', '首问人'],
      required: true,
      maxLength: 50,
    }),
    assignee: field.unit({
      label: { zh: '承办单位', en: 'Handling unit' },
      synonyms: ['承办部门', '责任单位', '办理单位'],
      assignable: true,
    }),
    dispatchedOn: field.date({
      label: { zh: '派单日期', en: 'Dispatched on' },
      synonyms: ['交办日期', '转办日期', '派发日期'],
      notFuture: true,
    }),
    handler: field.text({
      label: { zh: '承办人', en: 'Handler' },
      synonyms: ['经办人', '责任人', '具体承办人'],
      maxLength: 50,
    }),
    plan: field.text({
      label: { zh: '办理方案', en: 'Plan' },
      synonyms: ['处理方案', '解决方案', '办理计划'],
      maxLength: 2000,
    }),
    status: field.enum({
      label: { zh: '办理状态', en: 'Status' },
      synonyms: ['状态', '办理情况'],
      values: STATUS_SYNONYMS,
    }),
    repliedOn: field.date({
      label: { zh: '答复日期', en: 'Replied on' },
      synonyms: ['回复日期'],
      notFuture: true,
    }),
    resolvedOn: field.date({
      label: { zh: '办结日期', en: 'Resolved on' },
      synonyms: ['解决日期', '完成日期'],
      notFuture: true,
    }),
    result: field.text({
      label: { zh: '办理结果', en: 'Result' },
      synonyms: ['处理结果', '答复内容', '处理情况'],
      maxLength: 2000,
    }),
    signedOff: field.bool({
      label: { zh: '群众签字', en: 'Signed off' },
      synonyms: ['签字确认', '群众确认', '签字'],
    }),
    revisitOn: field.date({
      label: { zh: '回访日期', en: 'Revisited on' },
      synonyms: ['回访时间'],
      notFuture: true,
    }),
    satisfaction: field.enum({
      label: { zh: '满意度', en: 'Satisfaction' },
      synonyms: ['群众评价', '满意程度', '评价'],
      values: SATISFACTION_SYNONYMS,
      blankValue: '未评价',
    }),
    remarks: field.text({
      label: { zh: '备注', en: 'Remarks' },
      synonyms: ['说明'],
      maxLength: 500,
    }),
  },
  path: '/api/cases',
  filters: {
    level: { int: 'level', min: 0, max: 3 },
    status: { equals: 'status' },
    category: { equals: 'category' },
    channel: { equals: 'channel' },
    assignee: { equals: 'assignee_unit' },
    period: { within: 'received_on' },
    // Open past the resolution due date of its current round (the Worker's sweep keeps it).
    overdue: { named: 'overdue' },
  },
  storage: {
    table: 'cases',
    readFrom: 'case_rows',
    columns: {
      case_no: 'caseNo',
      received_on: 'receivedOn',
      channel: 'channel',
      reporter_name: 'reporterName',
      reporter_phone: 'reporterPhone',
      address: 'address',
      category: 'category',
      summary: 'summary',
      first_receiver: 'firstReceiver',
      assignee: 'assignee',
      dispatched_on: 'dispatchedOn',
      handler: 'handler',
      plan: 'plan',
      status: 'status',
      replied_on: 'repliedOn',
      resolved_on: 'resolvedOn',
      result: 'result',
      signed_off: 'signedOff',
      revisit_on: 'revisitOn',
      satisfaction: 'satisfaction',
      remarks: 'remarks',
    },
    fixed: { first_receiver: 'firstReceiver' },
    extras: {
      assignee_unit: 'assigneeUnit',
      // The level it was received at; the sweep keeps the current one beside it.
      received_level: 'level',
      reply_due: 'replyDue',
      resolution_due: 'resolutionDue',
      reopen_due: 'reopenDue',
      // Never computed per row: filled by the Worker, cleared when the dispatch date changes.
      dispatch_reply_due: 'dispatchReplyDue',
      dispatch_resolution_due: 'dispatchResolutionDue',
      extension_asked: 'extensionAsked',
      extension_reason: 'extensionReason',
      extension_days: 'extensionDays',
    },
    extrasFollow: [
      { column: 'received_on', extras: ['reply_due', 'resolution_due'] },
      // A sheet's new dispatch date is a new dispatch: the department's clock and any extension
      // of the old one go (docs/decisions/0010).
      {
        column: 'dispatched_on',
        extras: [
          'dispatch_reply_due',
          'dispatch_resolution_due',
          'extension_asked',
          'extension_reason',
          'extension_days',
        ],
      },
    ],
    extrasAlways: ['assignee_unit', 'reopen_due'],
    sortColumns: {
      receivedOn: 'received_on',
      level: 'level',
      status: 'status',
      resolutionDue: 'resolution_due',
      caseNo: 'case_no',
      updatedAt: 'updated_at',
    },
    defaultSort: '-receivedOn',
    textColumns: [
      'case_no',
      'summary',
      'reporter_name',
      'reporter_phone',
      'address',
      'result',
      'handler',
    ],
    personalColumns: ['reporter_name', 'reporter_phone', 'address'],
    freeTextColumns: ['summary', 'result'],
    nameColumn: 'reporter_name',
  },
  rules: [
    notBefore('repliedOn', 'receivedOn', 'DATE_BEFORE_RECEIVED'),
    notBefore('resolvedOn', 'receivedOn', 'DATE_BEFORE_RECEIVED'),
    notBefore('revisitOn', 'resolvedOn', 'REVISIT_BEFORE_RESOLUTION'),
    notBefore('dispatchedOn', 'receivedOn', 'DATE_BEFORE_RECEIVED'),
    {
      // A dispatch (派单) goes to someone: the date alone names no one to answer for it.
      field: 'dispatchedOn',
      code: 'DISPATCHED_WITHOUT_ASSIGNEE',
      reads: ['dispatchedOn', 'assignee'],
      holds: (r) => r.dispatchedOn === null || r.assignee !== null,
    },
    {
      field: 'resolvedOn',
      code: 'RESOLVED_WITHOUT_DATE',
      reads: ['status', 'resolvedOn'],
      holds: (r) => r.status !== '已办结' || r.resolvedOn !== null,
    },
    {
      // A closed case must say how it was settled: 事事有回应、件件有答复.
      field: 'result',
      code: 'RESOLVED_WITHOUT_RESULT',
      reads: ['status', 'result'],
      holds: (r) => r.status !== '已办结' || r.result !== null,
    },
    {
      field: 'satisfaction',
      code: 'RATED_BEFORE_REPLY',
      reads: ['satisfaction', 'status'],
      holds: (r) =>
        r.satisfaction === null ||
        r.satisfaction === '未评价' ||
        REPLIED_OR_RESOLVED.has(r.status ?? ''),
    },
    {
      field: 'signedOff',
      code: 'SIGNED_WITHOUT_RESOLUTION',
      reads: ['signedOff', 'resolvedOn'],
      holds: (r) => r.signedOff !== true || r.resolvedOn !== null,
    },
  ],
  identity: ['caseNo'],
  uniqueIdentity: true,
});

export type CaseRecord = RecordType<typeof caseLedger>;
