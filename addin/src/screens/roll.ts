/**
 * The pane's 年度考核 screen (docs/decisions/0014): the district pulls a year's roll of units,
 * departments or cadres into its 年度考核 sheet (pulling again refreshes it), says which revision it
 * pulled, writes the explanation sheet of one figure (linked from the figure's cell), and — the
 * district admin — edits the year's weights and grades.
 */
import { ROLL_OF, type RollOf } from '../../../shared/assessment.ts';
import { EXPLAINED_FIGURES, type ExplainedFigure } from '../../../shared/assessment-explain.ts';
import { chinaDateOf } from '../../../shared/calendar.ts';
import type { OrgTree } from '../../../shared/org.ts';
import { GRADE_PRESETS, type YearSettings } from '../../../shared/year-settings.ts';
import type { Workbook } from '../../excel/port.ts';
import { type RollSheetOptions, rollSheet, type SignedRoll } from '../../excel/roll.ts';
import { explanationPlan } from '../../excel/roll-explanation.ts';
import { api, exposeActions, pane, type Screen } from '../app.ts';
import { type StringKey, t } from '../strings.ts';
import { button, fieldValue, h, nativeInput as input, labelled, notes } from '../ui.ts';

/** What the screen reads of the pane: the server, the workbook, the organisation and the day. */
interface RollScreenDeps {
  api: typeof api;
  workbook: Workbook;
  org: OrgTree;
  asOf: string;
}
const paneDeps = (): RollScreenDeps => ({
  api,
  workbook: pane.workbook,
  org: pane.org,
  asOf: pane.asOf,
});

const OF_LABEL: Record<RollOf, StringKey> = {
  units: 'rollOfUnits',
  departments: 'rollOfDepartments',
  cadres: 'rollOfCadres',
};

/** The figures' names in the pane's language (the sheets keep FIGURE_LABELS, the field's words). */
const FIGURE_NAME: Record<ExplainedFigure, StringKey> = {
  responseRate: 'figureResponseRate',
  onTimeResolutionRate: 'figureOnTimeResolutionRate',
  closureRate: 'figureClosureRate',
  satisfactionRate: 'figureSatisfactionRate',
  evaluationScore: 'figureEvaluationScore',
  coverage: 'figureCoverage',
  contactDayAttendance: 'figureContactDayAttendance',
};

/** What the screen last pulled: the roll on the sheet and how it was laid out. */
let pulled: { roll: SignedRoll; options: RollSheetOptions; settings: YearSettings } | null = null;

function sheetOptions(deps: RollScreenDeps, settings: YearSettings): RollSheetOptions {
  const user = deps.api.user!;
  const district = deps.org.districtOf(user.unit);
  return {
    districtName: district?.name ?? user.unitName,
    today: chinaDateOf(Date.now()),
    grades: settings.grades.map((g) => g.label),
    unitNames: new Map(deps.org.units.map((u) => [u.code, u.name])),
  };
}

/** Which revision the pane pulled, in words. */
export function revisionText(roll: SignedRoll): string {
  if (!roll.revision) return t('rollNotFinal', { year: roll.year });
  const r = roll.revision;
  return t('rollFinal', {
    revision: r.revision,
    signedBy: r.signedBy,
    signedOn: r.signedAt.slice(0, 10),
    correction: r.reason ? t('rollCorrection', { reason: r.reason }) : '',
    appeals: roll.appeals?.length ? t('rollOpenAppeals', { count: roll.appeals.length }) : '',
  });
}

/** Pulls the year's roll of `of` into 年度考核. */
export async function pullRoll(
  { year, of }: { year: number; of: RollOf },
  deps: RollScreenDeps = paneDeps(),
): Promise<void> {
  const user = deps.api.user;
  if (!user) throw new Error(t('signInFirst'));
  const [roll, { settings }] = await Promise.all([
    deps.api.assessment({ unit: user.unit, year, of }),
    deps.api.yearSettings(year),
  ]);
  const options = sheetOptions(deps, settings);
  await deps.workbook.writeReports([rollSheet(roll, options)]);
  pulled = { roll, options, settings };
  say(t('rollPulled', { revision: revisionText(roll), rows: roll.rows.length }));
}

/** Writes the records behind one figure of the pulled roll (row `key`) on a sheet of its own. */
export async function explainFigure(
  key: string,
  figure: ExplainedFigure,
  deps: RollScreenDeps = paneDeps(),
): Promise<void> {
  if (!pulled) throw new Error(t('rollPullFirst'));
  const { roll, options } = pulled;
  const explanation = await deps.api.explain({
    key,
    year: String(roll.year),
    figure,
    unit: roll.unit,
  });
  const { sheet, link } = explanationPlan(explanation, roll, options);
  await deps.workbook.writeReports([sheet]);
  if (link) await deps.workbook.linkCell(link.sheet, link.address, sheet.name, link.tip);
  const { cases, evaluations, periods } = explanation;
  say(
    t('rollExplained', {
      sheet: sheet.name,
      count: cases.length + evaluations.length + periods.length,
    }),
  );
}

