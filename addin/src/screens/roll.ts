/**
 * The pane's 年度考核 screen (docs/decisions/0014): the district pulls a year's roll of units,
 * departments or cadres into its 年度考核 sheet (pulling again refreshes it), says which revision it
 * pulled, writes the explanation sheet of one figure (linked from the figure's cell), and — the
 * district admin — edits the year's weights and grades.
 */
import { ROLL_OF, type RollOf } from '../../../shared/assessment.ts';
import {
  EXPLAINED_FIGURES,
  type ExplainedFigure,
  FIGURE_LABELS,
} from '../../../shared/assessment-explain.ts';
import { chinaDateOf } from '../../../shared/calendar.ts';
import type { OrgTree } from '../../../shared/org.ts';
import { GRADE_PRESETS, type YearSettings } from '../../../shared/year-settings.ts';
import type { Workbook } from '../../excel/port.ts';
import { type RollSheetOptions, rollSheet, type SignedRoll } from '../../excel/roll.ts';
import { explanationPlan } from '../../excel/roll-explanation.ts';
import { api, exposeActions, pane, type Screen } from '../app.ts';
import { t } from '../strings.ts';
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

const OF_LABEL: Record<RollOf, string> = {
  units: '街道与居民区',
  departments: '职能部门',
  cadres: '干部',
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
  if (!roll.revision) return `${roll.year} 年未定稿：按现有记录计算`;
  const r = roll.revision;
  const open = roll.appeals?.length ? `；待答复申诉 ${roll.appeals.length} 件` : '';
  return `已拉取定稿第 ${r.revision} 版（${r.signedBy}，${r.signedAt.slice(0, 10)}${r.reason ? `；更正理由：${r.reason}` : ''}）${open}`;
}

/** Pulls the year's roll of `of` into 年度考核. */
export async function pullRoll(
  { year, of }: { year: number; of: RollOf },
  deps: RollScreenDeps = paneDeps(),
): Promise<void> {
  const user = deps.api.user;
  if (!user) throw new Error('请先登录');
  const [roll, { settings }] = await Promise.all([
    deps.api.assessment({ unit: user.unit, year, of }),
    deps.api.yearSettings(year),
  ]);
  const options = sheetOptions(deps, settings);
  await deps.workbook.writeReports([rollSheet(roll, options)]);
  pulled = { roll, options, settings };
  say(`${revisionText(roll)}；${roll.rows.length} 行已写入「年度考核」表`);
}

/** Writes the records behind one figure of the pulled roll (row `key`) on a sheet of its own. */
export async function explainFigure(
  key: string,
  figure: ExplainedFigure,
  deps: RollScreenDeps = paneDeps(),
): Promise<void> {
  if (!pulled) throw new Error('请先拉取年度考核');
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
  say(
    `「${sheet.name}」已写入：${explanation.cases.length + explanation.evaluations.length + explanation.periods.length} 条记录`,
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
  say(
    `${year} 年考核设置已保存：等次 ${saved.settings.grades.map((g) => `${g.label}≥${g.min}`).join('、')}`,
  );
}

function saveSettingsFromForm(deps: RollScreenDeps): Promise<void> {
  const number = (id: string) => {
    const text = fieldValue(id);
    const value = Number(text);
    if (text === '' || !Number.isFinite(value) || value < 0) {
      throw new Error('权重须为不小于 0 的数');
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
    h('legend', {}, '本年度考核设置（区管理员）'),
    labelled('答复率权重', input('roll-w-response', value(s?.weights.response, 0.1))),
    labelled('按期办结率权重', input('roll-w-ontime', value(s?.weights.onTime, 0.45))),
    labelled('满意率权重', input('roll-w-satisfaction', value(s?.weights.satisfaction, 0.45))),
    labelled(
      '总分中综合得分权重',
      input('roll-w-composite', value(s?.totalWeights.composite, 0.5)),
    ),
    labelled(
      '总分中测评得分权重',
      input('roll-w-evaluation', value(s?.totalWeights.evaluation, 0.5)),
    ),
    labelled(
      '等次',
      h(
        'select',
        { id: 'roll-grades' },
        ...Object.entries(GRADE_PRESETS).map(([name, labels]) =>
          h('option', { value: name, selected: name === preset }, `${labels.join('/')}`),
        ),
      ),
    ),
    button('保存设置', () => saveSettingsFromForm(deps), { id: 'roll-save-settings' }),
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
    labelled('考核年度', input('roll-year', deps.asOf.slice(0, 4))),
    labelled(
      '名单',
      h(
        'select',
        { id: 'roll-of' },
        ...ROLL_OF.map((of) =>
          h('option', { value: of, selected: pulled?.roll.of === of }, OF_LABEL[of]),
        ),
      ),
    ),
    button(
      '拉取年度考核',
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
          labelled('对象编码', input('roll-key', pulled.roll.rows[0]?.key ?? '')),
          labelled(
            '指标',
            h(
              'select',
              { id: 'roll-figure' },
              ...EXPLAINED_FIGURES.map((f) => h('option', { value: f }, FIGURE_LABELS[f])),
            ),
          ),
          button(
            '生成依据表',
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
