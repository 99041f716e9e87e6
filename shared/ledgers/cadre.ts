/**
 * 干部名册 — the cadre register: one row per cadre (docs/rules.md, "Visits and the year-end roll"). It names the people the year-end
 * roll assesses; cases, visits and households name cadres, and the register resolves those names.
 */
import { defineLedger, field, type RecordType } from './fields.ts';
import { RANK_SYNONYMS } from './visit.ts';

export const cadreLedger = defineLedger({
  kind: 'cadre',
  label: { zh: '干部名册', en: 'Cadre register' },
  fields: {
    cadreNo: field.text({
      label: { zh: '编号', en: 'Cadre no.' },
      synonyms: ['工号', '干部编号', '序号'],
      required: true,
      maxLength: 50,
    }),
    name: field.text({
      label: { zh: '姓名', en: 'Name' },
      synonyms: ['干部姓名'],
      required: true,
      maxLength: 50,
    }),
    // The cadre's own unit: the district, a sub-district, or one of the district's departments.
    unit: field.unit({
      label: { zh: '所在单位', en: 'Unit' },
      synonyms: ['单位', '工作单位'],
      assignable: true,
    }),
    post: field.text({
      label: { zh: '职务', en: 'Post' },
      synonyms: ['现任职务'],
      maxLength: 100,
    }),
    rank: field.enum({
      label: { zh: '职级', en: 'Rank' },
      synonyms: ['级别'],
      values: RANK_SYNONYMS,
    }),
    contactArea: field.unit({
      label: { zh: '联系点', en: 'Contact area' },
      synonyms: ['定点联系居民区', '联系居民区', '联系社区'],
      withinUnit: true,
    }),
  },
  path: '/api/cadres',
  filters: {
    name: { equals: 'name' },
    rank: { equals: 'rank' },
    cadreUnit: { equals: 'cadre_unit' },
    contactArea: { equals: 'contact_area' },
  },
  storage: {
    table: 'cadres',
    columns: {
      cadre_no: 'cadreNo',
      name: 'name',
      cadre_unit: 'unit',
      post: 'post',
      rank: 'rank',
      contact_area: 'contactArea',
    },
    sortColumns: { cadreNo: 'cadre_no', name: 'name', rank: 'rank' },
    defaultSort: 'cadreNo',
    textColumns: ['cadre_no', 'name', 'post'],
  },
  rules: [],
  identity: ['cadreNo'],
  uniqueIdentity: true,
});

export type CadreRecord = RecordType<typeof cadreLedger>;
