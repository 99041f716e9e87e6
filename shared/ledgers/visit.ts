/** 民情日记 — the visit diary: one row per visit of a cadre (docs/rules.md, Ledgers). */
import { defineLedger, field, type RecordType } from './fields.ts';

export const RANK_SYNONYMS = {
  局级: ['正局', '副局', '局级干部'],
  处级: ['正处', '副处', '处级干部'],
  科级: ['正科', '副科', '科级干部'],
  其他: ['科员', '一般干部'],
} as const;

export const VISIT_TYPE_SYNONYMS = {
  定点联系日: ['联系日'],
  政策宣讲: ['宣讲'],
  解决问题: [],
  帮困带富: [],
  群众评议: [],
  走访两委班子: ['两委班子'],
  走访帮困对象: ['帮困对象'],
  走访模范人物: ['模范人物'],
  走访工商户: ['工商户'],
  梳理民生政策: ['民生政策'],
} as const;

export const visitLedger = defineLedger({
  kind: 'visit',
  label: { zh: '民情日记', en: 'Visit diary' },
  fields: {
    visitOn: field.date({
      label: { zh: '走访日期', en: 'Visited on' },
      synonyms: ['日期', '走访时间'],
      required: true,
      notFuture: true,
    }),
    cadre: field.text({
      label: { zh: '走访干部', en: 'Cadre' },
      synonyms: ['干部', '干部姓名', '走访人'],
      required: true,
      maxLength: 50,
    }),
    rank: field.enum({
      label: { zh: '职级', en: 'Rank' },
      synonyms: ['级别', '干部职级'],
      values: RANK_SYNONYMS,
    }),
    area: field.unit({
      label: { zh: '居民区', en: 'Residential area' },
      synonyms: ['居委会', '村', '所属居民区', '社区'],
      withinUnit: true,
    }),
    target: field.text({
      label: { zh: '走访对象', en: 'Visited' },
      synonyms: ['对象', '走访户'],
      maxLength: 100,
    }),
    visitType: field.enum({
      label: { zh: '走访类型', en: 'Visit type' },
      synonyms: ['类型', '走访方式'],
      values: VISIT_TYPE_SYNONYMS,
    }),
    content: field.text({
      label: { zh: '走访内容', en: 'Content' },
      synonyms: ['内容', '走访情况', '民情记录'],
      required: true,
      maxLength: 2000,
    }),
    caseNos: field.list({
      label: { zh: '收集问题编号', en: 'Cases raised' },
      synonyms: ['问题编号', '收集问题', '一事一表编号'],
    }),
    signed: field.bool({
      label: { zh: '群众签字', en: 'Signed' },
      synonyms: ['签字', '签字确认'],
    }),
  },
  path: '/api/visits',
  filters: {
    cadre: { equals: 'cadre' },
    visitType: { equals: 'visit_type' },
    period: { within: 'visit_on' },
  },
  storage: {
    table: 'visits',
    columns: {
      visit_on: 'visitOn',
      cadre: 'cadre',
      rank: 'rank',
      target: 'target',
      visit_type: 'visitType',
      content: 'content',
      case_nos: 'caseNos',
      signed: 'signed',
    },
    jsonColumns: ['case_nos'],
    sortColumns: { visitOn: 'visit_on', cadre: 'cadre' },
    defaultSort: '-visitOn',
    textColumns: ['cadre', 'target', 'content'],
  },
  rules: [],
  // A cadre may visit the same household twice on one day; each row is its own visit.
  identity: ['visitOn', 'cadre', 'target'],
  uniqueIdentity: false,
});

export type VisitRecord = RecordType<typeof visitLedger>;
