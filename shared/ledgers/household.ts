/** 民情档案 — the public-sentiment archive: one row per household (docs/rules.md, Ledgers). */
import { defineLedger, field, type RecordType } from './fields.ts';

export const HOUSEHOLD_TYPE_SYNONYMS = {
  普通户: ['一般户'],
  困难户: ['低保户', '低收入', '低收入户', '低保'],
  孤老: ['孤寡老人'],
  重残重病: ['重残', '重病', '残疾'],
  独居老人: ['独居'],
  离休干部: ['离休'],
  军烈属: ['烈属', '军属'],
  模范人物: ['劳模', '先进模范'],
  工商个体户: ['个体户', '工商户'],
} as const;

export const householdLedger = defineLedger({
  kind: 'household',
  label: { zh: '民情档案', en: 'Household archive' },
  fields: {
    householdNo: field.text({
      label: { zh: '户编号', en: 'Household no.' },
      synonyms: ['档案号', '编号', '户号'],
      required: true,
      maxLength: 50,
    }),
    area: field.unit({
      label: { zh: '居民区', en: 'Residential area' },
      synonyms: ['居委会', '村', '所属居民区', '社区'],
      withinUnit: true,
    }),
    address: field.text({
      label: { zh: '地址', en: 'Address' },
      synonyms: ['住址', '家庭住址'],
      required: true,
    }),
    headName: field.text({
      label: { zh: '户主姓名', en: 'Head of household' },
      synonyms: ['户主', '姓名'],
      required: true,
      maxLength: 50,
    }),
    phone: field.phone({ label: { zh: '联系电话', en: 'Phone' }, synonyms: ['电话', '手机'] }),
    members: field.int({
      label: { zh: '家庭人口', en: 'Members' },
      synonyms: ['人口', '人数', '家庭人数'],
      min: 1,
      max: 20,
    }),
    householdType: field.enum({
      label: { zh: '户类型', en: 'Household type' },
      synonyms: ['类别', '人员类别', '户别'],
      values: HOUSEHOLD_TYPE_SYNONYMS,
    }),
    needs: field.text({
      label: { zh: '主要困难与诉求', en: 'Needs' },
      synonyms: ['困难', '诉求', '需求', '主要困难'],
      maxLength: 2000,
    }),
    pairedCadre: field.text({
      label: { zh: '结对干部', en: 'Paired cadre' },
      synonyms: ['联系干部', '帮扶干部'],
      maxLength: 50,
    }),
    pairedSince: field.date({
      label: { zh: '结对日期', en: 'Paired since' },
      synonyms: ['结对时间'],
      notFuture: true,
    }),
    lastVisitOn: field.date({
      label: { zh: '最近走访日期', en: 'Last visited on' },
      synonyms: ['走访日期', '最近走访'],
      notFuture: true,
    }),
  },
  path: '/api/households',
  filters: {
    householdType: { equals: 'household_type' },
    pairedCadre: { equals: 'paired_cadre' },
  },
  storage: {
    table: 'households',
    columns: {
      household_no: 'householdNo',
      address: 'address',
      head_name: 'headName',
      phone: 'phone',
      members: 'members',
      household_type: 'householdType',
      needs: 'needs',
      paired_cadre: 'pairedCadre',
      paired_since: 'pairedSince',
      last_visit_on: 'lastVisitOn',
    },
    sortColumns: { householdNo: 'household_no', lastVisitOn: 'last_visit_on' },
    defaultSort: 'householdNo',
    textColumns: ['household_no', 'head_name', 'phone', 'address', 'needs', 'paired_cadre'],
    personalColumns: ['head_name', 'phone', 'address'],
    freeTextColumns: ['needs'],
    nameColumn: 'head_name',
  },
  rules: [],
  identity: ['householdNo'],
  uniqueIdentity: true,
});

export type HouseholdRecord = RecordType<typeof householdLedger>;