type SettingsInput = Parameters<typeof api.saveYearSettings>[1];

/** Saves the year's weights and grade preset (district admin). */
export async function saveSettings(
  year: number,
  settings: SettingsInput,
  deps: RollScreenDeps = paneDeps(),
): Promise<void> {
  const saved = await deps.api.saveYearSettings(year, settings);
  if (pulled) pulled.settings = saved.settings;
  const grades = saved.settings.grades.map((g) => `${g.label}≥${g.min}`);
  say(t('rollSettingsSaved', { year, grades: grades.join(t('listSeparator')) }));
}

function saveSettingsFromForm(deps: RollScreenDeps): Promise<void> {
  const number = (id: string) => {
    const text = fieldValue(id);
    const value = Number(text);
    if (text === '' || !Number.isFinite(value) || value < 0) {
      throw new Error(t('rollWeightInvalid'));
    }
    return value;
  };
  return saveSettings(
    Number(fieldValue('roll-year')),
    {
      weights: {
        response: number('roll-w-response'),
        onTime: number('roll-w-ontime'),
        satisfaction: number('roll-w-satisfaction'),
      },
      totalWeights: {
        composite: number('roll-w-composite'),
        evaluation: number('roll-w-evaluation'),
      },
      gradePreset: fieldValue('roll-grades') as keyof typeof GRADE_PRESETS,
    },
    deps,
  );
}

function isDistrictAdmin(deps: RollScreenDeps): boolean {
  const user = deps.api.user;
  return !!user?.roles.includes('admin') && deps.org.get(user.unit)?.kind === 'district';
}

function settingsForm(deps: RollScreenDeps): HTMLElement {
  const s = pulled?.settings;
  const value = (v: number | undefined, fallback: number) => String(v ?? fallback);
  const preset = s && s.grades[1]?.label === '称职' ? '公务员' : '默认';
  return h(
    'fieldset',
    { id: 'roll-settings' },
    h('legend', {}, t('rollSettingsLegend')),
    labelled(t('rollWeightResponse'), input('roll-w-response', value(s?.weights.response, 0.1))),
    labelled(t('rollWeightOnTime'), input('roll-w-ontime', value(s?.weights.onTime, 0.45))),
    labelled(
      t('rollWeightSatisfaction'),
      input('roll-w-satisfaction', value(s?.weights.satisfaction, 0.45)),
    ),
    labelled(
      t('rollWeightComposite'),
      input('roll-w-composite', value(s?.totalWeights.composite, 0.5)),
    ),
    labelled(
      t('rollWeightEvaluation'),
      input('roll-w-evaluation', value(s?.totalWeights.evaluation, 0.5)),
    ),
    labelled(
      t('rollGrades'),
      h(
        'select',
        { id: 'roll-grades' },
        ...Object.entries(GRADE_PRESETS).map(([name, labels]) =>
          h('option', { value: name, selected: name === preset }, `${labels.join('/')}`),
        ),
      ),
    ),
    button(t('rollSaveSettings'), () => saveSettingsFromForm(deps), { id: 'roll-save-settings' }),
  );
}

const say = (message: string) => {
  notes.message = message;
};

/** The screen. */
function rollPanel(deps: RollScreenDeps): HTMLElement {
  return h(
    'section',
    {},
    labelled(t('rollYear'), input('roll-year', deps.asOf.slice(0, 4))),
    labelled(
      t('rollOf'),
      h(
        'select',
        { id: 'roll-of' },
        ...ROLL_OF.map((of) =>
          h('option', { value: of, selected: pulled?.roll.of === of }, t(OF_LABEL[of])),
        ),
      ),
    ),
    button(
      t('rollPull'),
      () =>
        pullRoll(
          { year: Number(fieldValue('roll-year')), of: fieldValue('roll-of') as RollOf },
          deps,
        ),
      { id: 'roll-pull', primary: true },
    ),
    pulled ? h('p', { id: 'roll-revision' }, revisionText(pulled.roll)) : null,
    pulled
      ? h(
          'div',
          { class: 'row' },
          labelled(t('rollKey'), input('roll-key', pulled.roll.rows[0]?.key ?? '')),
          labelled(
            t('rollFigure'),
            h(
              'select',
              { id: 'roll-figure' },
              ...EXPLAINED_FIGURES.map((f) => h('option', { value: f }, t(FIGURE_NAME[f]))),
            ),
          ),
          button(
            t('rollExplain'),
            () =>
              explainFigure(
                fieldValue('roll-key'),
                fieldValue('roll-figure') as ExplainedFigure,
                deps,
              ),
            { id: 'roll-explain' },
          ),
        )
      : null,
    isDistrictAdmin(deps) ? settingsForm(deps) : null,
  );
}

export const rollScreen: Screen = {
  id: 'roll',
  tab: () => t('tabRoll'),
  view: () => rollPanel(paneDeps()),
};

exposeActions({ pullRoll, explainFigure, saveSettings });
