/** 满意度测评 — satisfaction evaluation: one row per rating of a unit or cadre (docs/rules.md, Ledgers). */
import { isBlank } from '../normalize.ts';
import { defineLedger, field, type RecordType } from './fields.ts';

export const SUBJECT_KIND_SYNONYMS = { 单位: ['部门', '街道'], 干部: ['个人'] } as const;
export const EVALUATOR_GROUP_SYNONYMS = {
  群众: ['居民', '群众代表'],
  社区干部: ['社区', '居委干部'],
  代表委员: ['人大代表', '政协委员', '两代表一委员'],
  第三方: ['第三方机构'],
  党委: [],
  政府: [],
  // Sub-districts rate the district's departments at year-end (条块互评).
  '街道/镇': ['街道', '镇', '街镇', '街道办事处'],
} as const;
export const OVERALL_SYNONYMS = {
  满意: ['非常满意', '很满意'],
  基本满意: ['比较满意', '一般'],
  不满意: ['很不满意', '非常不满意'],
} as const;
export const VETO_REASON_SYNONYMS = {
  重大信访事件: ['信访', '重大信访'],
  不作为: ['慢作为', '乱作为'],
  其他: [],
} as const;

export const evaluationLedger = defineLedger({
  kind: 'evaluation',
  label: { zh: '满意度测评', en: 'Satisfaction evaluation' },
  fields: {
    period: field.period({
      label: { zh: '测评期', en: 'Period' },
      synonyms: ['测评期间', '年度', '期间'],
      required: true,
    }),
    subjectKind: field.enum({
      label: { zh: '对象类型', en: 'Subject kind' },
      synonyms: ['类型'],
      values: SUBJECT_KIND_SYNONYMS,
      required: true,
    }),
    subject: field.text({
      label: { zh: '测评对象', en: 'Subject' },
      synonyms: ['被测评对象', '对象', '被测评单位'],
      required: true,
      maxLength: 50,
    }),
    evaluatorGroup: field.enum({
      label: { zh: '测评主体', en: 'Evaluator group' },
      synonyms: ['测评人类别', '评价主体'],
      values: EVALUATOR_GROUP_SYNONYMS,
      required: true,
    }),
    attendance: field.score({ label: { zh: '出勤情况', en: 'Attendance' }, synonyms: ['出勤'] }),
    spirit: field.score({ label: { zh: '精神状态', en: 'Spirit' } }),
    serviceAwareness: field.score({
      label: { zh: '为民服务意识', en: 'Service awareness' },
      synonyms: ['服务意识'],
    }),
    problemSolving: field.score({
      label: { zh: '处理问题能力', en: 'Problem solving' },
      synonyms: ['解决问题能力'],
    }),
    overall: field.enum({
      label: { zh: '总体评价', en: 'Overall' },
      synonyms: ['总评', '评价'],
      values: OVERALL_SYNONYMS,
    }),
    veto: field.bool({ label: { zh: '一票否决', en: 'Veto' }, synonyms: ['否决'] }),
    vetoReason: field.enum({
      label: { zh: '否决原因', en: 'Veto reason' },
      synonyms: ['一票否决原因', '否决事由'],
      values: VETO_REASON_SYNONYMS,
    }),
  },
  path: '/api/evaluations',
  filters: {
    period: { equals: 'eval_period' },
    subject: { equals: 'subject' },
    subjectKind: { equals: 'subject_kind' },
    evaluatorGroup: { equals: 'evaluator_group' },
  },
  storage: {
    table: 'evaluations',
    columns: {
      eval_period: 'period',
      subject_kind: 'subjectKind',
      subject: 'subject',
      evaluator_group: 'evaluatorGroup',
      attendance: 'attendance',
      spirit: 'spirit',
      service_awareness: 'serviceAwareness',
      problem_solving: 'problemSolving',
      overall: 'overall',
      veto: 'veto',
      veto_reason: 'vetoReason',
    },
    sortColumns: { period: 'eval_period', subject: 'subject' },
    defaultSort: 'subject',
    textColumns: ['subject'],
  },
  rules: [
    {
      field: 'vetoReason',
      code: 'VETO_WITHOUT_REASON',
      reads: ['veto', 'vetoReason'],
      holds: (r) => r.veto !== true || r.vetoReason !== null,
    },
    {
      field: 'overall',
      code: 'NO_RATING',
      reads: ['overall', 'attendance', 'spirit', 'serviceAwareness', 'problemSolving'],
      holds: (r) =>
        r.overall !== null ||
        [r.attendance, r.spirit, r.serviceAwareness, r.problemSolving].some((s) => s !== null),
    },
  ],
  // Many people of one group rate the same subject: each row is its own rating.
  identity: ['period', 'subjectKind', 'subject', 'evaluatorGroup'],
  uniqueIdentity: false,
  prepare(raw) {
    // 一票否决 is often written with its reason: 是（不作为）.
    const veto =
      typeof raw.veto === 'string' ? /^(.+?)\s*[（(]\s*(.+?)\s*[)）]\s*$/.exec(raw.veto) : null;
    if (!veto || !isBlank(raw.vetoReason)) return raw;
    return { ...raw, veto: veto[1], vetoReason: veto[2] };
  },
  resolve(record, org) {
    // A unit is rated under its code, whichever way its name was written.
    if (record.subjectKind !== '单位') return [];
    const unit = org.find(record.subject);
    if (!unit)
      return [{ field: 'subject', code: 'UNKNOWN_UNIT', params: { value: record.subject } }];
    record.subject = unit.code;
    return [];
  },
});

export type EvaluationRecord = RecordType<typeof evaluationLedger>;
