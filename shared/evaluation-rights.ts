/**
 * Who may submit whose ratings (满意度测评, docs/rules.md): the rule binds the unit that organises
 * and submits the sheet, not the raters. A unit rates what lies below it — the district anyone,
 * a sub-district its own areas and the cadres working in them — never itself or a sibling. Two
 * exceptions from the sources: a sub-district rates the district's functional departments with
 * the 街道/镇 group at year-end (条块互评), and a residential area submits its residents' 群众
 * ratings of the cadres whose contact area (联系点) it is. A veto (一票否决) is the district's alone.
 */
import { defineMessages, type Locale, message } from './i18n.ts';
import { evaluationLedger } from './ledgers/evaluation.ts';
import type { RowIssue } from './ledgers/validate.ts';
import type { OrgTree } from './org.ts';

defineMessages({
  RATING_UNIT_NOT_BELOW: {
    zh: '「{field}」的「{value}」不在填报单位{unit}之下：只能测评下属单位（区可测评所有单位）；街道/镇以测评主体“街道/镇”测评区职能部门（条块互评）',
    en: '"{field}": "{value}" is not under the submitting unit {unit}; rate only units below it (the district any unit); a sub-district rates district departments with the evaluator group 街道/镇 (条块互评)',
  },
  RATING_CADRE_NOT_BELOW: {
    zh: '「{field}」的干部「{value}」不在填报单位{unit}的辖区工作：街道/镇只能测评在其居民区工作的干部，居民区只能以测评主体“群众”测评联系本居民区的干部（区可测评所有干部）',
    en: '"{field}": cadre "{value}" does not work under the submitting unit {unit}; a sub-district rates the cadres working in its areas, a residential area only its contact cadres with the evaluator group 群众 (the district any cadre)',
  },
  VETO_DISTRICT_ONLY: {
    zh: '「{field}」只能由区作出：请删去本行的一票否决，由区办公室决定',
    en: '"{field}" is the district\'s decision alone; remove the veto from this row (the district office decides it)',
  },
});

/** The fields of a rating the rule reads (a canonical evaluation record: units by code). */
export interface RatingToCheck {
  row: number;
  subjectKind: string;
  subject: string;
  evaluatorGroup: string;
  veto?: boolean | null;
}

export interface EvaluationRightsContext {
  org: OrgTree;
  /** Code of the unit submitting the sheet. */
  submitter: string;
  /** The residential areas a cadre works in: their contact area(s). */
  areasOf(cadre: string): readonly string[];
  locale?: Locale;
}

/** Whether the submitting unit may submit this rating's subject under its evaluator group. */
function maySubmit(rating: RatingToCheck, context: EvaluationRightsContext): boolean {
  const { org, submitter } = context;
  const own = org.get(submitter);
  if (!own) return false;
  if (rating.subjectKind === '单位') {
    const subject = org.get(rating.subject);
    if (!subject) return true; // an unknown unit is the ledger's own error (UNKNOWN_UNIT)
    if (subject.code !== own.code && org.isWithin(subject.code, own.code)) return true;
    // 条块互评: the sub-districts rate the departments.
    return (
      own.kind === 'subdistrict' &&
      subject.kind === 'department' &&
      rating.evaluatorGroup === '街道/镇'
    );
  }
  const areas = context.areasOf(rating.subject);
  if (own.kind === 'district') return true;
  if (own.kind === 'subdistrict') return areas.some((area) => org.isWithin(area, own.code));
  // Residents rate the cadres of their contact area (联系点).
  return own.kind === 'residential' && rating.evaluatorGroup === '群众' && areas.includes(own.code);
}

/**
 * The ratings a unit may not submit, one issue per row and field (`subject`, `veto`), with the
 * message saying what is allowed. Empty when the whole sheet may be submitted.
 */
export function evaluationRightsIssues(
  ratings: readonly RatingToCheck[],
  context: EvaluationRightsContext,
): RowIssue[] {
  const locale = context.locale ?? 'zh';
  const own = context.org.get(context.submitter);
  const unit = own?.name ?? context.submitter;
  const issues: RowIssue[] = [];
  const issue = (row: number, field: 'subject' | 'veto', code: string, value: string) =>
    issues.push({
      row,
      field,
      code,
      message: message(
        code,
        { field: evaluationLedger.fields.find((f) => f.key === field)!.label[locale], value, unit },
        locale,
      ),
    });
  for (const rating of ratings) {
    if (!maySubmit(rating, context)) {
      const code =
        rating.subjectKind === '单位' ? 'RATING_UNIT_NOT_BELOW' : 'RATING_CADRE_NOT_BELOW';
      const shown =
        rating.subjectKind === '单位' ? context.org.get(rating.subject)?.name : undefined;
      issue(rating.row, 'subject', code, shown ?? rating.subject);
    }
    if (rating.veto === true && own?.kind !== 'district') {
      issue(rating.row, 'veto', 'VETO_DISTRICT_ONLY', '是');
    }
  }
  return issues;
}
